"""The issue's "done when": the demo manager on the demo data from `load_demo`."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import OrgUnit, User
from courses.models import Course, Enrollment

pytestmark = [pytest.mark.django_db, pytest.mark.dates, pytest.mark.slow]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # a second run (make run twice) changes nothing


def test_demo_manager_follows_up_their_units_and_nothing_else(client, demo):
    assert Enrollment.objects.filter(user__username="kim").count() == 2
    assert client.login(username="chef", password="chef-demo-2026")
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    summaries = {s.course.slug: s for s in response.context["summaries"]}
    assert set(summaries) == {"vald-i-nara-relationer", "hedersrelaterat-vald", "freda"}
    vinr = summaries["vald-i-nara-relationer"]
    assert vinr.total.unit.code == "SOC-NORR"
    assert [r.unit.code for r in vinr.rows] == [
        "SOC-NORR",
        "SOC-NORR",
        "SOC-NORR-BARN",
        "SOC-NORR-VUXEN",
    ]
    # deltagare, kim, sara (BARN), johan, maria, ali (VUXEN); eva is in SOC-SYD.
    figures = vinr.total.figures
    # Ali's certificate expired over 30 days ago: due again, and overdue.
    assert (
        figures.staff,
        figures.completed,
        figures.cert_expiring,
        figures.renewal_due,
        figures.overdue,
    ) == (6, 3, 1, 1, 4)

    course = Course.objects.get(slug="vald-i-nara-relationer")
    people = client.get(
        reverse("reporting:people"), {"course": course.pk, "status": "cert_expiring"}
    )
    assert [p["first_name"] for p in people.context["page"].object_list] == ["Johan"]
    overdue = client.get(reverse("reporting:people"), {"course": course.pk, "status": "overdue"})
    assert {p["first_name"] for p in overdue.context["page"].object_list} == {
        "Dana",
        "Sara",
        "Maria",
        "Ali",
    }
    export = client.get(reverse("reporting:people-export"), {"course": course.pk})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Lind" in text and "Syd" not in text

    syd = OrgUnit.objects.get(code="SOC-SYD")
    assert client.get(reverse("reporting:dashboard"), {"unit": syd.pk}).status_code == 404
    assert "Eva" not in client.get(reverse("reporting:dashboard")).content.decode()
    assert User.objects.get(username="kim").has_usable_password() is False
