"""Gating: in a sequential course a step opens when every earlier required step is done."""

import pytest

from courses.models import Step
from courses.selectors import course_outline_get
from courses.services import StepLocked, enrollment_start, step_complete

pytestmark = pytest.mark.django_db


def steps_of(course):
    return list(Step.objects.filter(module__course=course).order_by("module__position", "position"))


def states(course, enrollment):
    return [s.state for s in course_outline_get(course=course, enrollment=enrollment).steps]


def test_only_the_first_step_is_open_at_the_start(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"], ["lesson"]])
    enrollment = enrollment_start(user=learner, course=course)
    assert states(course, enrollment) == ["available", "locked", "locked"]


def test_completing_a_step_opens_the_next_across_modules(course_builder, learner):
    course = course_builder.published(modules=[["lesson"], ["lesson", "lesson"]])
    enrollment = enrollment_start(user=learner, course=course)
    first, second, third = steps_of(course)
    step_complete(enrollment=enrollment, step=first)
    assert states(course, enrollment) == ["done", "available", "locked"]
    step_complete(enrollment=enrollment, step=second)
    assert states(course, enrollment) == ["done", "done", "available"]


def test_a_locked_step_cannot_be_completed(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"]])
    enrollment = enrollment_start(user=learner, course=course)
    with pytest.raises(StepLocked) as raised:
        step_complete(enrollment=enrollment, step=steps_of(course)[1])
    assert raised.value.blocked_by == steps_of(course)[0]
    assert not enrollment.progress.exists()


def test_an_optional_step_does_not_block_later_steps(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson:optional", "lesson"]])
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=steps_of(course)[0])
    assert states(course, enrollment) == ["done", "available", "available"]


def test_free_order_course_opens_every_step(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"], ["lesson"]], order="free")
    enrollment = enrollment_start(user=learner, course=course)
    assert states(course, enrollment) == ["available"] * 3
    step_complete(enrollment=enrollment, step=steps_of(course)[2])
    assert states(course, enrollment) == ["available", "available", "done"]


def test_archived_steps_are_neither_shown_nor_required(course_builder, learner):
    course = course_builder.published(modules=[["lesson", "lesson"]])
    first, second = steps_of(course)
    second.is_archived = True
    second.save()
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=first)
    outline = course_outline_get(course=course, enrollment=enrollment)
    assert [s.step for s in outline.steps] == [first]
    assert outline.is_completed
