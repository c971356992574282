"""Revocations, renames and exports of personal data appear in the audit log."""

import pytest

from audit.models import AuditEvent
from certificates.services import certificate_reinstate, certificate_rename, certificate_revoke
from tests.certificates.test_bulk import zip_export

pytestmark = pytest.mark.django_db


def test_revoke_reinstate_and_rename_are_logged_with_who_and_why(certificate, administrator):
    certificate_revoke(certificate=certificate, by=administrator, reason="Fel kurs")
    certificate_revoke(certificate=certificate, by=administrator, reason="Igen")  # no change
    certificate_reinstate(certificate=certificate, by=administrator, reason="Rättat")
    certificate_rename(
        certificate=certificate, holder_name="Åsa Ängström", by=administrator, reason="Namnbyte"
    )
    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in events] == [
        "certificate_revoke",
        "certificate_reinstate",
        "certificate_rename",
    ]
    assert {e.actor for e in events} == {administrator}
    assert events[0].detail["reason"] == "Fel kurs"
    assert certificate.display_code in events[0].target


def test_zip_and_csv_exports_are_logged(
    client, certificate, manager_north, course, django_capture_on_commit_callbacks
):
    client.force_login(manager_north)
    response = zip_export(client, django_capture_on_commit_callbacks, course)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    client.post("/certifikat/verifiera/", {"codes": certificate.display_code, "format": "csv"})
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.actor) for e in events] == [
        ("export", manager_north),
        ("export", manager_north),
    ]
    assert events[0].detail == {
        "export": "certificates_zip",
        "course": course.slug,
        "certificates": 1,
    }
    assert events[0].client_address == "127.0.0.1"
