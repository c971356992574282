"""Two submissions of one attempt at the same moment grade it exactly once (PostgreSQL).

Runs real concurrent transactions in two threads, each with its own
database connection. SQLite serialises writers for the whole database,
so the row lock this checks does not exist there: the tests skip.
"""

import threading
import time

import pytest
from django.db import connection

from courses.models import Step
from courses.services import enrollment_start, step_complete
from quizzes import services
from quizzes.models import Attempt, Response
from tests.factories import CourseBuilder
from tests.quizzes.factories import answers_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite has no row locks (SELECT … FOR UPDATE) to test.
    pytest.mark.postgres,
]


def run_together(target, count: int = 2) -> list:
    """Run `target()` in `count` threads released at once; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index):
        try:
            barrier.wait()
            results[index] = target()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def started(learner):
    course = CourseBuilder.published(modules=[["lesson", "quiz"], ["lesson"]])
    lesson, quiz = Step.objects.filter(module__course=course).order_by(
        "module__position", "position"
    )[:2]
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=lesson)
    return enrollment, quiz


def test_two_simultaneous_submissions_grade_the_attempt_once(started, monkeypatch):
    enrollment, quiz = started
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    answers = answers_for(attempt)

    # Hold the first transaction open after it has taken the lock, so the
    # second submission certainly arrives while the first is grading.
    real = services.attempt_questions_get

    def slow(**kwargs):
        questions = real(**kwargs)
        time.sleep(0.3)
        return questions

    monkeypatch.setattr(services, "attempt_questions_get", slow)
    results = run_together(lambda: services.attempt_submit(attempt=attempt, answers=answers))

    graded = [r for r in results if isinstance(r, Attempt)]
    refused = [r for r in results if isinstance(r, services.AttemptClosed)]
    assert len(graded) == 1 and len(refused) == 1, results
    assert Response.objects.filter(attempt=attempt).count() == len(answers)
    assert Response.chosen.through.objects.filter(response__attempt=attempt).count() == 3
    assert Attempt.objects.filter(enrollment=enrollment, quiz=quiz).count() == 1


def test_two_tabs_starting_at_once_get_the_same_attempt(started):
    enrollment, quiz = started
    results = run_together(lambda: services.attempt_start(enrollment=enrollment, quiz=quiz), 3)
    assert all(isinstance(r, Attempt) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Attempt.objects.filter(enrollment=enrollment, quiz=quiz).count() == 1
