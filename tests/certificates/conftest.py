"""Fixtures for the certificate tests: a learner who completes a course, the manager of a unit."""

import pytest

from accounts.services import org_unit_create
from certificates.models import Certificate
from courses.models import Step
from courses.services import enrollment_start, step_complete
from tests.factories import CourseBuilder, make_user


def steps_in_order(course):
    return list(
        Step.objects.filter(module__course=course, is_archived=False).order_by(
            "module__position", "position", "pk"
        )
    )


@pytest.fixture
def complete(django_capture_on_commit_callbacks):
    """`complete(user, course)`: take every step of the current round, as the learner would.

    Runs the on-commit callbacks, so `course_completed` reaches its receivers.
    """

    def _complete(user, course):
        enrollment = enrollment_start(user=user, course=course)
        with django_capture_on_commit_callbacks(execute=True):
            for step in steps_in_order(course):
                step_complete(enrollment=enrollment, step=step)
        enrollment.refresh_from_db()
        return enrollment

    return _complete


@pytest.fixture
def units(db):
    """Two districts under one administration: north and south."""
    top = org_unit_create(code="SOC", name="Socialförvaltningen")
    return {
        "top": top,
        "norr": org_unit_create(code="NORR", name="Norr", parent=top),
        "syd": org_unit_create(code="SYD", name="Syd", parent=top),
    }


@pytest.fixture
def holder(units):
    """A learner in the north unit, with Swedish letters in her name."""
    return make_user(
        "asa", roles=["learner"], unit=units["norr"], first_name="Åsa", last_name="Öberg-Ängström"
    )


@pytest.fixture
def manager_north(units):
    user = make_user("maja", roles=["manager"], unit=units["top"])
    user.managed_units.add(units["norr"])
    return user


@pytest.fixture
def manager_south(units):
    user = make_user("sven", roles=["manager"], unit=units["top"])
    user.managed_units.add(units["syd"])
    return user


@pytest.fixture
def course(db):
    return CourseBuilder.published(
        modules=[["lesson", "lesson"], ["lesson"]],
        title="Våld i nära relationer – grundkurs",
        certificate_validity_months=24,
        estimated_minutes=90,
    )


@pytest.fixture
def certificate(holder, course, complete) -> Certificate:
    complete(holder, course)
    return Certificate.objects.get(user=holder, course=course)


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counters(db):
    """Transactional (browser) tests keep the cache table's rows; start each test at zero."""
    from django.core.cache import caches

    caches["ratelimit"].clear()
