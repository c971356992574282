"""The sign-in page with single sign-on: the organisation's accounts first, passwords if allowed."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.sso.conftest import sso_sign_in

pytestmark = pytest.mark.django_db

SSO_BUTTON = "Logga in med din organisations konto"


def test_the_organisations_accounts_come_first_and_passwords_stay(client, oidc_provider):
    html = client.get(reverse("login") + "?next=/kurser/").content.decode()

    assert SSO_BUTTON in html
    assert html.index(SSO_BUTTON) < html.index('id="id_username"')
    assert 'href="/sso/oidc/logga-in/?next=/kurser/"' in html


def test_the_person_returns_to_the_page_they_asked_for(client, oidc_provider):
    response = sso_sign_in(client, oidc_provider, start="/sso/oidc/logga-in/?next=/kurser/")
    assert response["Location"] == "/kurser/"


def test_a_next_address_on_another_site_is_not_followed(client, oidc_provider):
    response = sso_sign_in(
        client, oidc_provider, start="/sso/oidc/logga-in/?next=https://evil.example/"
    )
    assert response["Location"] == reverse("courses:my-courses")


def test_with_local_sign_in_off_only_the_organisations_accounts_remain(
    client, oidc_provider, settings
):
    settings.LARSPAR_LOCAL_LOGIN = False
    UserFactory(username="lokal")

    html = client.get(reverse("login")).content.decode()
    refused = client.post(
        reverse("login"), {"username": "lokal", "password": "pw-test-123"}, REMOTE_ADDR="10.0.0.2"
    )

    assert SSO_BUTTON in html
    assert 'id="id_password"' not in html
    assert "_auth_user_id" not in client.session
    assert refused.status_code == 200


def test_with_local_sign_in_off_a_superuser_can_still_reach_the_admin(
    client, oidc_provider, settings
):
    settings.LARSPAR_LOCAL_LOGIN = False
    UserFactory(username="nod", is_staff=True, is_superuser=True)

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "nod", "password": "pw-test-123", "next": "/admin/"},
        REMOTE_ADDR="10.0.0.3",
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_local_sign_in_cannot_be_turned_off_without_sso(client, settings):
    settings.LARSPAR_LOCAL_LOGIN = False
    UserFactory(username="ensam")

    html = client.get(reverse("login")).content.decode()
    response = client.post(
        reverse("login"), {"username": "ensam", "password": "pw-test-123"}, REMOTE_ADDR="10.0.0.4"
    )

    assert 'id="id_password"' in html and SSO_BUTTON not in html
    assert response.status_code == 302
