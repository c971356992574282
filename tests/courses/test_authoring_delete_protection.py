"""What learners have completed or answered can be archived, never deleted; the admin says why."""

import pytest
from django.urls import reverse

from courses.models import (
    ContentBlock,
    Enrollment,
    Lesson,
    ReflectionAnswer,
    ReflectionBlock,
    Step,
    StepProgress,
    TextBlock,
)
from tests.courses.admin_form import form_data as _form_data
from tests.factories import CourseBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def used_course(learner, now):
    """Published; the learner has completed the first lesson and answered its reflection."""
    course = CourseBuilder.published(modules=[["lesson", "lesson"]])
    first, second = Lesson.objects.filter(module__course=course).order_by("position")
    enrollment = Enrollment.objects.create(user=learner, course=course)
    StepProgress.objects.create(
        enrollment=enrollment,
        step=first,
        status="completed",
        first_visited_at=now,
        last_visited_at=now,
        completed_at=now,
    )
    ReflectionAnswer.objects.create(
        user=learner, block=ReflectionBlock.objects.get(lesson=first), text="Mitt svar"
    )
    return course, first, second


def test_a_completed_step_cannot_be_deleted_and_the_admin_says_why(client, trainer, used_course):
    _course, first, _second = used_course
    client.force_login(trainer)
    response = client.post(
        reverse("admin:courses_lesson_delete", args=[first.pk]), {"post": "yes"}, follow=True
    )
    assert Step.objects.filter(pk=first.pk).exists()
    html = response.content.decode()
    assert "kan inte tas bort" in html and "Arkivera" in html


def test_an_unused_step_can_be_deleted(client, trainer, used_course):
    _course, _first, second = used_course
    client.force_login(trainer)
    client.post(reverse("admin:courses_lesson_delete", args=[second.pk]), {"post": "yes"})
    assert not Step.objects.filter(pk=second.pk).exists()


def test_an_answered_reflection_block_cannot_be_deleted(client, trainer, used_course):
    _course, first, _second = used_course
    block = ReflectionBlock.objects.get(lesson=first)
    client.force_login(trainer)
    client.post(reverse("admin:courses_reflectionblock_delete", args=[block.pk]), {"post": "yes"})
    assert ReflectionAnswer.objects.filter(block=block).exists()
    client.post(reverse("admin:courses_contentblock_delete", args=[block.pk]), {"post": "yes"})
    assert ReflectionAnswer.objects.filter(block=block).exists()


def test_bulk_delete_is_not_offered_archive_is(client, trainer, used_course):
    _course, first, _second = used_course
    client.force_login(trainer)
    page = client.get(reverse("admin:courses_step_changelist")).content.decode()
    assert 'value="delete_selected"' not in page and 'value="archive"' in page
    client.post(
        reverse("admin:courses_step_changelist"),
        {"action": "archive", "_selected_action": [first.pk]},
    )
    first.refresh_from_db()
    assert first.is_archived
    assert StepProgress.objects.filter(step=first).exists()


def test_deleting_a_used_block_through_the_lesson_inline_is_refused(client, trainer, used_course):
    _course, first, _second = used_course
    client.force_login(trainer)
    url = reverse("admin:courses_lesson_change", args=[first.pk])
    page = client.get(url)
    form = _form_data(page)
    blocks = list(ContentBlock.objects.filter(lesson=first).order_by("position", "pk"))
    prefix = "blocks"
    for index, block in enumerate(blocks):
        assert str(form[f"{prefix}-{index}-id"]) == str(block.pk)
    form[f"{prefix}-0-DELETE"] = "on"
    response = client.post(url, form)
    assert response.status_code == 200
    assert "kan inte tas bort" in response.content.decode()
    assert ContentBlock.objects.filter(pk=blocks[0].pk).exists()


def test_unused_block_can_be_deleted_through_the_lesson_inline(client, trainer, used_course):
    _course, _first, second = used_course
    client.force_login(trainer)
    url = reverse("admin:courses_lesson_change", args=[second.pk])
    form = _form_data(client.get(url))
    target = ContentBlock.objects.filter(lesson=second).order_by("position", "pk").first()
    form["blocks-0-DELETE"] = "on"
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:500]
    assert not TextBlock.objects.filter(pk=target.pk).exists()


def test_a_started_course_and_its_used_module_cannot_be_deleted(client, trainer, used_course):
    from courses.models import Course, Module

    course, first, _second = used_course
    client.force_login(trainer)
    response = client.post(
        reverse("admin:courses_course_delete", args=[course.pk]), {"post": "yes"}, follow=True
    )
    assert Course.objects.filter(pk=course.pk).exists()
    assert "kan inte tas bort" in response.content.decode()
    client.post(reverse("admin:courses_module_delete", args=[first.module_id]), {"post": "yes"})
    assert Module.objects.filter(pk=first.module_id).exists()


def test_an_unstarted_draft_course_can_be_deleted(client, trainer):
    from courses.models import Course

    course = CourseBuilder.build(modules=[["lesson"]])
    client.force_login(trainer)
    client.post(reverse("admin:courses_course_delete", args=[course.pk]), {"post": "yes"})
    assert not Course.objects.filter(pk=course.pk).exists()
