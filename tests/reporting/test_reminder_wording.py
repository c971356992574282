"""Reminder e-mails: plain-text subjects, and wording that fits the person's state."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from accounts.services import org_unit_create
from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import CourseRequirement, Enrollment
from reporting.services import reminders_send
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
NOW = datetime.datetime(2026, 9, 20, 9, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()
TITLE = 'Våld & hot <i>"Ärenden"</i>'


def _certified(user, course, **fields):
    enrollment = Enrollment.objects.create(
        user=user, course=course, round=1, completed_at=NOW - datetime.timedelta(days=700)
    )
    certificate = certificate_issue(enrollment=enrollment)
    Certificate.objects.filter(pk=certificate.pk).update(**fields)


@pytest.fixture
def outbox(db, settings):
    """Course TITLE, required in unit U since 1 September 2026, and one person per state."""
    settings.LARSPAR_RENEWAL_DAYS = 30
    with time_machine.travel(NOW, tick=False):
        unit = org_unit_create(code="U", name="Enhet U")
        course = CourseBuilder.published(modules=[["lesson"]], title=TITLE, slug="vh")
        CourseRequirement.objects.create(
            course=course, unit=unit, due_date=datetime.date(2026, 9, 1)
        )
        people = {
            name: make_user(name, unit=unit, first_name=name, email=f"{name}@example.org")
            for name in ("ns", "ip", "exp", "late", "rev")
        }
        Enrollment.objects.create(user=people["ip"], course=course, round=1)
        _certified(people["exp"], course, expires_on=TODAY + datetime.timedelta(days=20))
        _certified(people["late"], course, expires_on=TODAY - datetime.timedelta(days=40))
        _certified(
            people["rev"],
            course,
            expires_on=TODAY + datetime.timedelta(days=300),
            revoked_at=NOW - datetime.timedelta(days=40),
            revoked_reason="Fel",
            revoked_reason_category="mistake",
        )
        reminders_send(today=TODAY)
    return {message.to[0].split("@")[0]: message for message in mail.outbox}


def test_subjects_are_plain_text_never_html_escaped(outbox):
    assert set(outbox) == {"ns", "ip", "exp", "late", "rev"}
    for message in outbox.values():
        assert TITLE in message.subject
        assert "&amp;" not in message.subject and "&lt;" not in message.subject
        assert "&quot;" not in message.subject and "&#x27;" not in message.subject
        assert TITLE in message.body


def test_wording_fits_the_state(outbox):
    assert "Du har inte börjat kursen ännu." in outbox["ns"].body
    assert "fortsätta där du slutade" not in outbox["ns"].body
    assert "Du kan fortsätta där du slutade:" in outbox["ip"].body
    assert "har gått ut" in outbox["late"].body and "Gå kursen igen" in outbox["late"].body
    assert "har återkallats" in outbox["rev"].body
    assert "går snart ut" in outbox["exp"].subject
    # The renewal due date: 30 days after the expiry (11 August) or revocation (11 August).
    assert "10 september 2026" in outbox["late"].body
    assert "10 september 2026" in outbox["rev"].body
