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
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[1].split(";")[1:4] == ["system", "import", "'=hr.csv"]
    assert AuditEvent.objects.filter(action="export", actor=administrator).count() == 1


def _event_at(moment, **fields):
    with time_machine.travel(moment, tick=False):
        return audit_event_record(**fields)


def test_administrators_filter_by_person_and_date_range(client, administrator):
    _event_at(
        datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        action=AuditAction.USERS_IMPORTED,
        target="mars.csv",
    )
    _event_at(
        datetime(2026, 4, 30, 22, 30, tzinfo=UTC),  # 1 May 00:30 in Stockholm
        action=AuditAction.SIGN_IN_FAILED,
        target="pia",
    )
    _event_at(
        datetime(2026, 5, 2, 8, 0, tzinfo=UTC), action=AuditAction.SIGN_IN_FAILED, target="olle"
    )
    client.force_login(administrator)

    def listed(**params):
        response = client.get("/admin/audit/auditevent/", params)
        assert response.status_code == 200
        return sorted(e.target for e in response.context["cl"].result_list)

    assert listed(person="PIA") == ["pia"]
    assert listed(**{"from": "2026-05-01", "to": "2026-05-01"}) == ["pia"]
    assert listed(**{"from": "2026-04-01"}) == ["olle", "pia"]
    assert listed(to="2026-04-30") == ["mars.csv"]
    assert listed(action__exact="sign_in_failed", to="2026-05-02") == ["olle", "pia"]
    # A date that is not one: the admin's "invalid filter" answer, never a 500.
    assert client.get("/admin/audit/auditevent/", {"from": "inte-ett-datum"}).status_code == 302


def test_the_filtered_list_exports_as_csv_and_the_export_is_logged(client, administrator):
    audit_event_record(action=AuditAction.SIGN_IN_FAILED, target="pia", detail={"step": "code"})
    audit_event_record(action=AuditAction.SIGN_IN_FAILED, target="olle")
    client.force_login(administrator)
    page = client.get("/admin/audit/auditevent/", {"person": "pia"}).content.decode()
    assert "/admin/audit/auditevent/export.csv?person=pia" in page
    response = client.get("/admin/audit/auditevent/export.csv", {"person": "pia"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert rows[1].split(";")[1:] == [
        "system",
        "sign_in_failed",
        "pia",
        "",
        '"{""step"": ""code""}"',
    ]
    export = AuditEvent.objects.get(action=AuditAction.PERSONAL_DATA_EXPORTED)
    assert export.detail == {
        "export": "audit_csv",
        "scope": "filtered",
        "events": 1,
        "query": "person=pia",
    }


def test_trainers_cannot_read_or_export_the_log(client, trainer):
    audit_event_record(action=AuditAction.SIGN_IN_FAILED, target="pia")
    client.force_login(trainer)
    assert client.get("/admin/audit/auditevent/").status_code == 403
    assert client.get("/admin/audit/auditevent/export.csv").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_EXPORTED).exists()


def test_apply_retention_deletes_events_older_than_the_setting(administrator, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.LARSPAR_AUDIT_RETENTION_MONTHS = 12
    _event_at(
        datetime(2025, 5, 11, 9, 0, tzinfo=UTC), action=AuditAction.USERS_IMPORTED, target="old"
    )
    _event_at(
        datetime(2025, 5, 12, 9, 0, tzinfo=UTC), action=AuditAction.USERS_IMPORTED, target="new"
    )

    out = StringIO()
    call_command("apply_retention", "--by", "ada", "--dry-run", stdout=out)
    assert "1 audit events would delete" in out.getvalue()
    assert AuditEvent.objects.count() == 2

    call_command("apply_retention", "--by", "ada", stdout=StringIO())
    assert set(
        AuditEvent.objects.exclude(action="audit_expire").values_list("target", flat=True)
    ) == {"new"}
    expiry = AuditEvent.objects.get(action=AuditAction.AUDIT_EXPIRED)
    assert expiry.actor == administrator and expiry.detail["events"] == 1
    # Everything else still refuses deletion.
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
