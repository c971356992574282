"""Expired and revoked certificates make a required course due again ("Förnyelse krävs")."""

import csv
import datetime
import io
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse

from accounts.services import org_unit_create
from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import CourseRequirement, Enrollment
from reporting.selectors import dashboard_get, people_get, reporting_scope_get
from tests.factories import CourseBuilder, make_user

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()


def _certified(user, course, **fields):
    enrollment = Enrollment.objects.create(
        user=user, course=course, round=1, completed_at=NOW - datetime.timedelta(days=800)
    )
    certificate = certificate_issue(enrollment=enrollment)
    Certificate.objects.filter(pk=certificate.pk).update(**fields)
    return certificate


@pytest.fixture
def renewal(db, settings):
    """In unit U, course K is required by 2026-12-31 (not yet due) for everyone:

    valid    certificate valid for a year
    expired  expired 10 days ago: renewal due in 20 days
    late     expired 40 days ago: renewal due 10 days ago, so overdue
    revoked  revoked 5 days ago: renewal due in 25 days
    fresh    not started: required, not yet due
    """
    settings.LARSPAR_RENEWAL_DAYS = 30
    with time_machine.travel(NOW, tick=False):
        unit = org_unit_create(code="U", name="Enhet U")
        course = CourseBuilder.published(modules=[["lesson"]], title="K-kursen", slug="k")
        people = {
            name: make_user(name, unit=unit, first_name=name.capitalize(), last_name=name)
            for name in ("valid", "expired", "late", "revoked", "fresh")
        }
        _certified(people["valid"], course, expires_on=TODAY + datetime.timedelta(days=365))
        expired = _certified(
            people["expired"], course, expires_on=TODAY - datetime.timedelta(days=10)
        )
        _certified(people["late"], course, expires_on=TODAY - datetime.timedelta(days=40))
        revoked = _certified(
            people["revoked"],
            course,
            expires_on=TODAY + datetime.timedelta(days=300),
            revoked_at=NOW - datetime.timedelta(days=5),
            revoked_reason="Felaktigt utfärdat",
            revoked_reason_category="mistake",
        )
        CourseRequirement.objects.create(
            course=course, unit=unit, due_date=datetime.date(2026, 12, 31)
        )
        manager = make_user("chefen", roles=["manager"])
        manager.managed_units.set([unit])
    return SimpleNamespace(
        unit=unit, course=course, people=people, manager=manager, expired=expired, revoked=revoked
    )


@time_machine.travel(NOW, tick=False)
def test_dashboard_counts_renewals_and_late_renewals_as_overdue(renewal):
    scope = reporting_scope_get(user=renewal.manager)
    [summary] = dashboard_get(scope=scope, unit=renewal.unit, courses=[renewal.course])
    figures = summary.total.figures
    assert (figures.required, figures.completed, figures.cert_valid) == (5, 4, 1)
    assert figures.cert_expired == 2  # expired, late (a revoked one is not "expired")
    assert figures.renewal_due == 3  # expired, late, revoked
    assert figures.overdue == 1  # late


@time_machine.travel(NOW, tick=False)
def test_people_list_shows_renewal_with_its_due_date_and_revoked_certificates(client, renewal):
    client.force_login(renewal.manager)
    response = client.get(
        reverse("reporting:people"), {"course": renewal.course.pk, "status": "renewal_due"}
    )
    rows = {row["first_name"]: row for row in response.context["page"].object_list}
    assert set(rows) == {"Expired", "Late", "Revoked"}
    assert {row["status_label"] for row in rows.values()} == {"Förnyelse krävs"}
    assert rows["Expired"]["due_date"] == datetime.date(2026, 6, 5) + datetime.timedelta(30)
    assert rows["Revoked"]["due_date"] == datetime.date(2026, 6, 10) + datetime.timedelta(30)
    assert rows["Revoked"]["cert_label"] == "Återkallat"
    assert rows["Late"]["is_overdue"] and not rows["Expired"]["is_overdue"]
    html = response.content.decode()
    assert html.count("Förnyelse krävs") >= 3
    assert "Återkallat" in html


@time_machine.travel(NOW, tick=False)
def test_csv_shows_renewal_revocation_and_overdue(client, renewal):
    client.force_login(renewal.manager)
    response = client.get(reverse("reporting:people-export"), {"course": renewal.course.pk})
    text = response.getvalue().decode("utf-8")[1:]
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    records = {row[2]: dict(zip(header, row, strict=True)) for row in rows}
    assert records["Revoked"]["Status"] == "Förnyelse krävs"
    assert records["Revoked"]["Certifikatstatus"] == "Återkallat"
    assert records["Revoked"]["Klar senast"] == "2026-07-10"
    assert records["Late"]["Försenad"] == "ja"
    assert records["Expired"]["Försenad"] == ""
    assert records["Valid"]["Status"] == "Klar"
    assert records["Fresh"]["Klar senast"] == "2026-12-31"


@time_machine.travel(NOW, tick=False)
def test_the_renewal_period_is_configurable(renewal, settings):
    settings.LARSPAR_RENEWAL_DAYS = 5
    overdue = people_get(units=[renewal.unit], course=renewal.course, status="overdue")
    assert sorted(row["first_name"] for row in overdue) == ["Expired", "Late"]
