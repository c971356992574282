"""Progress writes are idempotent and complete the course exactly once."""

from datetime import timedelta

import pytest

from courses.models import Enrollment, StepProgress
from courses.services import (
    MAX_COUNTED_VISIT,
    enrollment_renew,
    enrollment_start,
    step_complete,
    step_visit,
)
from courses.signals import course_completed
from tests.courses.test_gating import steps_of

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_starting_twice_gives_one_enrollment(small_course, learner):
    first = enrollment_start(user=learner, course=small_course)
    second = enrollment_start(user=learner, course=small_course)
    assert first == second
    assert Enrollment.objects.filter(user=learner).count() == 1


def visit_row(enrollment, step):
    return StepProgress.objects.get(enrollment=enrollment, step=step)


def test_visiting_records_first_and_last_visit_in_one_row(small_course, learner, clock, now):
    enrollment = enrollment_start(user=learner, course=small_course)
    step = steps_of(small_course)[0]
    step_visit(enrollment=enrollment, step=step)
    clock.shift(5 * 60)
    step_visit(enrollment=enrollment, step=step, progress=visit_row(enrollment, step))
    assert StepProgress.objects.filter(enrollment=enrollment).count() == 1
    row = visit_row(enrollment, step)
    assert row.first_visited_at == now
    assert row.last_visited_at == now + timedelta(minutes=5)
    assert row.status == "in_progress"


def test_a_visit_is_one_statement_and_a_reload_within_a_minute_writes_nothing(
    small_course, learner, clock, now, django_assert_num_queries
):
    enrollment = enrollment_start(user=learner, course=small_course)
    step = steps_of(small_course)[0]
    with django_assert_num_queries(1):
        step_visit(enrollment=enrollment, step=step)
    clock.shift(30)
    row = visit_row(enrollment, step)
    with django_assert_num_queries(0):
        step_visit(enrollment=enrollment, step=step, progress=row)
    clock.shift(60)
    with django_assert_num_queries(1):
        step_visit(enrollment=enrollment, step=step, progress=row)
    assert visit_row(enrollment, step).last_visited_at == now + timedelta(seconds=90)


def test_visiting_a_done_step_keeps_it_done(small_course, learner, clock):
    enrollment = enrollment_start(user=learner, course=small_course)
    step = steps_of(small_course)[0]
    done = step_complete(enrollment=enrollment, step=step)
    clock.shift(3600)
    step_visit(enrollment=enrollment, step=step)
    row = visit_row(enrollment, step)
    assert row.is_completed and row.completed_at == done.completed_at
    assert row.last_visited_at > done.last_visited_at


def test_completing_twice_changes_nothing_the_second_time(small_course, learner):
    enrollment = enrollment_start(user=learner, course=small_course)
    step = steps_of(small_course)[0]
    done = step_complete(enrollment=enrollment, step=step)
    again = step_complete(enrollment=enrollment, step=step)
    assert StepProgress.objects.filter(enrollment=enrollment).count() == 1
    assert again.completed_at == done.completed_at
    assert again.time_spent == done.time_spent


def test_time_spent_counts_a_visit_at_most_thirty_minutes(small_course, learner, now):
    enrollment = enrollment_start(user=learner, course=small_course)
    step = steps_of(small_course)[0]
    step_visit(enrollment=enrollment, step=step)
    nine_hours_ago = now - timedelta(hours=9)
    StepProgress.objects.filter(enrollment=enrollment, step=step).update(
        last_visited_at=nine_hours_ago
    )
    done = step_complete(enrollment=enrollment, step=step)
    assert done.time_spent == MAX_COUNTED_VISIT


def test_the_last_required_step_completes_the_course_and_signals_once(
    small_course, learner, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, completion, **kwargs):
        received.append(completion.enrollment_id)

    course_completed.connect(receiver)
    try:
        enrollment = enrollment_start(user=learner, course=small_course)
        with django_capture_on_commit_callbacks(execute=True):
            for step in steps_of(small_course):
                step_complete(enrollment=enrollment, step=step)
            step_complete(enrollment=enrollment, step=steps_of(small_course)[-1])
    finally:
        course_completed.disconnect(receiver)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    assert received == [enrollment.pk]


def test_a_new_round_keeps_the_old_rounds_progress(small_course, learner):
    enrollment = enrollment_start(user=learner, course=small_course)
    for step in steps_of(small_course):
        step_complete(enrollment=enrollment, step=step)
    enrollment.refresh_from_db()
    renewed = enrollment_renew(enrollment=enrollment)
    assert renewed.round == 2 and not renewed.is_completed
    assert enrollment_renew(enrollment=enrollment) == renewed
    assert StepProgress.objects.filter(enrollment=enrollment, status="completed").count() == 3
    assert Enrollment.objects.current_for(learner, small_course) == renewed


def test_an_unfinished_round_cannot_be_renewed(small_course, learner):
    enrollment = enrollment_start(user=learner, course=small_course)
    with pytest.raises(ValueError):
        enrollment_renew(enrollment=enrollment)


def test_database_refuses_a_second_progress_row_for_the_same_step(small_course, learner, now):
    from django.db import IntegrityError, transaction

    enrollment = enrollment_start(user=learner, course=small_course)
    step = steps_of(small_course)[0]
    step_visit(enrollment=enrollment, step=step)
    with pytest.raises(IntegrityError), transaction.atomic():
        StepProgress.objects.create(
            enrollment=enrollment, step=step, first_visited_at=now, last_visited_at=now
        )
