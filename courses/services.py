"""State changes of the learner's path: start a course, visit and complete steps."""

from datetime import timedelta

from django.db import IntegrityError, transaction

from common import clock

from .models import (
    Course,
    Enrollment,
    ReflectionAnswer,
    ReflectionBlock,
    Step,
    StepProgress,
    StepStatus,
)
from .selectors import course_outline_get
from .signals import course_completed

# Time on a step counts at most this much per visit, so a tab left open
# overnight does not report hours of study.
MAX_COUNTED_VISIT = timedelta(minutes=30)


class StepLocked(Exception):
    """The step cannot be completed before the earlier required steps are done."""

    def __init__(self, blocked_by: Step):
        super().__init__(f"Step is locked behind step {blocked_by.pk}")
        self.blocked_by = blocked_by


@transaction.atomic
def enrollment_start(*, user, course: Course) -> Enrollment:
    """Start `course` for `user`, or return the round already under way. Idempotent."""
    enrollment = Enrollment.objects.current_for(user, course)
    if enrollment is not None:
        return enrollment
    try:
        with transaction.atomic():
            return Enrollment.objects.create(
                user=user, course=course, round=1, course_version=course.version
            )
    except IntegrityError:
        # Two tabs started at once: the other request created round 1.
        return Enrollment.objects.get(user=user, course=course, round=1)


@transaction.atomic
def enrollment_renew(*, enrollment: Enrollment) -> Enrollment:
    """Start a new round after a completed one (re-certification). Idempotent.

    The earlier round and its progress rows are kept unchanged. Raises
    ValueError if `enrollment` is not completed.
    """
    latest = Enrollment.objects.current_for(enrollment.user, enrollment.course)
    if latest.round > enrollment.round:
        return latest
    if not enrollment.is_completed:
        raise ValueError("Only a completed round can be followed by a new one.")
    try:
        with transaction.atomic():
            return Enrollment.objects.create(
                user=enrollment.user,
                course=enrollment.course,
                round=enrollment.round + 1,
                course_version=enrollment.course.version,
            )
    except IntegrityError:
        return Enrollment.objects.get(
            user=enrollment.user, course=enrollment.course, round=enrollment.round + 1
        )


def _progress_get_or_create(*, enrollment: Enrollment, step: Step, now) -> StepProgress:
    try:
        with transaction.atomic():
            progress, _ = StepProgress.objects.get_or_create(
                enrollment=enrollment,
                step=step,
                defaults={"first_visited_at": now, "last_visited_at": now},
            )
    except IntegrityError:
        progress = StepProgress.objects.get(enrollment=enrollment, step=step)
    return progress


@transaction.atomic
def step_visit(*, enrollment: Enrollment, step: Step) -> StepProgress:
    """Record that the learner opened `step` (first and last visit). Idempotent per visit."""
    now = clock.now()
    progress = _progress_get_or_create(enrollment=enrollment, step=step, now=now)
    if progress.last_visited_at != now:
        StepProgress.objects.filter(pk=progress.pk).update(last_visited_at=now)
        progress.last_visited_at = now
    return progress


@transaction.atomic
def step_complete(*, enrollment: Enrollment, step: Step) -> StepProgress:
    """Mark `step` done for `enrollment`; complete the enrollment after its last required step.

    Idempotent: completing a done step changes nothing. The enrollment row is
    locked, so two requests finishing the course at once complete it once;
    `course_completed` is sent after commit, exactly once per enrollment.
    Raises StepLocked if gating does not allow the step yet.
    """
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    outline = course_outline_get(course=enrollment.course, enrollment=enrollment)
    state = outline.state_of(step.pk)
    if state is None:
        raise Step.DoesNotExist("The step is not part of this course.")
    if state.is_locked:
        raise StepLocked(state.blocked_by)

    now = clock.now()
    progress = _progress_get_or_create(enrollment=enrollment, step=step, now=now)
    if not progress.is_completed:
        progress.status = StepStatus.COMPLETED
        progress.completed_at = now
        progress.time_spent += min(
            max(now - progress.last_visited_at, timedelta()), MAX_COUNTED_VISIT
        )
        progress.last_visited_at = now
        progress.save(update_fields=["status", "completed_at", "time_spent", "last_visited_at"])
        state.state = "done"

    if outline.is_completed and enrollment.completed_at is None:
        enrollment.completed_at = now
        enrollment.course_version = enrollment.course.version
        enrollment.save(update_fields=["completed_at", "course_version"])
        transaction.on_commit(
            lambda: course_completed.send(sender=Enrollment, enrollment=enrollment)
        )
    return progress


@transaction.atomic
def reflection_answer_save(*, user, block: ReflectionBlock, text: str) -> ReflectionAnswer:
    """Store (or replace) the learner's private answer to a reflection prompt."""
    answer, _ = ReflectionAnswer.objects.update_or_create(
        user=user, block=block, defaults={"text": text}
    )
    return answer
