"""State changes of quizzes: start an attempt, submit it (graded on the server only).

Gating is the courses app's: each service takes the request's outline
(`courses.selectors.CourseOutline`) when the caller has one, so gating is
decided once per request, and builds it otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from random import Random

from django.db import IntegrityError, transaction
from django.db.models import Exists
from django.utils.translation import gettext as _

from common import clock
from courses.api import (
    CourseOutline,
    Enrollment,
    StepLocked,
    StepState,
    course_outline_get,
    records_repoint,
    step_complete,
)

from .errors import AttemptClosed, AttemptNotCurrent, AttemptsExhausted, AttemptWaitRequired
from .grading import Answer, MalformedAnswer, is_passing, score_percent
from .models import Attempt, Question, Quiz, Response
from .selectors import attempt_questions_get, quiz_questions_get, quiz_retry_block_get

__all__ = [
    "AttemptClosed",
    "AttemptNotCurrent",
    "AttemptWaitRequired",
    "AttemptsExhausted",
    "attempt_start",
    "attempt_submit",
    "quiz_require_open",
]


def quiz_require_open(outline: CourseOutline, quiz: Quiz) -> StepState:
    """The quiz's state in `outline` if the learner may take it.

    Raises StepNotInCourse (404) or StepLocked (403) with the quiz's own message.
    """
    state = outline.require(quiz)
    if state.is_locked:
        raise StepLocked(state.blocked_by, _("Kunskapskontrollen är inte öppen ännu."))
    return state


def _outline_for(enrollment: Enrollment, outline: CourseOutline | None) -> CourseOutline:
    if outline is not None and outline.enrollment is not None:
        if outline.enrollment.pk == enrollment.pk:
            return outline
    return course_outline_get(course=enrollment.course, enrollment=enrollment)


@transaction.atomic
def attempt_start(
    *,
    enrollment: Enrollment,
    quiz: Quiz,
    outline: CourseOutline | None = None,
    rng: Random | None = None,
) -> Attempt:
    """Return the learner's open attempt at `quiz`, or start a new one. Idempotent.

    A new attempt draws its questions and fixes their order and the order
    of their options, so a reload does not reshuffle; the draw comes from
    `rng` (default: `common.clock.system_rng()`) and takes the questions
    the previous attempt did not show first. Two tabs starting at
    once get the same attempt (a partial unique constraint allows one open
    attempt per learner and quiz). Raises StepLocked if the quiz is not
    open to the learner yet, AttemptsExhausted if no attempt is left and
    AttemptWaitRequired (429) while repeated failures pause the quiz
    (`quizzes.policy.retry_block`; the time comes from `common.clock`).
    """
    quiz_require_open(_outline_for(enrollment, outline), quiz)
    current = Attempt.objects.filter(
        enrollment=enrollment, quiz=quiz, submitted_at__isnull=True
    ).first()
    if current is not None:
        return current
    attempts = list(Attempt.objects.filter(enrollment=enrollment, quiz=quiz).order_by("number"))
    previous = attempts[-1] if attempts else None
    used = previous.number if previous is not None else 0
    if quiz.max_attempts is not None and used >= quiz.max_attempts:
        raise AttemptsExhausted
    block = quiz_retry_block_get(enrollment=enrollment, quiz=quiz, attempts=attempts)
    if block is not None:
        raise AttemptWaitRequired(block, quiz)
    seen = previous.question_ids if previous is not None else ()
    layout = quiz.layout_new(quiz_questions_get(quiz=quiz), rng or clock.system_rng(), seen)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                enrollment=enrollment,
                quiz=quiz,
                number=used + 1,
                pass_mark=quiz.pass_mark,
                layout=layout,
            )
    except IntegrityError:
        # Another request started (or finished) this attempt number first.
        current = Attempt.objects.filter(
            enrollment=enrollment, quiz=quiz, submitted_at__isnull=True
        ).first()
        if current is None:
            raise
        return current


@transaction.atomic
def attempt_submit(
    *,
    attempt: Attempt,
    answers: Mapping[int, Answer],
    questions: Sequence[Question] | None = None,
    outline: CourseOutline | None = None,
) -> Attempt:
    """Grade and close an open attempt; on a pass, complete the quiz step.

    `answers` maps each of the attempt's question ids to a parsed answer
    (`Question.parse_answer`); anything else raises MalformedAnswer.
    `questions` may hand over the attempt's questions the caller already
    loaded (used only if they are exactly the attempt's, in its order), and
    `outline` the request's outline. The attempt is closed by one
    conditional UPDATE (still open, and no later round of the course
    started): a double-click or two tabs grade it exactly once — the second
    UPDATE waits for the first to commit, then finds the attempt closed and
    raises AttemptClosed, changing nothing. Raises AttemptNotCurrent for an
    attempt of an earlier round of the course, StepLocked if the quiz is not
    open to the learner. A pass is never undone: the step stays completed
    whatever later attempts score. Returns `attempt`, graded.
    """
    if attempt.is_submitted:
        raise AttemptClosed(attempt)
    enrollment = attempt.enrollment
    if questions is None or [q.pk for q in questions] != attempt.question_ids:
        questions = attempt_questions_get(attempt=attempt, course=enrollment.course)
    if set(answers) != {q.pk for q in questions}:
        raise MalformedAnswer(_("Svaren stämmer inte med frågorna i försöket."), code="questions")
    outline = _outline_for(enrollment, outline)
    quiz_require_open(outline, attempt.quiz)

    grades = {q.pk: q.grade(answers[q.pk]) for q in questions}
    points = sum((g.points for g in grades.values()), Decimal("0"))
    max_points = sum((g.max_points for g in grades.values()), Decimal("0"))
    graded = {
        "submitted_at": clock.now(),
        "points": points,
        "max_points": max_points,
        "score": score_percent(points, max_points),
        "passed": is_passing(points, max_points, attempt.pass_mark),
    }
    later_round = Enrollment.objects.filter(
        user_id=enrollment.user_id, course_id=enrollment.course_id, round__gt=enrollment.round
    )
    closed = (
        Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True)
        .exclude(Exists(later_round))
        .update(**graded)
    )
    if closed != 1:
        attempt.refresh_from_db()
        if attempt.is_submitted:
            raise AttemptClosed(attempt)
        raise AttemptNotCurrent
    for name, value in graded.items():
        setattr(attempt, name, value)

    responses = Response.objects.bulk_create(
        Response(
            attempt=attempt,
            question=question,
            answer=answers[question.pk],
            points=grades[question.pk].points,
            max_points=grades[question.pk].max_points,
            is_correct=grades[question.pk].is_correct,
        )
        for question in questions
    )
    _picks_save(questions, responses, answers)
    if attempt.passed:
        step_complete(enrollment=enrollment, step=attempt.quiz, outline=outline)
    return attempt


def _picks_save(
    questions: Sequence[Question], responses: list[Response], answers: Mapping[int, Answer]
) -> None:
    """Record the picked options: one bulk insert per kind of pick present."""
    rows_by_model: dict[type, list] = {}
    for question, response in zip(questions, responses, strict=True):
        for row in question.pick_rows(response, answers[question.pk]):
            rows_by_model.setdefault(type(row), []).append(row)
    for model, rows in rows_by_model.items():
        model.objects.bulk_create(rows)


@transaction.atomic
def attempts_follow_content(*, steps: Mapping[int, int]) -> int:
    """Move attempts at quizzes that a new course version replaced to the replacing quizzes.

    `steps` maps an old quiz's pk → its successor's (`ContentReplacement.steps`;
    other steps in it match no attempt). The attempt keeps its layout and
    responses, so it still holds the questions it was given, and its review
    shows them. Returns the number of attempts moved.
    """
    return records_repoint(Attempt.objects.all(), "quiz_id", dict(steps))
