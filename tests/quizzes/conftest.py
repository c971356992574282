import pytest

from courses.models import Step
from courses.services import enrollment_start, step_complete
from quizzes.models import Quiz
from tests.factories import CourseBuilder


@pytest.fixture
def quiz_course(db):
    """Published, sequential: module 1 (lesson, quiz with one question of each type), module 2."""
    return CourseBuilder.published(modules=[["lesson", "quiz"], ["lesson"]])


@pytest.fixture
def quiz(quiz_course):
    return Quiz.objects.get(module__course=quiz_course)


@pytest.fixture
def enrollment(quiz_course, learner):
    """The learner has started the course and finished the lesson before the quiz."""
    enrollment = enrollment_start(user=learner, course=quiz_course)
    first = Step.objects.filter(module__course=quiz_course).order_by("module__position", "position")
    step_complete(enrollment=enrollment, step=first.first())
    return enrollment
