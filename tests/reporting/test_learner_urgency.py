"""The learner's courses, most urgent first, by the same states the managers see."""

import datetime
import zoneinfo

import pytest
import time_machine

from accounts.services import org_unit_create
from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import CourseRequirement, Enrollment
from reporting.selectors import Urgency, learner_courses_by_urgency_get, people_get
from reporting.states import cert_state
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
NOW = datetime.datetime(2026, 4, 10, 12, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()


def _course(title):
    return CourseBuilder.published(modules=[["lesson"]], title=title, slug=title.lower())


@pytest.fixture
def learner_in_unit(db, settings):
    settings.LARSPAR_RENEWAL_DAYS = 30
    with time_machine.travel(NOW, tick=False):
        unit = org_unit_create(code="U", name="Enhet U")
        user = make_user("lea", unit=unit, professional_group="Kurator")
        courses = {
            title: _course(title)
            for title in ("Avslutad", "Bortom", "Försenad", "Pågående", "Snart", "Utgången")
        }
        # Required and overdue, not started.
        CourseRequirement.objects.create(
            course=courses["Försenad"], unit=unit, due_date=TODAY - datetime.timedelta(days=3)
        )
        # Required for the group (any spelling), due in 10 days.
        CourseRequirement.objects.create(
            course=courses["Snart"],
            unit=None,
            professional_group="kurator ",
            due_date=TODAY + datetime.timedelta(days=10),
        )
        # Required; the certificate expired 50 days ago: renewal overdue.
        CourseRequirement.objects.create(
            course=courses["Utgången"], unit=unit, due_date=TODAY + datetime.timedelta(days=200)
        )
        enrollment = Enrollment.objects.create(
            user=user,
            course=courses["Utgången"],
            round=1,
            completed_at=NOW - datetime.timedelta(days=800),
        )
        certificate = certificate_issue(enrollment=enrollment)
        Certificate.objects.filter(pk=certificate.pk).update(
            expires_on=TODAY - datetime.timedelta(days=50)
        )
        Enrollment.objects.create(user=user, course=courses["Pågående"], round=1)
        Enrollment.objects.create(user=user, course=courses["Avslutad"], round=1, completed_at=NOW)
        # "Bortom": published, never started, not required.
    return user, courses


@time_machine.travel(NOW, tick=False)
def test_courses_are_ordered_by_urgency(learner_in_unit):
    user, _courses = learner_in_unit
    items = learner_courses_by_urgency_get(user=user)
    assert [(item.card.course.title, item.urgency) for item in items] == [
        ("Utgången", Urgency.OVERDUE),  # renewal due 2026-03-21
        ("Försenad", Urgency.OVERDUE),  # due 2026-04-07
        ("Snart", Urgency.DUE_SOON),
        ("Pågående", Urgency.IN_PROGRESS),
        ("Bortom", Urgency.NOT_STARTED),
        ("Avslutad", Urgency.DONE),
    ]
    assert items[0].state.needs_renewal


@time_machine.travel(NOW, tick=False)
def test_learner_states_agree_with_the_managers_list(learner_in_unit):
    user, courses = learner_in_unit
    for item in learner_courses_by_urgency_get(user=user):
        [row] = people_get(units=None, course=item.card.course).filter(pk=user.pk)
        assert row["state"] == item.state.code, item.card.course.title


@time_machine.travel(NOW, tick=False)
def test_certificate_state_in_python_matches_the_sql(learner_in_unit):
    user, courses = learner_in_unit
    certificate = Certificate.objects.get(user=user)
    for revoked_days_ago in (None, 10, 40):
        revoked_at = (
            None if revoked_days_ago is None else NOW - datetime.timedelta(days=revoked_days_ago)
        )
        for expires_in in (-50, -10, 0, 30, 100, None):
            expires_on = None if expires_in is None else TODAY + datetime.timedelta(expires_in)
            Certificate.objects.filter(pk=certificate.pk).update(
                expires_on=expires_on,
                revoked_at=revoked_at,
                revoked_reason="Fel" if revoked_at else "",
                revoked_reason_category="mistake" if revoked_at else "",
            )
            [row] = people_get(units=None, course=courses["Utgången"]).filter(pk=user.pk)
            expected = cert_state(expires_on=expires_on, revoked_at=revoked_at, today=TODAY)
            assert row["state"] // 10 % 10 == expected, (revoked_days_ago, expires_in)


@time_machine.travel(NOW, tick=False)
def test_urgency_queries_do_not_grow_with_courses(learner_in_unit, django_assert_num_queries):
    user, _courses = learner_in_unit
    user.refresh_from_db()
    # my_courses_get: courses, enrollments, the requirements of all courses with
    # their units (3), the required step counts of courses not yet in the content
    # cache (1), the learner's unit (1, read fresh here); the learner's certificates (1).
    with django_assert_num_queries(6):
        learner_courses_by_urgency_get(user=user)
    for n in range(5):
        _course(f"Extra{n}")
    user.refresh_from_db()
    with django_assert_num_queries(6):
        assert len(learner_courses_by_urgency_get(user=user)) == 11


@time_machine.travel(NOW, tick=False)
def test_the_start_page_due_date_ignores_the_group_spelling(learner_in_unit):
    """The requirement for "kurator " applies to Lea of "Kurator": her card shows its
    date (the start page once compared the spellings exactly and missed it)."""
    from courses.selectors import my_courses_get

    user, courses = learner_in_unit
    cards = {card.course.pk: card for card in my_courses_get(user=user)}
    assert cards[courses["Snart"].pk].due_date == TODAY + datetime.timedelta(days=10)
    assert cards[courses["Försenad"].pk].due_date == TODAY - datetime.timedelta(days=3)
    assert cards[courses["Bortom"].pk].due_date is None
