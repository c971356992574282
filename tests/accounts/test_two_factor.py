"""Two-factor sign-in: required of administrators and trainers, optional for managers."""

import re

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditAction, AuditEvent
from tests.factories import make_user, totp_code

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/tvastegsverifiering/"
ENROL = "/accounts/tvastegsverifiering/installera/"


@pytest.fixture
def new_trainer(db):
    """A trainer who has never set up two-factor sign-in."""
    return make_user("nina", roles=["trainer"], is_staff=True, two_factor=False)


def test_a_trainer_without_a_device_is_led_to_set_one_up_before_any_page(client, new_trainer):
    client.force_login(new_trainer)
    for path in ("/", "/admin/", "/certifikat/", "/mina-uppgifter/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{ENROL}?next=")
    # Pages with nothing personal stay reachable, and so does signing out.
    assert client.get("/personuppgifter/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302


def test_enrolment_shows_qr_and_key_then_a_right_code_gives_recovery_codes(client, new_trainer):
    client.force_login(new_trainer)
    page = client.get(ENROL, {"next": "/admin/"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "QR-kod för autentiseringsappen" in html
    device = TOTPDevice.objects.get(user=new_trainer, confirmed=False)
    secret = re.search(r'<code class="secret"[^>]*>([A-Z2-7 ]+)</code>', html).group(1)
    assert device.config_url.split("secret=")[1].startswith(secret.replace(" ", ""))

    wrong = client.post(ENROL, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "Koden stämmer inte" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    done = client.post(ENROL, {"code": totp_code(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert done["Cache-Control"] == "private, no-store"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_ENROLLED)
    assert event.actor == new_trainer and event.detail == {"recovery_codes": 10}


def test_sign_in_asks_for_the_code_and_a_wrong_one_is_refused(client, trainer, clock):
    response = client.post(
        "/accounts/login/", {"username": "tove", "password": "pw-test-123"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(f"{VERIFY}?next=")
    assert "Tvåstegsverifiering" in response.content.decode()

    wrong = client.post(VERIFY, {"code": "123456", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "Koden stämmer inte" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    failure = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert (failure.actor, failure.detail) == (trainer, {"step": "code"})

    device = TOTPDevice.objects.get(user=trainer)
    right = client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})
    assert (right.status_code, right["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_a_code_is_accepted_once(client, trainer):
    device = TOTPDevice.objects.get(user=trainer)
    code = totp_code(device)
    client.force_login(trainer, otp=False)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = type(client)()
    other.force_login(trainer, otp=False)
    assert other.post(VERIFY, {"code": code}).status_code == 400


def test_the_admin_login_asks_for_the_code_too(client, administrator):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "ada", "password": "pw-test-123", "next": "/admin/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2Fadmin%2F"


def test_a_recovery_code_works_once(client, trainer):
    recovery = StaticDevice.objects.create(user=trainer, name="Reservkoder")
    StaticToken.objects.create(device=recovery, token="abcd2345")
    StaticToken.objects.create(device=recovery, token="efgh2345")
    client.force_login(trainer, otp=False)
    used = client.post(VERIFY, {"code": "ABCD 2345", "next": "/admin/"}, follow=True)
    assert used.redirect_chain[-1][0] == "/admin/"
    assert "Du har 1 reservkod kvar" in used.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.RECOVERY_CODE_USED)
    assert event.detail == {"codes_left": 1}

    again = type(client)()
    again.force_login(trainer, otp=False)
    assert again.post(VERIFY, {"code": "abcd2345"}).status_code == 400


def test_wrong_codes_are_throttled_per_person(client, trainer, clock, settings):
    settings.LARSPAR_TWO_FACTOR_FAILURE_LIMIT = 3
    device = TOTPDevice.objects.get(user=trainer)
    client.force_login(trainer, otp=False)
    for _attempt in range(3):
        assert client.post(VERIFY, {"code": "000000"}).status_code == 400
    # Now even the right code waits until the window ends.
    blocked = client.post(VERIFY, {"code": totp_code(device)})
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= settings.LARSPAR_TWO_FACTOR_FAILURE_WINDOW
    assert "För många felaktiga koder" in blocked.content.decode()
    clock.shift(int(blocked["Retry-After"]))
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302


def test_someone_with_a_device_cannot_replace_it_before_the_second_step(client, trainer):
    client.force_login(trainer, otp=False)
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "000000"}).status_code == 302
    assert TOTPDevice.objects.filter(user=trainer).count() == 1


def test_the_next_page_must_be_on_this_site(client, trainer):
    client.force_login(trainer, otp=False)
    device = TOTPDevice.objects.get(user=trainer)
    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_learners_are_not_asked(client, learner):
    client.force_login(learner, otp=False)
    assert client.get("/").status_code == 200
    assert not TOTPDevice.objects.filter(user=learner).exists()


def test_managers_choose_it_and_are_asked_once_they_have_it(client):
    manager = make_user("chef", roles=["manager"])
    client.force_login(manager)
    assert client.get("/").status_code == 200
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "kräver tvåstegsverifiering" not in page.content.decode()
    device = TOTPDevice.objects.get(user=manager)
    assert client.post(ENROL, {"code": totp_code(device)}).status_code == 200

    later = type(client)()
    later.force_login(manager, otp=False)
    assert later.get("/")["Location"].startswith(VERIFY)


def test_the_requirement_can_be_lifted_for_development(client, new_trainer, settings):
    settings.LARSPAR_TWO_FACTOR_REQUIRED = False
    client.force_login(new_trainer)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("backend", "asked"),
    [
        ("accounts.backends.ModelBackend", True),
        ("sso.backends.OIDCBackend", False),
        ("sso.backends.SAMLBackend", False),
    ],
)
def test_the_second_step_is_for_local_sign_ins_not_sso(rf, backend, asked):
    """A trainer signing in with a password must pass the second step; signing in through the
    organisation's identity provider, the provider's own authentication stands."""
    from django.contrib.auth import login
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.middleware import SECOND_STEP_SESSION_KEY
    from tests.factories import make_user

    trainer = make_user("tove", roles=["trainer"], two_factor=False)
    request = rf.get("/")
    request.session = SessionStore()
    login(request, trainer, backend=backend)
    assert request.session[SECOND_STEP_SESSION_KEY] is asked
