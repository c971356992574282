"""Sign-in throttling (django-axes): a user+client pair is locked after repeated failures."""

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt

from audit.models import AuditEvent

STOCKHOLM = ZoneInfo("Europe/Stockholm")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=STOCKHOLM)
PASSWORD = "pw-test-123"

pytestmark = pytest.mark.django_db


def _sign_in(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password, **extra})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_thirty_wrong_passwords_lock_and_the_right_one_waits_for_the_cool_off(
    client, administrator, url, caplog
):
    """30 wrong passwords lock the pair; the right password then fails until 15 minutes pass."""
    caplog.set_level(logging.WARNING)
    with time_machine.travel(T0, tick=False) as traveller:
        statuses = [_sign_in(client, url, "ada", f"wrong-{n}").status_code for n in range(30)]
        # The first four are the ordinary "wrong password" form; from the fifth on, locked.
        assert statuses[:4] == [200] * 4
        assert set(statuses[4:]) == {429}

        response = _sign_in(client, url, "ada", PASSWORD)
        assert response.status_code == 429
        assert not _signed_in(client)
        page = response.content.decode()
        assert "Inloggningen är tillfälligt spärrad" in page
        # The lock counts from the fifth failure (09:00) and lasts 15 minutes.
        assert "Spärren upphör kl. 09:15" in page
        assert response["Retry-After"] == str(15 * 60)

        traveller.move_to(T0 + timedelta(minutes=14))
        assert _sign_in(client, url, "ada", PASSWORD).status_code == 429
        assert not _signed_in(client)

        traveller.move_to(T0 + timedelta(minutes=15, seconds=1))
        response = _sign_in(client, url, "ada", PASSWORD)
        assert response.status_code == 302
        assert _signed_in(client)

    # One audit entry per locked answer: the 26 locked wrong passwords, the right one at
    # 09:00 and the one at 09:14.
    locked = AuditEvent.objects.filter(action="sign_in_locked_out", target="ada")
    assert locked.count() == 28
    assert {event.client_address for event in locked} == {"127.0.0.1"}

    messages = [record.getMessage() for record in caplog.records]
    assert any("login failure" in message for message in messages)
    assert any("Sign-in locked out" in message for message in messages)


def test_the_lock_is_per_user_and_client(client, learner, other_learner):
    """Locking lena from one address neither locks olle nor lena from another address."""
    with time_machine.travel(T0, tick=False):
        for n in range(5):
            _sign_in(client, "/accounts/login/", "lena", f"wrong-{n}")
        assert _sign_in(client, "/accounts/login/", "lena", PASSWORD).status_code == 429

        assert _sign_in(client, "/accounts/login/", "olle", PASSWORD).status_code == 302
        client.logout()
        response = client.post(
            "/accounts/login/",
            {"username": "lena", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.7",
        )
        assert response.status_code == 302


def test_a_success_resets_the_count(client, learner):
    """Four failures, a success, four more failures: not locked (the count starts over)."""
    with time_machine.travel(T0, tick=False):
        for n in range(4):
            _sign_in(client, "/accounts/login/", "lena", f"wrong-{n}")
        assert _sign_in(client, "/accounts/login/", "lena", PASSWORD).status_code == 302
        client.logout()
        for n in range(4):
            assert _sign_in(client, "/accounts/login/", "lena", f"wrong-{n}").status_code == 200
        assert _sign_in(client, "/accounts/login/", "lena", PASSWORD).status_code == 302


def test_an_administrator_unlocks_in_the_admin(client, learner, administrator):
    """Deleting the access attempt in axes' admin lifts the lock at once."""
    with time_machine.travel(T0, tick=False):
        for n in range(5):
            _sign_in(client, "/accounts/login/", "lena", f"wrong-{n}")
        attempt = AccessAttempt.objects.get(username="lena")

        admin_client = type(client)()
        admin_client.force_login(administrator)
        listing = admin_client.get("/admin/axes/accessattempt/")
        assert listing.status_code == 200
        assert "lena" in listing.content.decode()
        response = admin_client.post(
            f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
        )
        assert response.status_code == 302

        assert _sign_in(client, "/accounts/login/", "lena", PASSWORD).status_code == 302


def test_public_computer_makes_the_session_end_at_browser_close(client, learner):
    """With "Offentlig dator" ticked the session cookie has no expiry; without it, it has one."""
    response = _sign_in(client, "/accounts/login/", "lena", PASSWORD, public_computer="on")
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""

    client.logout()
    response = _sign_in(client, "/accounts/login/", "lena", PASSWORD)
    assert response.cookies["sessionid"]["max-age"] != ""


def test_the_sign_in_page_offers_the_public_computer_choice(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'id="id_public_computer"' in page
    assert '<label for="id_public_computer">' in page
