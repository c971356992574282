import pytest
import requests
from django.core.cache import cache

from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, OpenIDProvider


@pytest.fixture(scope="session")
def _provider_server():
    provider = OpenIDProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def oidc_provider(_provider_server, settings):
    """The loopback OpenID provider, with Lärspår configured to use it (SSO on)."""
    _provider_server.reset()
    settings.LARSPAR_OIDC_ISSUER = _provider_server.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.LARSPAR_SSO_CLAIM_UNIT = "unit_code"
    settings.LARSPAR_SSO_CLAIM_PROFESSIONAL_GROUP = "professional_group"
    cache.clear()  # the discovery document of an earlier test's settings
    yield _provider_server
    cache.clear()


def sso_sign_in(client, provider=None, *, start="/sso/oidc/logga-in/"):
    """Follow the redirect flow with Django's test client and a real HTTP call to the provider.

    Returns the response of the callback (Lärspår's answer after the token exchange).
    """
    started = client.get(start)
    assert started.status_code == 302, started.content[:500]
    approved = requests.get(started["Location"], allow_redirects=False, timeout=10)
    assert approved.status_code == 302, approved.text
    callback = requests.utils.urlparse(approved.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")
