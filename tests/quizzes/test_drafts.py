"""A new course version from a draft: quiz attempts follow the quiz and keep their questions."""

import pytest
from django.urls import reverse

from courses.revisions import draft_create, draft_publish
from quizzes.models import Attempt, Question, Quiz
from quizzes.selectors import attempt_questions_get, quiz_status_get
from quizzes.services import attempt_start, attempt_submit
from tests.quizzes.factories import answers_for

pytestmark = pytest.mark.django_db


def _draft_quiz(draft) -> Quiz:
    return Quiz.objects.get(module__course=draft)


def test_a_submitted_attempt_keeps_the_questions_it_was_given(
    learner_client, enrollment, quiz, quiz_course
):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    attempt_submit(attempt=attempt, answers=answers_for(attempt, wrong_from=4))
    asked = [q.pk for q in attempt_questions_get(attempt=attempt)]
    first = Question.objects.get(pk=asked[0])

    draft = draft_create(course=quiz_course)
    new_quiz = _draft_quiz(draft)
    changed = new_quiz.questions.get(uid=first.uid)
    changed.text = "En omskriven fråga om skyddsbedömning?"
    changed.save()
    draft_publish(draft=draft, summary="Fråga 1 omskriven")

    attempt.refresh_from_db()
    assert attempt.quiz_id == new_quiz.pk  # the learner's attempts follow the quiz
    assert [q.pk for q in attempt_questions_get(attempt=attempt)] == asked
    page = learner_client.get(reverse("quizzes:attempt-detail", args=[attempt.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert first.text.split("\n")[0][:30] in text
    assert "En omskriven fråga" not in text


def test_a_passed_quiz_stays_passed_in_the_new_version(enrollment, quiz, quiz_course):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    attempt_submit(attempt=attempt, answers=answers_for(attempt))
    draft = draft_create(course=quiz_course)
    new_quiz = _draft_quiz(draft)
    draft_publish(draft=draft)
    status = quiz_status_get(enrollment=enrollment, quiz=new_quiz)
    assert status.has_passed and len(status.attempts) == 1


def test_an_open_attempt_is_submitted_against_its_own_questions_after_publishing(
    enrollment, quiz, quiz_course
):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    draft = draft_create(course=quiz_course)
    new_quiz = _draft_quiz(draft)
    new_quiz.questions.all().update(points=2)
    draft_publish(draft=draft)
    attempt.refresh_from_db()
    result = attempt_submit(attempt=attempt, answers=answers_for(attempt))
    assert result.passed and result.max_points == 5  # the questions it was given: 1 point each
    assert Attempt.objects.filter(quiz=new_quiz).count() == 1
