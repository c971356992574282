"""The audit log is append-only and read-only in the admin."""

from datetime import UTC, datetime

import pytest
import time_machine

from audit.models import AuditAction, AuditEvent
from audit.services import audit_event_record

pytestmark = pytest.mark.django_db


def test_an_event_records_who_when_what_and_from_where(rf, administrator):
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")
    request.user = administrator
    with time_machine.travel(datetime(2026, 3, 2, 9, 30, tzinfo=UTC), tick=False):
        event = audit_event_record(
            action=AuditAction.PERSONAL_DATA_EXPORTED, request=request, target="Rapport"
        )
    event.refresh_from_db()
    assert (event.actor, event.actor_label, event.client_address) == (
        administrator,
        "ada",
        "10.1.2.3",
    )
    assert event.at == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert event.action == "export" and event.target == "Rapport"


def test_events_cannot_be_changed_or_deleted():
    event = audit_event_record(action=AuditAction.USERS_IMPORTED, target="hr.csv")
    assert event.actor_label == "system"
    event.target = "annat"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(target="annat")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().target == "hr.csv"


def test_administrators_read_and_filter_but_cannot_edit_in_the_admin(client, administrator):
    event = audit_event_record(action=AuditAction.USERS_IMPORTED, target="hr.csv")
    audit_event_record(action=AuditAction.CERTIFICATE_REVOKED, target="AAAA-BBBB")
    client.force_login(administrator)
    listing = client.get("/admin/audit/auditevent/", {"action__exact": "import"})
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "hr.csv" in page and "AAAA-BBBB" not in page
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    detail = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert detail.status_code == 200
    assert 'name="target"' not in detail.content.decode()
    assert (
        client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.count() == 2


def test_learners_cannot_read_the_log(client, learner):
    client.force_login(learner)
    assert client.get("/admin/audit/auditevent/").status_code == 302


def test_administrators_export_the_log_as_csv_and_the_export_is_logged(client, administrator):
    event = audit_event_record(action=AuditAction.USERS_IMPORTED, target="=hr.csv")
    client.force_login(administrator)
    response = client.post(
        "/admin/audit/auditevent/",
        {"action": "export_csv", "_selected_action": [event.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[1].split(";")[1:4] == ["system", "import", "'=hr.csv"]
    assert AuditEvent.objects.filter(action="export", actor=administrator).count() == 1
