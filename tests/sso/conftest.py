import os
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.core.cache import cache

from common import clock as site_clock
from tests.sso import node_op
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


# --- npm's oidc-provider (tests/sso/node_op) ------------------------------------------


@pytest.fixture(scope="session")
def _node_op_servers():
    """Running oidc-provider processes, one per site their client redirects to."""
    why = node_op.missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"The third-party OpenID provider must run in CI: {why}")
        pytest.skip(why)
    running: dict[str, node_op.NodeOpenIDProvider] = {}

    def server_for(site: str) -> node_op.NodeOpenIDProvider:
        if site not in running:
            running[site] = node_op.NodeOpenIDProvider(site=site).start()
        return running[site]

    yield server_for
    for server in running.values():
        server.stop()


NODE_OP_PERSON = {
    "sub": "npm-sub-0001",
    "email": "anna@example.se",
    "email_verified": True,
}


def _use_node_op(server, settings):
    # The provider issues tokens at the tests' (frozen) moment, which Lärspår checks them against.
    server.reset(account=NODE_OP_PERSON, now_ms=int(site_clock.timestamp() * 1000))
    settings.LARSPAR_OIDC_ISSUER = server.issuer
    settings.OIDC_RP_CLIENT_ID = node_op.CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = node_op.CLIENT_SECRET
    settings.LARSPAR_SSO_CLAIM_UNIT = "unit_code"
    settings.LARSPAR_SSO_CLAIM_PROFESSIONAL_GROUP = "professional_group"
    cache.clear()


@pytest.fixture
def node_oidc_provider(_node_op_servers, settings, clock):
    """npm's oidc-provider for the test client (redirects to http://testserver), SSO on."""
    server = _node_op_servers("http://testserver")
    _use_node_op(server, settings)
    yield server
    cache.clear()


@pytest.fixture
def node_oidc_provider_live(_node_op_servers, settings, clock, live_server):
    """npm's oidc-provider for the browser (redirects to the live server), SSO on."""
    server = _node_op_servers(live_server.url)
    _use_node_op(server, settings)
    yield server
    cache.clear()


def node_op_authorize(client, *, start="/sso/oidc/logga-in/") -> str:
    """Go through npm's oidc-provider; the callback address (path and query) it sends back.

    Django's test client plays the browser for Lärspår; a cookie-keeping HTTP session
    plays it for the provider, following its redirects (authorization, the interaction,
    the resumed authorization) until it sends the browser back to Lärspår.
    """
    started = client.get(start)
    assert started.status_code == 302, started.content[:500]
    url = started["Location"]
    browser = requests.Session()
    for _hop in range(10):
        if url.startswith("http://testserver/"):
            break
        answer = browser.get(url, allow_redirects=False, timeout=10)
        assert answer.status_code in {302, 303}, f"{url}: {answer.status_code} {answer.text[:500]}"
        url = urljoin(url, answer.headers["Location"])
    else:
        pytest.fail(f"the provider never sent the browser back to Lärspår: {url}")
    callback = urlsplit(url)
    return f"{callback.path}?{callback.query}"


def node_op_sign_in(client, *, start="/sso/oidc/logga-in/"):
    """Sign in through npm's oidc-provider; Lärspår's answer at the callback."""
    return client.get(node_op_authorize(client, start=start))
