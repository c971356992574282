"""State changes of the learner's path: start a course, visit and complete steps.

Every service that depends on gating takes an optional `outline` (the
request's `CourseOutline`), so a request decides gating once; without one
the service builds it. Broken rules raise the errors of `courses.errors`.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from common import clock

from .errors import CourseNotStarted, StepLocked, StepNotInCourse, StepNotSelfCompletable
from .models import (
    Course,
    Enrollment,
    ReflectionAnswer,
    ReflectionBlock,
    Step,
    StepProgress,
    StepStatus,
)
from .selectors import CourseOutline, course_outline_get
from .signals import CourseCompletion, course_completed_send

__all__ = [
    "CourseNotStarted",
    "StepLocked",
    "StepNotInCourse",
    "StepNotSelfCompletable",
    "enrollment_renew",
    "enrollment_start",
    "reflection_answer_save",
    "step_complete",
    "step_complete_by_learner",
    "step_visit",
]

# Time on a step counts at most this much per visit, so a tab left open
# overnight does not report hours of study.
MAX_COUNTED_VISIT = timedelta(minutes=30)


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


def _outline_for(enrollment: Enrollment, outline: CourseOutline | None) -> CourseOutline:
    """The request's outline if it belongs to `enrollment`, else a new one."""
    if outline is not None and outline.enrollment is not None:
        if outline.enrollment.pk == enrollment.pk:
            return outline
    return course_outline_get(course=enrollment.course, enrollment=enrollment)


# A visit within this long of the last recorded one is not written again, so
# reloading a page (or many learners reloading theirs) does not write at all.
VISIT_RESOLUTION = timedelta(minutes=1)


def step_visit(*, enrollment: Enrollment, step: Step, progress: StepProgress | None = None) -> None:
    """Record that the learner opened `step` (first and last visit time). Idempotent.

    One statement at most: an upsert (INSERT … ON CONFLICT DO UPDATE of
    last_visited_at only), so a GET never runs a read-then-write in
    savepoints. `progress` is the row the caller already read (the outline
    has it): when its last visit is within VISIT_RESOLUTION nothing is
    written. Gating is the caller's to check (the step page shows a locked
    step without visiting it).
    """
    now = clock.now()
    if progress is not None and now - progress.last_visited_at < VISIT_RESOLUTION:
        return
    StepProgress.objects.bulk_create(
        [StepProgress(enrollment=enrollment, step=step, first_visited_at=now, last_visited_at=now)],
        update_conflicts=True,
        unique_fields=["enrollment", "step"],
        update_fields=["last_visited_at"],
    )


def step_complete(
    *,
    enrollment: Enrollment,
    step: Step,
    outline: CourseOutline | None = None,
    gated: bool = True,
) -> StepProgress:
    """Mark `step` done for `enrollment`; complete the enrollment after its last required step.

    Idempotent: completing a done step changes nothing. The enrollment row is
    locked and the learner's progress is read after the lock (also when the
    request's `outline` is given: only its progress is read again, and the
    caller's outline then shows the step done), so two
    requests finishing the course at once complete it once; `course_completed`
    is sent after commit, exactly once per enrollment. Raises StepNotInCourse
    or StepLocked if gating does not allow the step. This is the rule-neutral
    primitive (a quiz calls it on a pass); the learner's "Klar" button uses
    `step_complete_by_learner`. `gated=False` completes a step the learner
    covered elsewhere (a group meeting) even if gating keeps it shut for now;
    the step must still belong to the course (StepNotInCourse).

    A step the request's outline already shows done (a repeated "Klar")
    takes no lock and writes nothing: a completed step stays completed, so
    the answer cannot change under the lock, unless the round itself is
    still to be completed (then the locked path runs).
    """
    if outline is not None and outline.enrollment is not None:
        state = outline.state_of(step.pk)
        if (
            outline.enrollment.pk == enrollment.pk
            and state is not None
            and state.is_done
            and (enrollment.completed_at is not None or not outline.is_completed)
        ):
            return state.progress
    return _step_complete_locked(enrollment=enrollment, step=step, outline=outline, gated=gated)


@transaction.atomic
def _step_complete_locked(
    *, enrollment: Enrollment, step: Step, outline: CourseOutline | None, gated: bool
) -> StepProgress:
    locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if outline is not None and outline.enrollment is not None:
        if outline.enrollment.pk == locked.pk:
            locked.course = outline.course
            outline.reload_progress()
        else:
            outline = None
    if outline is None:
        outline = course_outline_get(course=locked.course, enrollment=locked)
    # The progress row as read under the lock (None: the step was never opened).
    state = outline.require_open(step) if gated else outline.require(step)
    progress = state.progress

    now = clock.now()
    if progress is None:
        # One upsert: a visit of the step that is not under the lock may
        # insert the row at the same moment.
        (progress,) = StepProgress.objects.bulk_create(
            [
                StepProgress(
                    enrollment=locked,
                    step=step,
                    status=StepStatus.COMPLETED,
                    first_visited_at=now,
                    last_visited_at=now,
                    completed_at=now,
                )
            ],
            update_conflicts=True,
            unique_fields=["enrollment", "step"],
            update_fields=["status", "completed_at", "last_visited_at"],
        )
        outline.progress_record(progress)
    elif not progress.is_completed:
        progress.status = StepStatus.COMPLETED
        progress.completed_at = now
        progress.time_spent += min(
            max(now - progress.last_visited_at, timedelta()), MAX_COUNTED_VISIT
        )
        progress.last_visited_at = now
        progress.save(update_fields=["status", "completed_at", "time_spent", "last_visited_at"])
        outline.progress_record(progress)

    _complete_if_done(locked, outline, now)
    return progress


def _complete_if_done(locked: Enrollment, outline: CourseOutline, now) -> bool:
    """Complete the locked round if its outline is done; `course_completed` goes after commit."""
    if not outline.is_completed or locked.completed_at is not None:
        return False
    locked.completed_at = now
    locked.course_version = locked.course.version
    locked.save(update_fields=["completed_at", "course_version"])
    completion = CourseCompletion(
        enrollment_id=locked.pk,
        user_id=locked.user_id,
        course_id=locked.course_id,
        round=locked.round,
        completed_at=now,
    )
    transaction.on_commit(lambda: course_completed_send(completion))
    return True


@transaction.atomic
def enrollments_complete_if_done(*, course: Course) -> int:
    """Complete the open rounds of `course` whose required steps are now all done.

    For after a new version is published (courses/revisions.py): a learner
    whose only missing step was removed has finished the course. One query
    finds the candidates (open rounds with as many completed required steps
    as the course has); each is then checked under its row lock like
    `step_complete`. Idempotent. Returns how many rounds were completed.
    """
    required = Step.objects.filter(module__course=course, is_archived=False, required=True)
    total = required.count()
    if not total:
        return 0
    candidates = (
        Enrollment.objects.filter(course=course, completed_at__isnull=True)
        .annotate(
            done=Count(
                "progress",
                filter=Q(
                    progress__status=StepStatus.COMPLETED,
                    progress__step__in=required.values("pk"),
                ),
            )
        )
        .filter(done__gte=total)
        .values_list("pk", flat=True)
    )
    completed = 0
    now = clock.now()
    for pk in list(candidates):
        locked = Enrollment.objects.select_for_update().get(pk=pk)
        outline = course_outline_get(course=course, enrollment=locked)
        locked.course = course
        completed += _complete_if_done(locked, outline, now)
    return completed


def step_complete_by_learner(
    *, enrollment: Enrollment, step: Step, outline: CourseOutline | None = None
) -> StepProgress:
    """The learner says a step is done ("Klar"). Only steps completed that way accept it.

    Raises StepNotSelfCompletable for a step that is done by another rule
    (a quiz: by passing it), and what `step_complete` raises.
    """
    if not step.completed_by_learner:
        raise StepNotSelfCompletable
    return step_complete(enrollment=enrollment, step=step, outline=outline)


@transaction.atomic
def reflection_answer_save(
    *,
    enrollment: Enrollment | None,
    block: ReflectionBlock,
    text: str,
    outline: CourseOutline | None = None,
) -> ReflectionAnswer:
    """Store (or replace) the learner's private answer to a reflection prompt.

    The block's lesson must be open to the learner in their current round:
    raises CourseNotStarted without an enrollment, StepNotInCourse or
    StepLocked otherwise (an answer never reaches a lesson gating keeps shut).
    """
    if enrollment is None:
        raise CourseNotStarted
    _outline_for(enrollment, outline).require_open(block.lesson_id)
    answer, _ = ReflectionAnswer.objects.update_or_create(
        user_id=enrollment.user_id, block=block, defaults={"text": text}
    )
    return answer
