"""Question draws and option order come from the random source the caller passes."""

import random

import pytest

from courses.models import Step
from courses.services import enrollment_start, step_complete
from quizzes.selectors import quiz_preview_get
from quizzes.services import attempt_start
from tests.factories import make_user


def _ready_enrollment(user, course):
    enrollment = enrollment_start(user=user, course=course)
    first = Step.objects.filter(module__course=course).order_by("module__position", "position")
    step_complete(enrollment=enrollment, step=first.first())
    return enrollment


@pytest.fixture
def shuffled_quiz(quiz):
    quiz.shuffle_questions = True
    quiz.shuffle_choices = True
    quiz.save()
    return quiz


def test_the_same_seed_draws_the_same_questions_in_the_same_order(shuffled_quiz, quiz_course):
    first = attempt_start(
        enrollment=_ready_enrollment(make_user(), quiz_course),
        quiz=shuffled_quiz,
        rng=random.Random(7),
    )
    second = attempt_start(
        enrollment=_ready_enrollment(make_user(), quiz_course),
        quiz=shuffled_quiz,
        rng=random.Random(7),
    )
    assert first.layout == second.layout


def test_other_seeds_give_other_orders(shuffled_quiz, quiz_course):
    layouts = [
        attempt_start(
            enrollment=_ready_enrollment(make_user(), quiz_course),
            quiz=shuffled_quiz,
            rng=random.Random(seed),
        ).layout
        for seed in (1, 2, 3)
    ]
    assert len({str(layout["questions"]) for layout in layouts}) > 1


def test_the_preview_draws_from_the_given_source(shuffled_quiz):
    orders = [
        [q.pk for q in quiz_preview_get(quiz=shuffled_quiz, rng=random.Random(5))["questions"]]
        for _ in range(2)
    ]
    assert orders[0] == orders[1]
