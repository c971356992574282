"""Publishing checks the course, refuses with every problem named, and increments the version."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from courses.models import (
    Course,
    ImageBlock,
    Lesson,
    Module,
    TextBlock,
    VideoBlock,
)
from courses.publishing import CourseNotPublishable, course_publish, course_publish_problems
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n"


def _problems(course) -> list[str]:
    return [str(p) for p in course_publish_problems(course=course)]


def test_a_complete_course_is_published_and_its_version_incremented():
    course = CourseBuilder.build(modules=[["lesson", "lesson"], ["lesson"]])
    assert course.status == "draft" and course.version == 1
    course = course_publish(course=course)
    assert course.status == "published" and course.version == 2
    course = course_publish(course=course)
    assert Course.objects.get(pk=course.pk).version == 3


def test_a_module_without_steps_is_refused():
    course = CourseBuilder.build(modules=[["lesson"], []])
    with pytest.raises(CourseNotPublishable) as refused:
        course_publish(course=course)
    assert any("Modul 2" in str(p) and "inga steg" in str(p) for p in refused.value.problems)
    course.refresh_from_db()
    assert course.status == "draft" and course.version == 1


def test_a_module_whose_steps_are_all_archived_is_refused():
    course = CourseBuilder.build(modules=[["lesson"], ["lesson"]])
    Lesson.objects.filter(module__position=1, module__course=course).update(is_archived=True)
    assert any("inga steg" in p for p in _problems(course))


def test_a_course_without_modules_is_refused():
    course = CourseBuilder.build(modules=[])
    assert any("inga moduler" in p for p in _problems(course))


def test_an_empty_lesson_is_refused():
    course = CourseBuilder.build(modules=[["lesson"]])
    Lesson.objects.get(module__course=course).blocks.all().delete()
    assert any("inget innehåll" in p for p in _problems(course))


def test_an_image_without_alt_text_is_refused():
    course = CourseBuilder.build(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    ImageBlock.objects.create(
        lesson=lesson, position=9, image=ContentFile(PNG, name="a.png"), alt="   "
    )
    problems = _problems(course)
    assert any("alternativtext" in p and "Lektion 1.1" in p for p in problems)


def test_a_video_without_captions_is_refused():
    course = CourseBuilder.build(modules=[["lesson"]])
    lesson = Lesson.objects.get(module__course=course)
    video = VideoBlock.objects.create(
        lesson=lesson,
        position=9,
        title="Film",
        url="https://example.org/film.mp4",
        captions=ContentFile(VTT, name="film.vtt"),
    )
    assert _problems(course) == []
    # The database refuses an empty captions value; a file gone from storage is the real case.
    VideoBlock.objects.filter(pk=video.pk).update(captions="x")
    video.refresh_from_db()
    video.captions = ""
    assert video.publish_problems() and "undertexter" in video.publish_problems()[0]


def test_every_problem_is_listed_at_once():
    course = CourseBuilder.build(modules=[["lesson"], []])
    lesson = Lesson.objects.get(module__course=course)
    lesson.blocks.all().delete()
    ImageBlock.objects.create(
        lesson=lesson, position=1, image=ContentFile(PNG, name="a.png"), alt=" "
    )
    problems = _problems(course)
    assert len(problems) == 2  # the empty module and the image without alt text
    assert any("inga steg" in p for p in problems) and any("alternativtext" in p for p in problems)


def test_publish_page_lists_problems_and_refuses(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"], []])
    client.force_login(trainer)
    url = reverse("admin:courses_course_publish", args=[course.pk])
    page = client.get(url).content.decode()
    assert "kan inte publiceras" in page and "Modul 2" in page and "modulen har inga steg" in page
    response = client.post(url)
    assert response.status_code == 400
    course.refresh_from_db()
    assert course.status == "draft"


def test_publish_page_publishes_a_ready_course(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]])
    client.force_login(trainer)
    response = client.post(reverse("admin:courses_course_publish", args=[course.pk]))
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.status == "published" and course.version == 2


def test_learners_see_published_courses_only(client, learner):
    draft = CourseBuilder.build(modules=[["lesson"]], title="Utkastkursen")
    published = CourseBuilder.published(modules=[["lesson"]], title="Publicerad kurs")
    archived = CourseBuilder.build(modules=[["lesson"]], status="archived", title="Arkivkursen")
    client.force_login(learner)
    html = client.get("/").content.decode()
    assert "Publicerad kurs" in html and "Utkastkursen" not in html and "Arkivkursen" not in html
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(archived.get_absolute_url()).status_code == 404
    assert client.get(published.get_absolute_url()).status_code == 200


def test_moving_a_step_up_renumbers_positions(client, trainer):
    course = CourseBuilder.build(modules=[["lesson", "lesson", "lesson"]])
    module = Module.objects.get(course=course)
    steps = list(module.steps.order_by("position"))
    client.force_login(trainer)
    client.post(
        reverse("admin:courses_step_changelist"),
        {"action": "move_up", "_selected_action": [steps[2].pk]},
    )
    assert list(module.steps.order_by("position").values_list("pk", flat=True)) == [
        steps[0].pk,
        steps[2].pk,
        steps[1].pk,
    ]


def test_text_block_markup_outside_the_allow_list_is_refused_when_saved(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"]])
    block = TextBlock.objects.filter(lesson__module__course=course).first()
    client.force_login(trainer)
    url = reverse("admin:courses_textblock_change", args=[block.pk])
    response = client.post(
        url, {"lesson": block.lesson_id, "position": 0, "body": "Hej <script>alert(1)</script>"}
    )
    assert response.status_code == 200
    assert "inte är tillåten" in response.content.decode()
    block.refresh_from_db()
    assert "script" not in block.body


def test_each_problem_links_to_the_page_where_it_is_fixed(client, trainer):
    course = CourseBuilder.build(modules=[["lesson"], []])
    empty = Module.objects.get(course=course, position=1)
    client.force_login(trainer)
    html = client.get(reverse("admin:courses_course_publish", args=[course.pk])).content.decode()
    assert f'href="{reverse("admin:courses_module_change", args=[empty.pk])}"' in html
