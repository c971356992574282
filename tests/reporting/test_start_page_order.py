"""The learner's start page lists the most urgent course first, not the first by title."""

import datetime

import pytest

from courses.models import CourseRequirement, Step
from courses.services import enrollment_start, step_complete
from tests.factories import CourseBuilder, OrgUnitFactory, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_an_overdue_required_course_comes_before_the_others(client, today):
    unit = OrgUnitFactory(code="NORR")
    learner = make_user("lea", roles=["learner"], unit=unit)
    optional = CourseBuilder.published(modules=[["lesson"]], title="A – frivillig")
    started = CourseBuilder.published(modules=[["lesson", "lesson"]], title="B – påbörjad")
    overdue = CourseBuilder.published(modules=[["lesson"]], title="Ö – obligatorisk")
    enrollment = enrollment_start(user=learner, course=started)
    step_complete(enrollment=enrollment, step=Step.objects.filter(module__course=started).first())
    CourseRequirement.objects.create(
        course=overdue,
        unit=unit,
        due_date=today - datetime.timedelta(days=5),
    )
    client.force_login(learner)
    html = client.get("/").content.decode()
    positions = [html.index(course.title) for course in (overdue, started, optional)]
    assert positions == sorted(positions)
