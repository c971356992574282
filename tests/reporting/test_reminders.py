"""`send_reminders`: overdue required courses and certificates about to expire, once a month."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from courses.models import CourseRequirement
from reporting.models import ReminderKind, ReminderLog
from reporting.selectors import people_get
from reporting.services import reminders_send
from reporting.states import Figure

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def recipients():
    return sorted(message.to[0] for message in mail.outbox)


def test_reminds_overdue_learners_and_expiring_certificates_once(org):
    report = reminders_send(today=org.today)
    # Overdue: p1 and p2 (NORR-A), s1 (SYD); p3 has completed. Expiring: p4.
    # p8 is deactivated; p5 and p6 expired already (no reminder to renew in time).
    assert (report.overdue, report.expiring) == (3, 1)
    assert recipients() == [
        "p1@example.org",
        "p2@example.org",
        "p4@example.org",
        "s1@example.org",
    ]
    p4 = next(m for m in mail.outbox if m.to == ["p4@example.org"])
    assert "A-kursen" in p4.subject and "går snart ut" in p4.subject
    assert org.people.p4_cert.expires_on.strftime("%Y") in p4.body
    assert "/kurser/a-kursen/" in p4.body
    p1 = next(m for m in mail.outbox if m.to == ["p1@example.org"])
    assert "försenad" in p1.subject and "obligatorisk" in p1.body

    mail.outbox.clear()
    assert reminders_send(today=org.today).sent == 0
    assert mail.outbox == []
    assert ReminderLog.objects.count() == 4


def test_a_new_month_reminds_again(org):
    reminders_send(today=org.today)
    next_month = (org.today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    # Requirements not yet due stay so over the jump (next month's first day is
    # up to 31 days away), so the same three people are overdue in both months.
    CourseRequirement.objects.filter(due_date__gte=org.today).update(
        due_date=next_month + datetime.timedelta(days=30)
    )
    mail.outbox.clear()
    report = reminders_send(today=next_month)
    overdue_to = {m.to[0] for m in mail.outbox if "försenad" in m.subject}
    # Last month's three are reminded again...
    assert {"p1@example.org", "p2@example.org", "s1@example.org"} <= overdue_to
    # ...together with anyone who became overdue over the jump (a lapsed
    # certificate's renewal period can end within the month): exactly the
    # people the managers' list shows as overdue that day.
    overdue_then = {
        person["email"]
        for course in (org.course_a, org.course_b)
        for person in people_get(
            units=None, course=course, status=Figure.OVERDUE, today=next_month
        ).values("email")
        if person["email"]
    }
    assert overdue_to == overdue_then
    assert report.overdue == len(overdue_then)
    assert set(ReminderLog.objects.values_list("period", flat=True)) == {
        org.today.strftime("%Y-%m"),
        next_month.strftime("%Y-%m"),
    }


def test_command_is_idempotent(org, capsys):
    call_command("send_reminders")
    assert "Skickade 4 påminnelser" in capsys.readouterr().out
    call_command("send_reminders")
    assert "Skickade 0 påminnelser" in capsys.readouterr().out
    assert len(mail.outbox) == 4


def test_a_failed_send_is_retried_on_the_next_run(org, monkeypatch):
    import reporting.services as services

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(ConnectionError):
        reminders_send(today=org.today)
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    assert reminders_send(today=org.today).sent == 4


def test_people_without_an_email_address_are_skipped(org):
    org.people.p1.email = ""
    org.people.p1.save()
    reminders_send(today=org.today)
    assert "p1@example.org" not in recipients()
    assert not ReminderLog.objects.filter(user=org.people.p1, kind=ReminderKind.OVERDUE).exists()
