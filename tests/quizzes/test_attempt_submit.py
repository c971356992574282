"""Starting and submitting attempts: grading on the server, gating, exactly one grading."""

from decimal import Decimal

import pytest

from courses.models import StepProgress
from courses.selectors import course_outline_get
from courses.services import StepLocked, enrollment_start
from quizzes.grading import MalformedAnswer
from quizzes.models import Attempt, Response
from quizzes.selectors import attempt_questions_get, quiz_status_get
from quizzes.services import AttemptClosed, AttemptsExhausted, attempt_start, attempt_submit
from tests.quizzes.factories import answers_for

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def quiz_state(enrollment, quiz):
    return course_outline_get(course=enrollment.course, enrollment=enrollment).state_of(quiz.pk)


def test_start_is_idempotent_and_fixes_the_order_of_the_attempt(enrollment, quiz):
    quiz.shuffle_questions = True
    quiz.save()
    first = attempt_start(enrollment=enrollment, quiz=quiz)
    again = attempt_start(enrollment=enrollment, quiz=quiz)
    assert first == again
    assert Attempt.objects.count() == 1
    order = [q.pk for q in attempt_questions_get(attempt=first)]
    assert order == [q.pk for q in attempt_questions_get(attempt=again)]
    assert sorted(order) == sorted(quiz.questions.values_list("pk", flat=True))


def test_start_snapshots_the_pass_mark(enrollment, quiz):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    quiz.pass_mark = 100
    quiz.save()
    # 4 of 5 right is 80 %: passes against the mark the attempt started with.
    result = attempt_submit(attempt=attempt, answers=answers_for(attempt, wrong_from=4))
    assert result.pass_mark == 80 and result.passed


def test_draw_count_draws_that_many_questions(enrollment, quiz):
    quiz.draw_count = 2
    quiz.save()
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    assert len(attempt.question_ids) == 2


def test_a_passing_submission_is_graded_and_completes_the_step(enrollment, quiz):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    result = attempt_submit(attempt=attempt, answers=answers_for(attempt))
    assert result.passed and result.score == Decimal("100.00")
    assert result.points == result.max_points == Decimal("5.00")
    assert Response.objects.filter(attempt=attempt, is_correct=True).count() == 5
    assert quiz_state(enrollment, quiz).is_done


def test_a_failing_submission_does_not_complete_the_step(enrollment, quiz):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    result = attempt_submit(attempt=attempt, answers=answers_for(attempt, right=False))
    assert result.passed is False and result.score == Decimal("0.00")
    assert not quiz_state(enrollment, quiz).is_done


def test_a_later_worse_attempt_never_undoes_a_pass(enrollment, quiz):
    first = attempt_start(enrollment=enrollment, quiz=quiz)
    attempt_submit(attempt=first, answers=answers_for(first))
    second = attempt_start(enrollment=enrollment, quiz=quiz)
    attempt_submit(attempt=second, answers=answers_for(second, right=False))
    assert quiz_state(enrollment, quiz).is_done
    status = quiz_status_get(enrollment=enrollment, quiz=quiz)
    assert status.best == first and status.has_passed


def test_a_submitted_attempt_is_never_graded_again(enrollment, quiz):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    attempt_submit(attempt=attempt, answers=answers_for(attempt, right=False))
    with pytest.raises(AttemptClosed):
        attempt_submit(attempt=attempt, answers=answers_for(attempt))
    attempt.refresh_from_db()
    assert attempt.passed is False
    assert Response.objects.filter(attempt=attempt).count() == 5


def test_answers_must_cover_exactly_the_attempts_questions(enrollment, quiz):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    answers = answers_for(attempt)
    answers.popitem()
    with pytest.raises(MalformedAnswer):
        attempt_submit(attempt=attempt, answers=answers)
    assert not Attempt.objects.get(pk=attempt.pk).is_submitted
    assert not Response.objects.exists()


def test_max_attempts_is_enforced(enrollment, quiz):
    quiz.max_attempts = 1
    quiz.save()
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    attempt_submit(attempt=attempt, answers=answers_for(attempt, right=False))
    with pytest.raises(AttemptsExhausted):
        attempt_start(enrollment=enrollment, quiz=quiz)


def test_a_locked_quiz_cannot_be_started(quiz_course, quiz, learner):
    enrollment = enrollment_start(user=learner, course=quiz_course)
    with pytest.raises(StepLocked):
        attempt_start(enrollment=enrollment, quiz=quiz)
    assert not Attempt.objects.exists()


def test_a_pass_writes_progress_only_through_step_complete(enrollment, quiz):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    attempt_submit(attempt=attempt, answers=answers_for(attempt))
    progress = StepProgress.objects.get(enrollment=enrollment, step=quiz)
    assert progress.is_completed and progress.completed_at is not None


def test_the_database_allows_one_open_attempt_per_learner_and_quiz(enrollment, quiz):
    from django.db import IntegrityError, transaction

    attempt_start(enrollment=enrollment, quiz=quiz)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(enrollment=enrollment, quiz=quiz, number=2, pass_mark=80)


def test_the_database_allows_one_response_per_question(enrollment, quiz):
    from django.db import IntegrityError, transaction

    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    attempt_submit(attempt=attempt, answers=answers_for(attempt))
    response = Response.objects.filter(attempt=attempt).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            attempt=attempt,
            question=response.question,
            answer=response.answer,
            points=0,
            max_points=1,
            is_correct=False,
        )
