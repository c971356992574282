"""The quiz page and a submission cost the same number of queries however many questions."""

import pytest
from django.urls import reverse

from courses.models import Step
from courses.services import enrollment_start, step_complete
from quizzes.models import Attempt, Quiz
from tests.factories import CourseBuilder
from tests.quizzes.factories import ALL_TYPES, attempt_post, make_question, quiz_open

pytestmark = pytest.mark.django_db

# Quiz page, second visit (the attempt exists), a minute after the first:
# session (1); the user with their roles for the menu (1); the course and the
# learner's round (2); the learner's progress (1; the course's modules and
# steps come from the content cache); the visit, one upsert (1); the learner's
# attempts (1; the questions and their options come from the content cache).
# Was 26, then 8.
PAGE_QUERIES = 7
# Submission (53 before the outline was built once per request, 33 before the
# content cache): session, the user with their roles, the attempt with its course and quiz (3);
# the learner's progress for gating (1); in the service: savepoint (1), close
# the attempt if still open and of the current round (1), insert responses,
# picked choices and picked matches (3); step_complete on the pass:
# savepoint, enrollment lock, the progress read again under the lock (3),
# the progress update (1), release (1); release the service's savepoint (1).
SUBMIT_QUERIES = 15
# The ceilings (tests/courses/test_query_counts.py has the others).
assert PAGE_QUERIES <= 8 and SUBMIT_QUERIES <= 15


def quiz_learner(client, learner, extra_questions: int):
    course = CourseBuilder.published(modules=[["lesson", "quiz"], ["lesson"]])
    quiz = Quiz.objects.get(module__course=course)
    for i in range(extra_questions):
        make_question(quiz, ALL_TYPES[i % len(ALL_TYPES)], 10 + i)
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=Step.objects.filter(module__course=course).first())
    client.force_login(learner)
    quiz_open(client, quiz)
    return quiz, Attempt.objects.get(enrollment=enrollment, quiz=quiz)


@pytest.mark.parametrize("extra_questions", [0, 20])
def test_quiz_page_query_count_does_not_grow_with_questions(
    client, learner, django_assert_num_queries, extra_questions, clock
):
    quiz, _attempt = quiz_learner(client, learner, extra_questions)
    clock.shift(60)  # the learner comes back a minute later: the visit time is updated
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(quiz.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("<fieldset") == 5 + extra_questions


@pytest.mark.parametrize("extra_questions", [0, 20])
def test_submission_query_count_does_not_grow_with_questions(
    client, learner, django_assert_num_queries, extra_questions
):
    _quiz, attempt = quiz_learner(client, learner, extra_questions)
    data = attempt_post(attempt)
    with django_assert_num_queries(SUBMIT_QUERIES):
        response = client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed and attempt.responses.count() == 5 + extra_questions
