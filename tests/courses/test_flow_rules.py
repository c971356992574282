"""Rules of the learner's path that live in services, so every caller gets them."""

import logging
from pathlib import Path

import pytest
from django.urls import reverse

import courses
from common.errors import DomainError
from courses.errors import StepLocked, StepNotInCourse, StepNotSelfCompletable
from courses.models import ReflectionAnswer, ReflectionBlock
from courses.selectors import StepAccess, course_outline_get
from courses.services import (
    enrollment_start,
    reflection_answer_save,
    step_complete,
    step_complete_by_learner,
)
from courses.signals import course_completed
from courses.steps import step_type_for
from quizzes.models import Quiz
from quizzes.steps import QuizStepType
from tests.courses.test_gating import steps_of
from tests.quizzes.factories import make_quiz  # noqa: F401 - registers the "quiz" step kind

pytestmark = pytest.mark.django_db


def test_the_step_states_are_an_enum_that_renders_as_before(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"]])
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=steps_of(course)[0])
    outline = course_outline_get(course=course, enrollment=enrollment)
    assert [s.state for s in outline.steps] == [StepAccess.DONE, StepAccess.AVAILABLE]
    assert str(outline.steps[0].state) == "done"


def test_require_open_names_the_blocking_step_and_refuses_foreign_steps(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"]])
    other = course_builder.published(modules=[["lesson"]])
    first, second = steps_of(course)
    outline = course_outline_get(
        course=course, enrollment=enrollment_start(user=learner, course=course)
    )
    assert outline.require_open(first).step == first
    with pytest.raises(StepLocked) as locked:
        outline.require_open(second)
    assert locked.value.blocked_by == first and locked.value.status == 403
    with pytest.raises(StepNotInCourse) as missing:
        outline.require_open(steps_of(other)[0])
    assert missing.value.status == 404


def test_next_after_skips_steps_already_done(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"], ["lesson"]], order="free")
    first, second, third = steps_of(course)
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=second)
    outline = course_outline_get(course=course, enrollment=enrollment)
    assert outline.next_after(first).step == third
    assert outline.next_after(third) is None


def test_step_complete_updates_the_requests_outline_in_place(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"]])
    first, second = steps_of(course)
    enrollment = enrollment_start(user=learner, course=course)
    outline = course_outline_get(course=course, enrollment=enrollment)
    step_complete(enrollment=enrollment, step=first, outline=outline)
    assert outline.require(first).is_done and outline.require(second).is_available


def test_a_quiz_cannot_be_completed_by_the_learner_saying_so(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "quiz"]])
    enrollment = enrollment_start(user=learner, course=course)
    lesson, quiz = steps_of(course)
    step_complete_by_learner(enrollment=enrollment, step=lesson)
    with pytest.raises(StepNotSelfCompletable) as refused:
        step_complete_by_learner(enrollment=enrollment, step=quiz)
    assert refused.value.status == 400
    outline = course_outline_get(course=course, enrollment=enrollment)
    assert not outline.require(quiz).is_done


def test_a_reflection_answer_is_refused_while_its_lesson_is_locked(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"]])
    enrollment = enrollment_start(user=learner, course=course)
    block = ReflectionBlock.objects.get(lesson=steps_of(course)[1])
    with pytest.raises(StepLocked):
        reflection_answer_save(enrollment=enrollment, block=block, text="Mitt svar")
    assert not ReflectionAnswer.objects.exists()
    step_complete(enrollment=enrollment, step=steps_of(course)[0])
    answer = reflection_answer_save(enrollment=enrollment, block=block, text="Mitt svar")
    assert answer.user == learner


def test_a_locked_reflection_post_gets_the_forbidden_page(client, course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"]])
    enrollment_start(user=learner, course=course)
    block = ReflectionBlock.objects.get(lesson=steps_of(course)[1])
    client.force_login(learner)
    response = client.post(
        reverse("courses:reflection-save", args=[course.slug, block.pk]), {"text": "Svar"}
    )
    assert response.status_code == 403
    assert not ReflectionAnswer.objects.exists()


def test_every_domain_error_has_a_status_and_a_message():
    for error_class in (StepLocked, StepNotInCourse, StepNotSelfCompletable):
        error = error_class()
        assert isinstance(error, DomainError)
        assert error.status in (400, 403, 404) and error.message


def test_a_failing_completion_receiver_is_logged_and_the_learner_still_gets_through(
    client, course_builder, learner, django_capture_on_commit_callbacks, caplog
):
    course = course_builder.published(modules=[["lesson"]])
    enrollment = enrollment_start(user=learner, course=course)
    received = []

    def broken(sender, completion, **kwargs):
        received.append(completion)
        raise RuntimeError("the certificate store is down")

    course_completed.connect(broken, dispatch_uid="test-broken")
    client.force_login(learner)
    try:
        with (
            caplog.at_level(logging.ERROR, logger="courses.signals"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post(
                reverse("courses:step-complete", args=[course.slug, steps_of(course)[0].pk])
            )
    finally:
        course_completed.disconnect(dispatch_uid="test-broken")
    assert response.status_code == 302
    assert response.url == reverse("courses:course-completed", args=[course.slug])
    enrollment.refresh_from_db()
    assert enrollment.is_completed
    [completion] = received
    assert completion.enrollment_id == enrollment.pk and completion.course_id == course.pk
    assert completion.completed_at == enrollment.completed_at
    with pytest.raises(AttributeError):
        completion.enrollment_id = 0  # frozen: receivers cannot change what others see
    assert "the certificate store is down" in caplog.text


def test_quiz_steps_register_their_page_through_the_registry():
    assert isinstance(step_type_for(Quiz()), QuizStepType)


def test_the_courses_app_never_imports_quizzes():
    for path in Path(courses.__file__).parent.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        assert "from quizzes" not in source and "import quizzes" not in source, path
