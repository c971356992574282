"""The OpenID provider's endpoints, discovered from the issuer and cached.

mozilla-django-oidc expects every endpoint in settings; here they come from
`<issuer>/.well-known/openid-configuration` at first use, so an identity
provider that moves an endpoint or rotates keys needs no new deploy. The
document is cached (LARSPAR_OIDC_DISCOVERY_SECONDS) in the default cache.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache

from .errors import SSOUnavailable

log = logging.getLogger("larspar.security")

# mozilla-django-oidc setting name -> discovery document key.
DISCOVERED_SETTINGS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
REQUIRED_KEYS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


def _cache_key(issuer: str) -> str:
    return f"sso:oidc-discovery:{issuer}"


def provider_metadata() -> dict:
    """The issuer's discovery document (cached). Raises SSOUnavailable if it cannot be had.

    The document must name the configured issuer exactly (OpenID Connect
    Discovery 1.0, section 4.3), so a look-alike document cannot redirect
    the tokens' issuer check.
    """
    issuer = settings.LARSPAR_OIDC_ISSUER
    cached = cache.get(_cache_key(issuer))
    if cached is not None:
        return cached
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        log.warning("OIDC discovery failed: url=%s error=%s", url, exc)
        raise SSOUnavailable("discovery_failed", detail={"url": url}) from exc
    missing = [key for key in REQUIRED_KEYS if not document.get(key)]
    if missing or document["issuer"].rstrip("/") != issuer:
        log.warning("OIDC discovery document refused: url=%s missing=%s", url, missing)
        raise SSOUnavailable("discovery_invalid", detail={"url": url, "missing": missing})
    cache.set(_cache_key(issuer), document, settings.LARSPAR_OIDC_DISCOVERY_SECONDS)
    return document


def discovered_setting(attr: str, *default):
    """A mozilla-django-oidc setting, the endpoints taken from discovery."""
    if attr in DISCOVERED_SETTINGS:
        value = provider_metadata().get(DISCOVERED_SETTINGS[attr])
        if value is None and default:
            return default[0]
        return value
    if default:
        return getattr(settings, attr, default[0])
    return getattr(settings, attr)


def end_session_url(*, id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser to end the session at the provider, or None if it has no such
    endpoint (RP-Initiated Logout 1.0). Never raises: signing out locally must always work."""
    try:
        endpoint = provider_metadata().get("end_session_endpoint")
    except SSOUnavailable:
        return None
    if not endpoint:
        return None
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": post_logout_redirect_uri,
    }
    if id_token:
        params["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
