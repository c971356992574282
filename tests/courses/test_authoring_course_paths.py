"""A trainer always knows which course an item belongs to: drop-downs, lists and breadcrumbs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import ContentBlock, Lesson, Module, Step
from quizzes.models import Question, Quiz
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_courses(db):
    import tests.quizzes.factories  # noqa: F401 - registers the "quiz" step kind

    first = CourseBuilder.build(modules=[["lesson", "quiz"]], title="Våld i nära relationer")
    second = CourseBuilder.build(modules=[["lesson", "quiz"]], title="Hedersrelaterat våld")
    return first, second


def test_module_and_step_drop_downs_name_the_course(client, trainer, two_courses):
    first, second = two_courses
    client.force_login(trainer)
    lesson = Lesson.objects.get(module__course=first)
    html = client.get(reverse("admin:courses_lesson_change", args=[lesson.pk])).content.decode()
    assert "Våld i nära relationer › Modul 1</option>" in html
    assert "Hedersrelaterat våld › Modul 1</option>" in html

    quiz = Quiz.objects.get(module__course=first)
    question = Question.objects.filter(quiz=quiz).first().get_real_instance()
    url = reverse(f"admin:quizzes_{question._meta.model_name}_change", args=[question.pk])
    html = client.get(url).content.decode()
    # Both courses have a "Kunskapskontroll 1": the course tells them apart.
    assert "Våld i nära relationer › Modul 1 › Kunskapskontroll 1</option>" in html
    assert "Hedersrelaterat våld › Modul 1 › Kunskapskontroll 1</option>" in html

    block = ContentBlock.objects.filter(lesson=lesson).first()
    url = reverse(
        f"admin:courses_{block.get_real_instance_class()._meta.model_name}_change",
        args=[block.pk],
    )
    assert (
        "Hedersrelaterat våld › Modul 1 › Lektion 1.1</option>" in client.get(url).content.decode()
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_drop_downs_cost_no_query_per_option(client, trainer, two_courses):
    first, _second = two_courses
    client.force_login(trainer)
    lesson = Lesson.objects.get(module__course=first)
    quiz = Quiz.objects.get(module__course=first)
    question = Question.objects.filter(quiz=quiz).first().get_real_instance()
    urls = [
        reverse("admin:courses_lesson_change", args=[lesson.pk]),
        reverse(f"admin:quizzes_{question._meta.model_name}_change", args=[question.pk]),
        reverse("admin:courses_step_changelist"),
        reverse("admin:quizzes_question_changelist"),
    ]
    before = [_queries(client, url) for url in urls]
    for _ in range(3):
        CourseBuilder.build(modules=[["lesson", "quiz"], ["lesson"]])
    assert [_queries(client, url) for url in urls] == before


def test_lists_show_where_each_item_lives(client, trainer, two_courses):
    client.force_login(trainer)
    html = client.get(reverse("admin:courses_step_changelist")).content.decode()
    assert "Hedersrelaterat våld › Modul 1" in html
    html = client.get(reverse("admin:quizzes_question_changelist")).content.decode()
    assert "Våld i nära relationer › Modul 1 › Kunskapskontroll 1" in html


def test_breadcrumbs_lead_back_to_the_course(client, trainer, two_courses):
    course, _other = two_courses
    client.force_login(trainer)
    course_url = reverse("admin:courses_course_change", args=[course.pk])
    module = Module.objects.get(course=course)
    lesson = Lesson.objects.get(module=module)
    quiz = Quiz.objects.get(module=module)
    block = ContentBlock.objects.filter(lesson=lesson).first()
    question = Question.objects.filter(quiz=quiz).first().get_real_instance()
    pages = [
        reverse("admin:courses_module_change", args=[module.pk]),
        reverse("admin:courses_step_add") + f"?module={module.pk}",
        reverse("admin:courses_lesson_change", args=[lesson.pk]),
        reverse("admin:courses_contentblock_add") + f"?lesson={lesson.pk}",
        reverse(
            f"admin:courses_{block.get_real_instance_class()._meta.model_name}_change",
            args=[block.pk],
        ),
        reverse("admin:quizzes_quiz_change", args=[quiz.pk]),
        reverse("admin:quizzes_question_add") + f"?quiz={quiz.pk}",
        reverse(f"admin:quizzes_{question._meta.model_name}_change", args=[question.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        crumbs = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
        assert f'<a href="{course_url}">Våld i nära relationer</a>' in crumbs, url
    html = client.get(reverse("admin:quizzes_question_add") + f"?quiz={quiz.pk}").content.decode()
    crumbs = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    module_url = reverse("admin:courses_module_change", args=[module.pk])
    quiz_url = reverse("admin:quizzes_quiz_change", args=[quiz.pk])
    assert f'<a href="{module_url}">Modul 1</a>' in crumbs
    assert f'<a href="{quiz_url}">Kunskapskontroll 1</a>' in crumbs


def test_choosing_a_block_type_says_what_is_chosen_and_what_the_button_does(
    client, trainer, two_courses
):
    lesson = Lesson.objects.get(module__course=two_courses[0])
    client.force_login(trainer)
    url = reverse("admin:courses_contentblock_add") + f"?lesson={lesson.pk}"
    html = client.get(url).content.decode()
    assert "<h1>Lägg till innehållsblock: välj typ</h1>" in html
    assert 'value="Fortsätt till blockets formulär"' in html
    assert 'value="Spara"' not in html
    # Choosing a type leads on to that type's form for the same lesson.
    text_block = next(ct for ct, label in _type_choices(html) if label == "Textblock")
    response = client.post(url, {"ct_id": text_block})
    assert response.status_code == 302
    assert f"ct_id={text_block}" in response["Location"]
    assert f"lesson={lesson.pk}" in response["Location"]


def _type_choices(html: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r'value="(\d+)"[^>]*>\s*([^<]+?)\s*</label>', html)


def test_the_course_page_is_the_trainers_home(client, trainer, two_courses):
    course, _other = two_courses
    client.force_login(trainer)
    html = client.get(reverse("admin:courses_course_change", args=[course.pk])).content.decode()
    home = html.split('class="course-home', 1)[1].split("</section>", 1)[0]
    assert "Utkast" in home
    assert reverse("courses:preview-course", args=[course.slug]) in home
    assert reverse("admin:courses_course_publish", args=[course.pk]) in home
    for step in Step.objects.filter(module__course=course):
        real = step.get_real_instance_class()._meta
        assert reverse(f"admin:{real.app_label}_{real.model_name}_change", args=[step.pk]) in home
