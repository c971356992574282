"""`send_reminders`: overdue required courses, certificates about to expire and lapsed ones —
one reminder per person, course and state, an overdue course again after the interval."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils.formats import date_format

from certificates.models import Certificate
from courses.models import CourseRequirement
from reporting.models import ReminderKind, ReminderLog
from reporting.selectors import people_get
from reporting.services import reminders_send
from reporting.states import Figure
from tests.tasks import run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def recipients():
    return sorted(message.to[0] for message in mail.outbox)


def test_reminds_overdue_learners_and_expiring_certificates_once(org):
    report = reminders_send(today=org.today)
    # Overdue: p1 and p2 (NORR-A), s1 (SYD); p3 has completed. Expiring: p4.
    # Renewal: p6 (required; certificate expired 5 days ago, renewal due in 25).
    # p8 is deactivated; p5's expired certificate is on a course not required of them.
    assert (report.overdue, report.expiring, report.renewal) == (3, 1, 1)
    assert recipients() == [
        "p1@example.org",
        "p2@example.org",
        "p4@example.org",
        "p6@example.org",
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
    assert ReminderLog.objects.count() == 5


def test_a_new_month_reminds_again_what_is_still_overdue_after_the_interval(org):
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
    # Everyone the managers' list shows as overdue that day is reminded, except
    # those reminded about the same due date less than the interval ago.
    reminded_recently = (
        set()
        if next_month - org.today >= datetime.timedelta(days=30)
        else {"p1@example.org", "p2@example.org", "s1@example.org"}
    )
    overdue_then = {
        person["email"]
        for course in (org.course_a, org.course_b)
        for person in people_get(
            units=None, course=course, status=Figure.OVERDUE, today=next_month
        ).values("email")
        if person["email"]
    }
    assert overdue_to == overdue_then - reminded_recently
    assert report.overdue == len(overdue_then - reminded_recently)
    # Reminded again only when the interval (30 days) had passed since the first.
    again = next_month - org.today >= datetime.timedelta(days=30)
    assert ({"p1@example.org", "p2@example.org", "s1@example.org"} <= overdue_to) == again


def test_command_enqueues_the_sending_and_is_idempotent(org, capsys):
    call_command("send_reminders")
    assert "bakgrundsprocessen" in capsys.readouterr().out
    assert mail.outbox == []  # the worker sends, not the command
    [first] = run_tasks()
    assert first.status == "SUCCESSFUL"
    assert first.return_value == {"sent": 5, "overdue": 3, "expiring": 1, "renewal": 1}
    call_command("send_reminders")
    [second] = run_tasks()
    assert second.return_value["sent"] == 0
    assert len(mail.outbox) == 5


def test_a_failed_send_is_retried_on_the_next_run(org, monkeypatch):
    import reporting.services as services

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(ConnectionError):
        reminders_send(today=org.today)
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    assert reminders_send(today=org.today).sent == 5


def test_people_without_an_email_address_are_skipped(org):
    org.people.p1.email = ""
    org.people.p1.save()
    reminders_send(today=org.today)
    assert "p1@example.org" not in recipients()
    assert not ReminderLog.objects.filter(user=org.people.p1, kind=ReminderKind.OVERDUE).exists()


def overdue_mails():
    return {m.to[0] for m in mail.outbox if "försenad" in m.subject}


def test_an_overdue_course_is_reminded_again_only_after_the_interval(org, settings):
    settings.LARSPAR_REMINDER_INTERVAL_DAYS = 30
    reminders_send(today=org.today)
    first = overdue_mails()
    assert first == {"p1@example.org", "p2@example.org", "s1@example.org"}

    mail.outbox.clear()
    reminders_send(today=org.today + datetime.timedelta(days=29))
    assert not overdue_mails() & first
    reminders_send(today=org.today + datetime.timedelta(days=30))
    assert overdue_mails() & first == first
    assert list(
        ReminderLog.objects.filter(user=org.people.p1, kind=ReminderKind.OVERDUE)
        .order_by("repeat")
        .values_list("repeat", "sent_on")
    ) == [(0, org.today), (1, org.today + datetime.timedelta(days=30))]


def test_an_expiring_certificate_is_reminded_once_however_often_the_job_runs(org):
    for days in (0, 10, 29, 45):
        reminders_send(today=org.today + datetime.timedelta(days=days))
    expiring = [m for m in mail.outbox if "går snart ut" in m.subject]
    assert [m.to for m in expiring] == [["p4@example.org"]]


def test_a_certificate_that_runs_out_is_reminded_at_once_with_its_renewal_date(org):
    # p4's certificate on the required course expires in 30 days.
    reminders_send(today=org.today)
    mail.outbox.clear()
    expired_on = org.people.p4_cert.expires_on
    reminders_send(today=expired_on + datetime.timedelta(days=1))
    to_p4 = [m for m in mail.outbox if m.to == ["p4@example.org"]]
    assert [m.subject for m in to_p4] == [
        "Ditt certifikat för A-kursen har gått ut – gå kursen igen"
    ]
    renew_by = date_format(expired_on + datetime.timedelta(days=30), "j F Y")
    assert f"Gå kursen igen senast {renew_by}" in to_p4[0].body


def test_a_revoked_certificate_on_a_required_course_is_reminded_with_its_own_words(org, now):
    Certificate.objects.filter(pk=org.people.p3_cert.pk).update(
        revoked_at=now, revoked_reason="Fel person", revoked_reason_category="mistake"
    )
    reminders_send(today=org.today)
    to_p3 = [m for m in mail.outbox if m.to == ["p3@example.org"]]
    assert len(to_p3) == 1
    assert "har återkallats" in to_p3[0].subject
    assert "har återkallats" in to_p3[0].body and "har gått ut" not in to_p3[0].body
