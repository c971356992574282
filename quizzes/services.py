"""State changes of quizzes: start an attempt, submit it (graded on the server only)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common import clock
from courses.models import Enrollment
from courses.selectors import course_outline_get
from courses.services import StepLocked, step_complete

from .grading import Answer, MalformedAnswer, is_passing, score_percent
from .models import Attempt, Question, Quiz, Response
from .selectors import attempt_questions_get, quiz_questions_get


class AttemptsExhausted(Exception):
    """Every attempt the quiz allows has been used."""


class AttemptClosed(Exception):
    """The attempt has already been submitted and graded; it is never graded again."""

    def __init__(self, attempt: Attempt):
        super().__init__(f"Attempt {attempt.pk} is already submitted")
        self.attempt = attempt


def _check_open(*, enrollment: Enrollment, quiz: Quiz) -> None:
    outline = course_outline_get(course=enrollment.course, enrollment=enrollment)
    state = outline.state_of(quiz.pk)
    if state is None:
        raise Quiz.DoesNotExist("The quiz is not part of this course.")
    if state.is_locked:
        raise StepLocked(state.blocked_by)


@transaction.atomic
def attempt_start(
    *, enrollment: Enrollment, quiz: Quiz, rng: random.Random | None = None
) -> Attempt:
    """Return the learner's open attempt at `quiz`, or start a new one. Idempotent.

    A new attempt draws its questions and fixes their order and the order
    of their options, so a reload does not reshuffle. Two tabs starting at
    once get the same attempt (a partial unique constraint allows one open
    attempt per learner and quiz). Raises StepLocked if the quiz is not
    open to the learner yet and AttemptsExhausted if no attempt is left.
    `rng` draws the questions and orders them (tests pass a seeded one).
    """
    _check_open(enrollment=enrollment, quiz=quiz)
    current = Attempt.objects.filter(
        enrollment=enrollment, quiz=quiz, submitted_at__isnull=True
    ).first()
    if current is not None:
        return current
    used = Attempt.objects.filter(enrollment=enrollment, quiz=quiz).count()
    if quiz.max_attempts is not None and used >= quiz.max_attempts:
        raise AttemptsExhausted
    layout = quiz.layout_new(quiz_questions_get(quiz=quiz), rng or clock.system_rng())
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
def attempt_submit(*, attempt: Attempt, answers: Mapping[int, Answer]) -> Attempt:
    """Grade and close an open attempt; on a pass, complete the quiz step.

    `answers` maps each of the attempt's question ids to a parsed answer
    (`Question.parse_answer`); anything else raises MalformedAnswer. The
    attempt row is locked (SELECT … FOR UPDATE on PostgreSQL) and closed
    only if still open, so a double-click or two tabs grade it exactly once:
    every later submission raises AttemptClosed and changes nothing.
    Raises StepLocked if the quiz is not open to the learner. A pass is
    never undone: the step stays completed whatever later attempts score.
    """
    locked = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("enrollment__course", "quiz")
        .get(pk=attempt.pk)
    )
    if locked.is_submitted:
        raise AttemptClosed(locked)
    questions = attempt_questions_get(attempt=locked)
    if set(answers) != {q.pk for q in questions}:
        raise MalformedAnswer(_("Svaren stämmer inte med frågorna i försöket."), code="questions")
    _check_open(enrollment=locked.enrollment, quiz=locked.quiz)

    grades = {q.pk: q.grade(answers[q.pk]) for q in questions}
    points = sum((g.points for g in grades.values()), Decimal("0"))
    max_points = sum((g.max_points for g in grades.values()), Decimal("0"))
    passed = is_passing(points, max_points, locked.pass_mark)
    now = clock.now()
    closed = Attempt.objects.filter(pk=locked.pk, submitted_at__isnull=True).update(
        submitted_at=now,
        points=points,
        max_points=max_points,
        score=score_percent(points, max_points),
        passed=passed,
    )
    if closed != 1:
        # Without row locks (SQLite) the other submission got here first.
        locked.refresh_from_db()
        raise AttemptClosed(locked)

    responses = Response.objects.bulk_create(
        Response(
            attempt=locked,
            question=question,
            answer=answers[question.pk],
            points=grades[question.pk].points,
            max_points=grades[question.pk].max_points,
            is_correct=grades[question.pk].is_correct,
        )
        for question in questions
    )
    _picks_save(questions, responses, answers)
    if passed:
        step_complete(enrollment=locked.enrollment, step=locked.quiz)
    locked.refresh_from_db()
    return locked


def _picks_save(
    questions: list[Question], responses: list[Response], answers: Mapping[int, Answer]
) -> None:
    """Record the picked options: one bulk insert per kind of pick present."""
    rows_by_model: dict[type, list] = {}
    for question, response in zip(questions, responses, strict=True):
        for row in question.pick_rows(response, answers[question.pk]):
            rows_by_model.setdefault(type(row), []).append(row)
    for model, rows in rows_by_model.items():
        model.objects.bulk_create(rows)
