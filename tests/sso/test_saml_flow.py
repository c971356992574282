"""SAML 2.0 sign-in against a pysaml2 identity provider issuing signed responses."""

import base64
import shutil
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from saml2.metadata import entity_descriptor

from accounts.models import User
from audit.models import AuditAction, AuditEvent
from sso.saml import sp_config
from tests.factories import OrgUnitFactory, UserFactory
from tests.sso.saml_idp import IDP_SLO_URL, OTHER_SP_ENTITY_ID, SAMLIdentityProvider

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("xmlsec1") is None,
        reason="xmlsec1 is not installed (apt-get install xmlsec1); SAML tests skipped",
    ),
]

PERSON = {
    "mail": ["gun@example.se"],
    "givenName": ["Gun"],
    "sn": ["Ek"],
    "departmentNumber": ["IFO-S"],
}


@pytest.fixture
def saml_idp(settings, tmp_path):
    """The test IdP, and Lärspår configured to trust it (metadata exchanged both ways)."""
    settings.LARSPAR_BASE_URL = "http://testserver"
    settings.LARSPAR_SSO_CLAIM_UNIT = "unit_code"
    idp_metadata = tmp_path / "idp.xml"
    settings.LARSPAR_SAML_IDP_METADATA = str(idp_metadata)
    # Lärspår's own metadata needs no IdP yet: an empty list stands in until the IdP exists.
    idp_metadata.write_text(
        '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>',
        encoding="utf-8",
    )
    sp_metadata = str(entity_descriptor(sp_config()))
    return SAMLIdentityProvider(tmp_path, sp_metadata)  # writes idp.xml


def start(client):
    response = client.get("/sso/saml/logga-in/")
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def refusals(reason):
    return AuditEvent.objects.filter(
        action=AuditAction.SSO_SIGN_IN_REFUSED, detail__reason=reason
    ).count()


def test_metadata_is_served_at_a_stable_url(client, saml_idp):
    response = client.get("/sso/saml/metadata/")
    assert response.status_code == 200
    xml = response.content.decode()
    assert 'entityID="http://testserver/sso/saml/metadata/"' in xml
    assert "http://testserver/sso/saml/acs/" in xml
    assert 'WantAssertionsSigned="true"' in xml


def test_a_person_signs_in_with_a_signed_assertion_and_lands_in_their_unit(client, saml_idp):
    unit = OrgUnitFactory(code="IFO-S")
    form = saml_idp.respond(start(client), subject="persistent-gun", attributes=PERSON)

    response = client.post("/sso/saml/acs/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert (user.email, user.get_full_name(), user.unit) == ("gun@example.se", "Gun Ek", unit)
    assert client.session["sso_acr"].endswith("PasswordProtectedTransport")


def test_signing_out_ends_the_session_at_the_idp_too(client, saml_idp):
    form = saml_idp.respond(start(client), subject="persistent-gun", attributes=PERSON)
    client.post("/sso/saml/acs/", form)

    page = client.post(reverse("logout"))

    assert "_auth_user_id" not in client.session
    html = page.content.decode()
    assert "Du är utloggad från Lärspår" in html
    slo = html.split('content="0;url=')[1].split('"')[0].replace("&amp;", "&")
    assert slo.startswith(IDP_SLO_URL)
    back = urlsplit(saml_idp.logout(slo))
    assert saml_idp.logouts == ["persistent-gun"]
    assert back.path == "/sso/saml/sls/"
    finished = client.get(f"{back.path}?{back.query}")
    assert finished.status_code == 302
    assert finished["Location"] == reverse("login")


def test_a_replayed_response_is_refused(client, saml_idp):
    form = saml_idp.respond(start(client), subject="persistent-gun", attributes=PERSON)
    assert client.post("/sso/saml/acs/", form).status_code == 302
    client.logout()

    replay = client.post("/sso/saml/acs/", form)

    assert replay.status_code == 403
    assert "_auth_user_id" not in client.session
    assert refusals("assertion_unsolicited") == 1


def test_a_tampered_assertion_is_refused(client, saml_idp):
    form = saml_idp.respond(start(client), subject="persistent-gun", attributes=PERSON)
    xml = base64.b64decode(form["SAMLResponse"]).decode()
    assert "gun@example.se" in xml
    form["SAMLResponse"] = base64.b64encode(
        xml.replace("gun@example.se", "chef@example.se").encode()
    ).decode()

    response = client.post("/sso/saml/acs/", form)

    assert response.status_code == 403
    assert not User.objects.exists()
    assert refusals("assertion_signature") == 1


def test_an_unsigned_assertion_is_refused(client, saml_idp):
    form = saml_idp.respond(
        start(client), subject="persistent-gun", attributes=PERSON, signed=False
    )

    response = client.post("/sso/saml/acs/", form)

    assert response.status_code == 403
    assert not User.objects.exists()
    assert refusals("assertion_signature") == 1


def test_an_assertion_for_another_service_is_refused(client, saml_idp):
    form = saml_idp.respond(
        start(client),
        subject="persistent-gun",
        attributes=PERSON,
        audience=OTHER_SP_ENTITY_ID,
    )

    response = client.post("/sso/saml/acs/", form)

    assert response.status_code == 403
    assert not User.objects.exists()
    assert refusals("assertion_audience") == 1


def test_an_expired_assertion_is_refused(client, saml_idp, clock):
    form = saml_idp.respond(start(client), subject="persistent-gun", attributes=PERSON)
    clock.shift(3600)

    response = client.post("/sso/saml/acs/", form)

    assert response.status_code == 403
    assert not User.objects.exists()
    assert refusals("assertion_expired") == 1


def test_a_deactivated_person_is_refused_through_saml_too(client, saml_idp):
    UserFactory(username="gun", email="gun@example.se", is_active=False)
    form = saml_idp.respond(start(client), subject="persistent-gun", attributes=PERSON)

    response = client.post("/sso/saml/acs/", form)

    assert response.status_code == 403
    assert "Ditt konto i Lärspår är avstängt" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert refusals("account_deactivated") == 1


def test_the_sign_in_page_offers_saml(client, saml_idp):
    html = client.get(reverse("login")).content.decode()
    assert 'href="/sso/saml/logga-in/"' in html
    assert "Logga in med din organisations konto" in html


def test_without_configuration_there_is_no_saml(client):
    assert client.get("/sso/saml/metadata/").status_code == 404
    assert client.get(reverse("login")).status_code == 200
