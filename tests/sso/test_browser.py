"""In Chromium: sign in through the loopback OpenID provider and through a SAML IdP, see the
unit's required course, sign out at both ends."""

import datetime
import shutil

import pytest
from saml2.metadata import entity_descriptor

from accounts.models import User
from courses.models import CourseRequirement
from sso.saml import sp_config
from tests.browser import assert_accessible, requires_chromium
from tests.factories import CourseBuilder, OrgUnitFactory
from tests.sso.saml_idp import SAMLIdentityProviderServer

pytestmark = [requires_chromium, pytest.mark.django_db(transaction=True)]
requires_xmlsec = pytest.mark.skipif(
    shutil.which("xmlsec1") is None,
    reason="xmlsec1 is not installed (apt-get install xmlsec1); SAML tests skipped",
)


def test_a_person_signs_in_with_the_organisations_account_and_out_at_both_ends(
    page, live_server, oidc_provider, today
):
    unit = OrgUnitFactory(code="IFO-N", name="IFO Norr")
    required = CourseBuilder.published(modules=[["lesson"]], title="Våld i nära relationer – bas")
    CourseRequirement.objects.create(
        course=required, unit=unit, due_date=today + datetime.timedelta(days=30)
    )
    oidc_provider.person = {
        "sub": "sub-browser",
        "email": "frida@example.se",
        "given_name": "Frida",
        "family_name": "Fors",
        "unit_code": "IFO-N",
    }

    page.goto("/accounts/login/")
    assert_accessible(page, context="sign-in page with single sign-on")
    page.get_by_role("link", name="Logga in med din organisations konto").click()
    page.wait_for_url(f"{live_server.url}/")

    assert "Våld i nära relationer – bas" in page.content()
    assert User.objects.get(email="frida@example.se").unit == unit

    page.locator("form.logout-form").evaluate("form => { form.closest('details').open = true; }")
    page.get_by_role("button", name="Logga ut Frida Fors").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")

    assert len(oidc_provider.logouts) == 1
    assert oidc_provider.logouts[0]["client_id"] == "larspar-test"
    page.goto("/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")


def test_a_person_signs_in_through_a_third_party_provider_and_out_at_both_ends(
    page, live_server, node_oidc_provider_live, today
):
    """The same journey with npm's oidc-provider, a provider we did not write."""
    unit = OrgUnitFactory(code="IFO-V", name="IFO Väster")
    required = CourseBuilder.published(modules=[["lesson"]], title="FREDA – bas")
    CourseRequirement.objects.create(
        course=required, unit=unit, due_date=today + datetime.timedelta(days=30)
    )
    node_oidc_provider_live.sign_in_as(
        {
            "sub": "npm-sub-greta",
            "email": "greta@example.se",
            "email_verified": True,
            "given_name": "Greta",
            "family_name": "Gran",
            "unit_code": "IFO-V",
        }
    )

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Logga in med din organisations konto").click()
    page.wait_for_url(f"{live_server.url}/")

    assert "FREDA – bas" in page.content()
    assert User.objects.get(email="greta@example.se").unit == unit

    page.locator("form.logout-form").evaluate("form => { form.closest('details').open = true; }")
    page.get_by_role("button", name="Logga ut Greta Gran").click()
    # The provider asks before it ends its own session, as most do.
    page.wait_for_url(f"{node_oidc_provider_live.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")

    (asked,) = node_oidc_provider_live.events("end_session.request")
    assert asked["client_id"] == "larspar-npm-op"
    assert asked["id_token_hint"] is True
    assert asked["post_logout_redirect_uri"] == f"{live_server.url}/accounts/login/"
    (ended,) = node_oidc_provider_live.events("end_session.success")
    assert ended["client_id"] == "larspar-npm-op"
    page.goto("/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    # Signed out at the provider too: signing in again asks the provider for a new login
    # (with its session alive it would have answered without one).
    page.get_by_role("link", name="Logga in med din organisations konto").click()
    page.wait_for_url(f"{live_server.url}/")
    logins = [e for e in node_oidc_provider_live.events("interaction") if e["prompt"] == "login"]
    assert len(logins) == 2


@requires_xmlsec
def test_a_person_signs_in_through_saml_and_out_at_both_ends(
    page, live_server, settings, tmp_path, today
):
    unit = OrgUnitFactory(code="IFO-S", name="IFO Söder")
    required = CourseBuilder.published(modules=[["lesson"]], title="Hedersrelaterat våld – bas")
    CourseRequirement.objects.create(
        course=required, unit=unit, due_date=today + datetime.timedelta(days=30)
    )
    settings.LARSPAR_BASE_URL = live_server.url
    settings.LARSPAR_SSO_CLAIM_UNIT = "unit_code"
    # Over plain http the cookie cannot be SameSite=None (that needs Secure); the IdP is
    # same-site here (localhost), so Lax is enough for the test.
    settings.SAML_SESSION_COOKIE_SAMESITE = "Lax"
    metadata = tmp_path / "idp.xml"
    metadata.write_text(
        '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>',
        encoding="utf-8",
    )
    settings.LARSPAR_SAML_IDP_METADATA = str(metadata)
    idp = SAMLIdentityProviderServer(
        tmp_path,
        str(entity_descriptor(sp_config())),
        subject="persistent-hanna",
        attributes={
            "mail": ["hanna@example.se"],
            "givenName": ["Hanna"],
            "sn": ["Holm"],
            "departmentNumber": ["IFO-S"],
        },
    )
    try:
        page.goto("/accounts/login/")
        page.get_by_role("link", name="Logga in med din organisations konto").click()
        page.wait_for_url(f"{live_server.url}/")

        assert "Hedersrelaterat våld – bas" in page.content()
        assert User.objects.get(email="hanna@example.se").unit == unit

        page.locator("form.logout-form").evaluate(
            "form => { form.closest('details').open = true; }"
        )
        page.get_by_role("button", name="Logga ut Hanna Holm").click()
        page.wait_for_url(f"{live_server.url}/accounts/login/")
        assert idp.idp.logouts == ["persistent-hanna"]
    finally:
        idp.stop()
