"""Question pools: each attempt draws from the bank, a retry meets other questions, and a
final test cannot be published with a bank too small for that."""

from random import Random

import pytest

from courses.models import Step
from courses.publishing import CourseNotPublishable, course_publish, course_publish_problems
from courses.services import enrollment_start, step_complete
from quizzes.models import Quiz
from quizzes.services import attempt_start, attempt_submit
from tests.factories import CourseBuilder
from tests.quizzes.factories import answers_for, make_quiz

pytestmark = pytest.mark.django_db


def _course(*, bank: int, draw: int | None, final=True, published=True):
    build = CourseBuilder.published if published else CourseBuilder.build
    course = build(modules=[["lesson"]])
    quiz = make_quiz(
        module=course.modules.get(),
        position=1,
        kinds=("single", "true_false"),
        repeat=bank // 2,
        is_final=final,
        draw_count=draw,
    )
    return course, quiz


def _problems(course) -> list[str]:
    return [p.what for p in course_publish_problems(course=course)]


def test_a_final_test_must_draw_from_a_bank_half_again_as_big():
    course, quiz = _course(bank=10, draw=8, published=False)
    (problem,) = _problems(course)
    assert "har 10 frågor men ska ha minst 12" in problem and "lägg till 2 frågor" in problem
    with pytest.raises(CourseNotPublishable):
        course_publish(course=course)

    quiz.draw_count = 6
    quiz.save()
    assert _problems(course) == []
    assert course_publish(course=course).version == 2


def test_a_final_test_without_a_draw_cannot_be_published():
    course, _quiz = _course(bank=12, draw=None, published=False)
    (problem,) = _problems(course)
    assert "ett slutprov ska dra frågor" in problem


def test_an_ordinary_quiz_may_draw_most_of_its_bank():
    course, _quiz = _course(bank=10, draw=9, final=False, published=False)
    assert _problems(course) == []


def test_the_next_attempt_draws_the_questions_the_last_one_did_not_show(learner):
    course, quiz = _course(bank=12, draw=8)
    enrollment = enrollment_start(user=learner, course=course)
    step_complete(enrollment=enrollment, step=Step.objects.get(module__course=course, position=0))
    pool = {q.pk for q in quiz.question_pool()}

    first = attempt_start(enrollment=enrollment, quiz=quiz, rng=Random(12))
    attempt_submit(attempt=first, answers=answers_for(first, right=False))
    second = attempt_start(enrollment=enrollment, quiz=quiz, rng=Random(12))

    assert len(first.question_ids) == len(second.question_ids) == 8
    unseen = pool - set(first.question_ids)
    assert len(unseen) == 4 and unseen <= set(second.question_ids)
    assert set(second.question_ids) != set(first.question_ids)


def test_a_draw_is_reproducible_with_the_same_seed():
    quiz = Quiz(draw_count=3)
    question_type = type("Q", (), {"layout_options": lambda self, rng, shuffle: []})
    questions = []
    for pk in range(6):
        questions.append(question_type())
        questions[-1].pk = pk
    one = quiz.layout_new(questions, Random(5), seen={0, 1})
    two = quiz.layout_new(questions, Random(5), seen={0, 1})
    assert one == two and not {0, 1} & set(one["questions"])
