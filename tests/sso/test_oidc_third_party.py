"""Sign-in through a provider we did not write: npm's oidc-provider (tests/sso/node_op).

Django's test client plays the browser for Lärspår; a cookie-keeping HTTP
session plays it for the provider, through its authorization, its login and
consent interaction and back. The refusals (bad signature, wrong audience, …)
are tested against our own provider, which can be told to misbehave.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditAction, AuditEvent
from sso.models import ExternalIdentity
from tests.factories import OrgUnitFactory
from tests.sso.conftest import node_op_authorize, node_op_sign_in
from tests.sso.node_op import CLIENT_ID

pytestmark = pytest.mark.django_db


def test_a_person_signs_in_through_a_third_party_provider_and_lands_in_their_unit(
    client, node_oidc_provider
):
    unit = OrgUnitFactory(code="IFO-N", name="IFO Norr")
    node_oidc_provider.sign_in_as(
        {
            "sub": "npm-sub-anna",
            "email": "Anna.Berg@Example.se",
            "email_verified": True,
            "given_name": "Anna",
            "family_name": "Berg",
            "unit_code": "IFO-N",
            "professional_group": "Socialsekreterare",
        }
    )

    response = node_op_sign_in(client)

    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == reverse("courses:my-courses")
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert (user.email, user.get_full_name()) == ("anna.berg@example.se", "Anna Berg")
    assert user.unit == unit
    assert user.professional_group == "Socialsekreterare"
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (node_oidc_provider.issuer, "npm-sub-anna")
    event = AuditEvent.objects.get(action=AuditAction.SSO_SIGNED_IN)
    assert event.actor == user
    assert event.detail["created"] is True
    # The provider's authentication context, as it put it in the ID token.
    assert event.detail["acr"] == "urn:larspar:test:loa2"
    assert client.session["sso_acr"] == "urn:larspar:test:loa2"
    assert client.get(reverse("courses:my-courses")).status_code == 200

    # The provider saw a code flow with PKCE (S256) and gave out one code, exchanged once.
    (authorization,) = node_oidc_provider.events("authorization.success")
    assert authorization["params"]["client_id"] == CLIENT_ID
    assert authorization["params"]["code_challenge_method"] == "S256"
    assert authorization["params"]["response_type"] == "code"
    (grant,) = node_oidc_provider.events("grant.success")
    assert grant["params"]["grant_type"] == "authorization_code"
    assert node_oidc_provider.events("grant.error") == []


def test_signing_in_again_finds_the_same_account_by_the_providers_subject(
    client, node_oidc_provider
):
    node_oidc_provider.sign_in_as(
        {"sub": "npm-sub-bo", "email": "bo@example.se", "email_verified": True}
    )
    node_op_sign_in(client)
    client.logout()
    node_oidc_provider.sign_in_as(
        {"sub": "npm-sub-bo", "email": "bo.nytt@example.se", "email_verified": True}
    )

    response = node_op_sign_in(client)

    assert response.status_code == 302
    user = User.objects.get()
    assert str(user.pk) == client.session["_auth_user_id"]
    assert user.email == "bo.nytt@example.se"
    assert AuditEvent.objects.filter(action=AuditAction.SSO_SIGNED_IN).count() == 2


def test_a_callback_used_twice_is_refused(client, node_oidc_provider):
    """A callback address replayed after the sign-in signs nobody in."""
    callback = node_op_authorize(client)
    assert parse_qs(urlsplit(callback).query)["iss"] == [node_oidc_provider.issuer]
    assert client.get(callback).status_code == 302
    client.logout()

    replay = client.get(callback)

    assert replay.status_code == 403
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.SSO_SIGN_IN_REFUSED).count() == 1
