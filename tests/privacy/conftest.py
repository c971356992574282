"""A person with a learning history: courses completed with a quiz, reflections, reminders."""

import datetime

import pytest

from accounts.services import org_unit_create
from courses.models import ReflectionBlock, Step
from courses.services import enrollment_start, reflection_answer_save, step_complete
from quizzes.models import Quiz
from quizzes.services import attempt_start, attempt_submit
from reporting.models import ReminderKind, ReminderLog
from tests.factories import CourseBuilder, make_user
from tests.quizzes.factories import answers_for


@pytest.fixture
def history(django_capture_on_commit_callbacks):
    """`history(user, courses=n)`: n completed courses, each with a lesson and a quiz.

    Per course: a failed and a passed attempt, one reflection answer per
    reflection block, one reminder; the course's certificate is issued.
    """

    def _history(user, *, courses=1):
        made = []
        for n in range(courses):
            course = CourseBuilder.published(modules=[["lesson", "quiz"]], title=f"Kurs {n}")
            with django_capture_on_commit_callbacks(execute=True):
                enrollment = enrollment_start(user=user, course=course)
                lesson = Step.objects.get(module__course=course, lesson__isnull=False)
                step_complete(enrollment=enrollment, step=lesson)
                for block in ReflectionBlock.objects.filter(lesson__module__course=course):
                    reflection_answer_save(
                        enrollment=enrollment,
                        block=block,
                        text=f"Min hemliga reflektion {user.username}",
                    )
                quiz = Quiz.objects.get(module__course=course)
                failed = attempt_start(enrollment=enrollment, quiz=quiz)
                attempt_submit(attempt=failed, answers=answers_for(failed, right=False))
                passed = attempt_start(enrollment=enrollment, quiz=quiz)
                attempt_submit(attempt=passed, answers=answers_for(passed))
            ReminderLog.objects.create(
                user=user,
                course=course,
                kind=ReminderKind.OVERDUE,
                occasion="due-2026-04-01",
                sent_on=datetime.date(2026, 4, 2),
            )
            made.append(course)
        return made

    return _history


@pytest.fixture
def person(db):
    top = org_unit_create(code="SOC", name="Socialförvaltningen")
    unit = org_unit_create(code="NORR", name="Norr", parent=top)
    user = make_user(
        "asa",
        roles=["learner", "manager"],
        unit=unit,
        first_name="Åsa",
        last_name="Öberg",
        email="asa.oberg@example.se",
        employee_id="E-4711",
        professional_group="Socialsekreterare",
    )
    user.managed_units.add(unit)
    return user


@pytest.fixture
def stranger(db):
    """Another learner, with a name and e-mail that appear nowhere else."""
    return make_user(
        "zxstranger",
        roles=["learner"],
        first_name="Zacharias",
        last_name="Xylofon",
        email="zx@example.se",
    )
