"""Reporting's CSV exports and deleted requirements are in the audit log: who, what, from where."""

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from courses.models import CourseRequirement

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_both_reporting_csv_exports_are_logged(manager_client, org):
    people = manager_client.get(
        reverse("reporting:people-export"), {"status": "staff"}, REMOTE_ADDR="10.0.0.5"
    )
    assert people.status_code == 200
    b"".join(people.streaming_content)
    overview = manager_client.get(reverse("reporting:dashboard-export"))
    assert overview.status_code == 200
    b"".join(overview.streaming_content)
    events = list(AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_EXPORTED))
    assert {e.detail["export"] for e in events} == {
        "reporting_people_csv",
        "reporting_dashboard_csv",
    }
    assert {e.actor for e in events} == {org.manager}
    people_event = next(e for e in events if e.detail["export"] == "reporting_people_csv")
    assert people_event.client_address == "10.0.0.5"
    assert people_event.detail["query"] == "status=staff"


def test_a_refused_export_is_not_logged(manager_client):
    response = manager_client.get(reverse("reporting:people-export"), {"status": "nonsense"})
    assert response.status_code == 400
    assert not AuditEvent.objects.exists()


def test_deleting_a_requirement_is_logged(manager_client, org):
    requirement = CourseRequirement.objects.get(course=org.course_a, unit=org.units.norr_a)
    response = manager_client.post(reverse("reporting:requirement-delete", args=[requirement.pk]))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.REQUIREMENT_DELETED)
    assert event.actor == org.manager
    assert event.detail == {
        "requirement_id": requirement.pk,
        "course": "a-kursen",
        "unit": "NORR-A",
        "professional_group": requirement.professional_group,
        "due_date": requirement.due_date.isoformat(),
    }
