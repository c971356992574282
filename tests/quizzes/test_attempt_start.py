"""Starting an attempt is an explicit POST; the draw is reproducible from a seeded source."""

import random

import pytest
from django.urls import reverse

from courses.models import Enrollment, Step
from courses.services import enrollment_renew, enrollment_start, step_complete
from quizzes.errors import AttemptNotCurrent
from quizzes.models import Attempt
from quizzes.selectors import quiz_preview_get
from quizzes.services import attempt_start, attempt_submit
from tests.factories import make_user
from tests.quizzes.factories import ALL_TYPES, answers_for, make_question

pytestmark = pytest.mark.django_db


def test_opening_the_quiz_page_starts_no_attempt_and_offers_a_start_button(
    learner_client, enrollment, quiz
):
    page = learner_client.get(quiz.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert not Attempt.objects.exists()
    start = reverse("quizzes:attempt-start", args=[quiz.pk])
    # A plain form with a button: works by keyboard and without JavaScript.
    assert f'<form method="post" action="{start}"' in html
    assert "Starta försöket" in html
    assert "<fieldset" not in html


def test_the_start_button_starts_one_attempt_and_shows_its_questions(
    learner_client, enrollment, quiz
):
    start = reverse("quizzes:attempt-start", args=[quiz.pk])
    response = learner_client.post(start)
    assert response.status_code == 302 and response.url == quiz.get_absolute_url()
    learner_client.post(start)
    assert Attempt.objects.filter(enrollment=enrollment).count() == 1
    html = learner_client.get(quiz.get_absolute_url()).content.decode()
    assert html.count("<fieldset") == 5


def test_starting_by_get_is_not_allowed(learner_client, enrollment, quiz):
    response = learner_client.get(reverse("quizzes:attempt-start", args=[quiz.pk]))
    assert response.status_code == 405
    assert not Attempt.objects.exists()


def test_a_seeded_source_draws_the_same_questions_in_the_same_order(quiz, enrollment):
    for i in range(10):
        make_question(quiz, ALL_TYPES[i % len(ALL_TYPES)], 10 + i)
    quiz.shuffle_questions = True
    quiz.draw_count = 6
    quiz.save()
    other = make_user("olle", roles=["learner"])
    other_enrollment = enrollment_start(user=other, course=quiz.module.course)
    step_complete(
        enrollment=other_enrollment,
        step=Step.objects.filter(module__course=quiz.module.course).order_by("pk").first(),
    )
    first = attempt_start(enrollment=enrollment, quiz=quiz, rng=random.Random(1))
    second = attempt_start(enrollment=other_enrollment, quiz=quiz, rng=random.Random(1))
    assert first.layout == second.layout
    assert len(first.layout["questions"]) == 6
    third_draw = quiz.layout_new(quiz.question_pool(), random.Random(2))
    assert third_draw != first.layout  # the seed, not a constant, decides the draw


def test_the_preview_draws_from_the_given_source(quiz):
    quiz.shuffle_questions = True
    quiz.save()
    one = quiz_preview_get(quiz=quiz, rng=random.Random(7))
    two = quiz_preview_get(quiz=quiz, rng=random.Random(7))
    assert [q.pk for q in one["questions"]] == [q.pk for q in two["questions"]]
    assert [[o.pk for o in q.display_options] for q in one["questions"]] == [
        [o.pk for o in q.display_options] for q in two["questions"]
    ]


def test_an_attempt_of_an_earlier_round_cannot_be_submitted(enrollment, quiz, learner):
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    Enrollment.objects.filter(pk=enrollment.pk).update(completed_at="2026-01-05T10:00:00Z")
    enrollment.refresh_from_db()
    enrollment_renew(enrollment=enrollment)
    with pytest.raises(AttemptNotCurrent):
        attempt_submit(attempt=attempt, answers=answers_for(attempt))
    attempt.refresh_from_db()
    assert not attempt.is_submitted
