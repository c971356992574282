"""Each quiz and question type says what stops it from being published, and when it is in use."""

import pytest

from courses.publishing import course_publish_problems
from quizzes.models import Choice, OrderingItem, Quiz, SingleChoiceQuestion
from quizzes.services import attempt_start, attempt_submit
from tests.factories import CourseBuilder
from tests.quizzes.factories import answers_for, make_question

pytestmark = pytest.mark.django_db


def draft_quiz():
    course = CourseBuilder.build(modules=[["lesson", "quiz"]])
    return course, Quiz.objects.get(module__course=course)


def problems_of(course) -> list[str]:
    return [str(p) for p in course_publish_problems(course=course)]


def test_a_complete_quiz_has_no_problems():
    course, quiz = draft_quiz()
    assert quiz.publish_problems() == []
    assert problems_of(course) == []


def test_a_quiz_without_questions_or_with_too_large_a_draw_is_not_publishable():
    course, quiz = draft_quiz()
    quiz.draw_count = 9
    quiz.save()
    assert any("dras" in p for p in quiz.publish_problems())
    quiz.questions.all().delete()
    assert quiz.publish_problems() == ["kunskapskontrollen har inga frågor"]
    assert any("inga frågor" in p for p in problems_of(course))


def test_each_question_type_checks_its_own_options():
    course, quiz = draft_quiz()
    single = SingleChoiceQuestion.objects.get(quiz=quiz)
    Choice.objects.filter(question=single).update(is_correct=True)
    ordering = make_question(quiz, "ordering", 20)
    OrderingItem.objects.filter(question=ordering).exclude(position=0).delete()
    problems = quiz.publish_problems()
    assert "fråga 1: har mer än ett rätt svar (ska ha exakt ett)" in problems
    assert "fråga 6: har färre än två steg att ordna" in problems
    single.explanation = " "
    single.save()
    assert "fråga 1: saknar förklaring" in Quiz.objects.get(pk=quiz.pk).publish_problems()


def test_answered_questions_and_their_options_have_learner_records(enrollment, quiz):
    question = quiz.questions.first()
    assert not question.has_learner_records()
    attempt = attempt_start(enrollment=enrollment, quiz=quiz)
    attempt_submit(attempt=attempt, answers=answers_for(attempt))
    assert quiz.has_learner_records()
    assert question.has_learner_records()
    assert Choice.objects.filter(question=question).first().has_learner_records()
