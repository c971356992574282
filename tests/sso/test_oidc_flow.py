"""The whole OpenID Connect sign-in against a real provider on loopback (tests/sso/provider.py).

Django's test client plays the browser for Lärspår; the provider is reached
over real HTTP, both by the "browser" (authorize) and by Lärspår (discovery,
token, keys, userinfo).
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from accounts.models import User
from audit.models import AuditAction, AuditEvent
from sso.models import ExternalIdentity
from tests.factories import OrgUnitFactory, UserFactory
from tests.sso.conftest import sso_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    parent = OrgUnitFactory(code="IFO", name="Individ- och familjeomsorg")
    return {"NORR": OrgUnitFactory(code="IFO-N", name="IFO Norr", parent=parent)}


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def refusal(reason):
    return AuditEvent.objects.filter(
        action=AuditAction.SSO_SIGN_IN_REFUSED, detail__reason=reason
    ).count()


def test_a_new_person_signs_in_lands_in_their_unit_and_is_a_learner(client, oidc_provider, units):
    oidc_provider.person = {
        "sub": "sub-anna",
        "email": "Anna.Berg@Example.se",
        "given_name": "Anna",
        "family_name": "Berg",
        "employee_id": "E100",
        "unit_code": "IFO-N",
        "professional_group": "Socialsekreterare",
    }

    response = sso_sign_in(client, oidc_provider)

    assert response.status_code == 302
    assert response["Location"] == reverse("courses:my-courses")
    user = signed_in_user(client)
    assert (user.username, user.email, user.get_full_name()) == (
        "anna.berg@example.se",
        "anna.berg@example.se",
        "Anna Berg",
    )
    assert user.unit == units["NORR"]
    assert user.professional_group == "Socialsekreterare"
    assert user.employee_id == "E100"
    assert set(user.groups.values_list("name", flat=True)) == {"learner"}
    assert not user.has_usable_password()
    assert ExternalIdentity.objects.get(user=user).subject == "sub-anna"
    # The provider's authentication context is kept with the session and in the audit log.
    assert client.session["sso_acr"] == "urn:test:loa:2"
    event = AuditEvent.objects.get(action=AuditAction.SSO_SIGNED_IN)
    assert event.actor == user
    assert event.detail["acr"] == "urn:test:loa:2"
    assert event.detail["created"] is True
    # My courses opens for them.
    assert client.get(reverse("courses:my-courses")).status_code == 200


def test_the_flow_uses_pkce_nonce_and_state_and_discovers_endpoints_once(client, oidc_provider):
    sso_sign_in(client, oidc_provider)
    client.logout()
    sso_sign_in(client, oidc_provider)

    first = oidc_provider.authorize_params[0]
    assert first["code_challenge_method"] == "S256"
    assert first["scope"].split() == ["openid", "email", "profile"]
    assert len(first["state"]) >= 32 and len(first["nonce"]) >= 32
    assert all(len(p["code_verifier"]) >= 43 for p in oidc_provider.token_params)
    discoveries = [r for r in oidc_provider.requests if r[1].startswith("/.well-known/")]
    assert len(discoveries) == 1  # cached after the first sign-in


def test_an_existing_person_is_matched_by_employee_id_and_moved_to_the_unit_of_the_claims(
    client, oidc_provider, units
):
    old_unit = OrgUnitFactory(code="GAMMAL")
    person = UserFactory(username="bertil", email="bertil@example.se", employee_id="E7")
    person.unit = old_unit
    person.save()
    oidc_provider.person = {"sub": "sub-b", "email": "b.new@example.se", "employee_id": "E7"}
    oidc_provider.person["unit_code"] = "IFO-N"

    sso_sign_in(client, oidc_provider)

    person.refresh_from_db()
    assert signed_in_user(client) == person
    assert person.unit == units["NORR"]
    assert person.email == "b.new@example.se"
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ("signature", "token_signature"),
        ("audience", "token_audience"),
        ("issuer", "token_issuer"),
        ("expired", "token_expired"),
        ("nonce", "token_nonce"),
    ],
)
def test_a_forged_or_misdirected_id_token_is_refused_with_a_page_and_an_audit_event(
    client, oidc_provider, tamper, reason
):
    oidc_provider.tamper = tamper

    response = sso_sign_in(client, oidc_provider)

    assert response.status_code == 403
    assert "Inloggningen nekades" in response.content.decode()
    assert signed_in_user(client) is None
    assert not User.objects.exists()
    assert refusal(reason) == 1


def test_a_replayed_callback_is_refused(client, oidc_provider):
    started = client.get("/sso/oidc/logga-in/")
    approved = requests.get(started["Location"], allow_redirects=False, timeout=10)
    callback = urlsplit(approved.headers["Location"])
    assert client.get(f"{callback.path}?{callback.query}").status_code == 302
    client.logout()

    replay = client.get(f"{callback.path}?{callback.query}")

    assert replay.status_code == 403
    assert signed_in_user(client) is None
    assert refusal("state_missing") + refusal("state_unknown") == 1


def test_a_deactivated_person_is_refused_with_a_clear_page(client, oidc_provider):
    UserFactory(username="cilla", email="cilla@example.se", is_active=False)
    oidc_provider.person = {"sub": "sub-c", "email": "cilla@example.se"}

    response = sso_sign_in(client, oidc_provider)

    assert response.status_code == 403
    assert "Ditt konto i Lärspår är avstängt" in response.content.decode()
    assert signed_in_user(client) is None
    assert not ExternalIdentity.objects.exists()
    assert refusal("account_deactivated") == 1


def test_a_refusal_at_the_provider_is_shown_and_recorded(client, oidc_provider):
    oidc_provider.deny = True

    response = sso_sign_in(client, oidc_provider)

    assert response.status_code == 403
    assert refusal("provider_refused") == 1


def test_signing_out_ends_the_session_at_the_provider_too(client, oidc_provider):
    sso_sign_in(client, oidc_provider)

    response = client.post(reverse("logout"))

    assert signed_in_user(client) is None
    assert response.status_code == 200
    html = response.content.decode()
    assert "Du är utloggad från Lärspår" in html
    end_session = html.split('<meta http-equiv="refresh" content="0;url=')[1].split('"')[0]
    location = urlsplit(end_session.replace("&amp;", "&"))
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{oidc_provider.issuer}/logout"
    )
    query = parse_qs(location.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert query["id_token_hint"][0].count(".") == 2


def test_a_local_sign_out_does_not_go_to_the_provider(client, oidc_provider):
    client.force_login(UserFactory())

    response = client.post(reverse("logout"))

    assert response["Location"] == reverse("login")


def test_an_unreachable_provider_gives_a_page_and_passwords_still_work(client, settings):
    settings.LARSPAR_OIDC_ISSUER = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.OIDC_RP_CLIENT_ID = "larspar"
    settings.OIDC_TIMEOUT = 2
    UserFactory(username="dora")

    response = client.get("/sso/oidc/logga-in/")

    assert response.status_code == 503
    assert "svarar inte just nu" in response.content.decode()
    signed_in = client.post(
        reverse("login"), {"username": "dora", "password": "pw-test-123"}, REMOTE_ADDR="10.0.0.1"
    )
    assert signed_in.status_code == 302
    assert signed_in_user(client).username == "dora"


def test_without_configuration_there_is_no_sso(client):
    assert client.get("/sso/oidc/logga-in/").status_code == 404
    assert client.get("/sso/oidc/callback/?code=x&state=y").status_code == 404
    assert "organisations konto" not in client.get(reverse("login")).content.decode()
