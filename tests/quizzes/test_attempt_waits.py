"""Pauses after repeated failures: every n-th failed attempt in a row makes the learner wait
(or re-open the module's lessons) before the next; the page says until when, in Swedish."""

import datetime

import pytest
from django.urls import reverse

from courses.models import Step
from courses.services import enrollment_start, step_complete, step_visit
from quizzes.errors import AttemptWaitRequired
from quizzes.models import AfterFailures
from quizzes.services import attempt_start, attempt_submit
from tests.factories import CourseBuilder
from tests.quizzes.factories import answers_for, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def paused(learner):
    """A quiz that pauses for 24 h after every third failure; the learner has read the lesson."""
    course = CourseBuilder.published(modules=[["lesson"]])
    quiz = make_quiz(
        module=course.modules.get(),
        position=1,
        kinds=("single", "true_false"),
        failures_before_wait=3,
        wait_hours=24,
    )
    enrollment = enrollment_start(user=learner, course=course)
    lesson = Step.objects.get(module__course=course, position=0)
    step_complete(enrollment=enrollment, step=lesson)
    return enrollment, quiz, lesson


def _attempt(enrollment, quiz, *, right=False):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    return attempt_submit(attempt=attempt, answers=answers_for(attempt, right=right))


@pytest.mark.dates
def test_the_fourth_attempt_waits_24_hours_after_the_third_failure(paused, clock, now):
    enrollment, quiz, _lesson = paused
    for _ in range(3):
        _attempt(enrollment, quiz)
        clock.shift(datetime.timedelta(minutes=10))
    with pytest.raises(AttemptWaitRequired) as caught:
        attempt_start(enrollment=enrollment, quiz=quiz)
    error = caught.value
    assert error.status == 429
    # The third attempt was handed in 20 minutes in; the wait runs 24 hours from it.
    assert error.block.until == now + datetime.timedelta(hours=24, minutes=20)
    assert "3 underkända försök i rad" in error.message

    clock.shift(datetime.timedelta(hours=23, minutes=49))
    with pytest.raises(AttemptWaitRequired):
        attempt_start(enrollment=enrollment, quiz=quiz)
    clock.shift(datetime.timedelta(minutes=1))
    assert attempt_start(enrollment=enrollment, quiz=quiz).number == 4


@pytest.mark.dates
def test_the_pause_comes_again_after_the_next_three_failures(paused, clock):
    enrollment, quiz, _lesson = paused
    for _ in range(3):
        _attempt(enrollment, quiz)
    clock.shift(datetime.timedelta(hours=24))
    _attempt(enrollment, quiz)
    _attempt(enrollment, quiz)  # 5 failures: no pause
    _attempt(enrollment, quiz)  # 6: paused again
    with pytest.raises(AttemptWaitRequired):
        attempt_start(enrollment=enrollment, quiz=quiz)


def test_a_learner_who_has_passed_is_never_paused(paused):
    enrollment, quiz, _lesson = paused
    _attempt(enrollment, quiz)
    _attempt(enrollment, quiz)
    _attempt(enrollment, quiz, right=True)
    _attempt(enrollment, quiz)
    assert attempt_start(enrollment=enrollment, quiz=quiz).number == 5


def test_reread_pause_lifts_when_the_modules_lessons_are_opened_again(paused, clock):
    enrollment, quiz, lesson = paused
    quiz.failures_before_wait = 1
    quiz.after_failures = AfterFailures.REREAD
    quiz.save()
    _attempt(enrollment, quiz)
    with pytest.raises(AttemptWaitRequired) as caught:
        attempt_start(enrollment=enrollment, quiz=quiz)
    assert [unread.pk for unread in caught.value.block.lessons] == [lesson.pk]
    clock.shift(datetime.timedelta(minutes=5))
    step_visit(enrollment=enrollment, step=lesson)
    assert attempt_start(enrollment=enrollment, quiz=quiz).number == 2


def test_the_quiz_page_says_when_in_swedish_and_the_start_button_answers_429(
    paused, client, learner, clock
):
    """At the default moment (Tuesday 12 May 2026, 10.00 in Stockholm)."""
    enrollment, quiz, _lesson = paused
    for _ in range(3):
        _attempt(enrollment, quiz)
    client.force_login(learner)
    page = client.get(quiz.get_absolute_url()).content.decode()
    assert "Du kan göra ett nytt försök tidigast onsdag 13 maj 2026 kl. 10.00." in page
    assert reverse("quizzes:attempt-start", args=[quiz.pk]) not in page

    refused = client.post(reverse("quizzes:attempt-start", args=[quiz.pk]))
    assert refused.status_code == 429
    assert "onsdag 13 maj 2026 kl. 10.00" in refused.content.decode()

    last = enrollment.quiz_attempts.order_by("number").last()
    result = client.get(last.get_absolute_url()).content.decode()
    assert "tidigast onsdag 13 maj 2026" in result and "Försök igen" not in result

    clock.shift(datetime.timedelta(hours=24))
    assert client.post(reverse("quizzes:attempt-start", args=[quiz.pk])).status_code == 302
