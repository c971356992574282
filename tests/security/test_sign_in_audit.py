"""Failed sign-ins (site and admin) are in the audit log: the user name tried and from where."""

import pytest

from audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_a_wrong_password_is_logged(client, learner, path):
    response = client.post(
        path, {"username": "lena", "password": "fel-lösenord"}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert (event.actor, event.actor_label, event.target) == (None, "anonym", "lena")
    assert event.client_address == "192.0.2.7"
    assert event.detail == {"step": "password", "path": path}
    assert "fel-lösenord" not in str(event.detail)


def test_a_right_password_logs_no_failure(client, learner):
    client.post("/accounts/login/", {"username": "lena", "password": "pw-test-123"})
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).exists()


def test_a_lock_out_is_logged_as_well(client, learner, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "lena", "password": "fel"})
    locked = client.post("/accounts/login/", {"username": "lena", "password": "fel"})
    assert locked.status_code == 429
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN_LOCKED_OUT).count() >= 1
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).count() >= 5
