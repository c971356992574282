"""SAML 2.0 service-provider configuration for djangosaml2/pysaml2, built from settings.

Off unless LARSPAR_SAML_IDP_METADATA names the identity provider's metadata
(a file or an https URL). The entity id and endpoints hang off
LARSPAR_BASE_URL, never the request's Host header. Assertions must be signed;
unsolicited responses (no matching request in this browser) are refused,
which is also what refuses a replayed response.
"""

from __future__ import annotations

import shutil

import saml2
from django.conf import settings
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED

from .conf import saml_enabled

__all__ = ["claims_from_session_info", "saml_enabled", "sp_config", "sp_entity_id"]


def sp_entity_id() -> str:
    return settings.LARSPAR_SAML_ENTITY_ID or f"{_root()}/sso/saml/metadata/"


def _root() -> str:
    return settings.LARSPAR_BASE_URL.rstrip("/")


def _metadata_source() -> dict:
    source = settings.LARSPAR_SAML_IDP_METADATA
    if source.startswith(("https://", "http://")):
        return {"remote": [{"url": source}]}
    return {"local": [source]}


def sp_config(request=None) -> SPConfig:
    """The pysaml2 SP configuration (djangosaml2's SAML_CONFIG_LOADER)."""
    root = _root()
    config = {
        "entityid": sp_entity_id(),
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Lärspår",
                "name_id_format": [NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED],
                "endpoints": {
                    "assertion_consumer_service": [
                        (f"{root}/sso/saml/acs/", saml2.BINDING_HTTP_POST)
                    ],
                    "single_logout_service": [
                        (f"{root}/sso/saml/sls/", saml2.BINDING_HTTP_REDIRECT)
                    ],
                },
                "want_assertions_signed": True,
                "want_response_signed": False,
                # A response must answer a request this browser started.
                "allow_unsolicited": False,
                "authn_requests_signed": bool(settings.LARSPAR_SAML_SP_KEY_FILE),
            }
        },
        "metadata": _metadata_source(),
        "accepted_time_diff": settings.LARSPAR_OIDC_LEEWAY_SECONDS,
    }
    if settings.LARSPAR_SAML_SP_KEY_FILE:
        config["key_file"] = settings.LARSPAR_SAML_SP_KEY_FILE
        config["cert_file"] = settings.LARSPAR_SAML_SP_CERT_FILE
    conf = SPConfig()
    conf.load(config)
    return conf


def claims_from_session_info(session_info: dict) -> dict:
    """A pysaml2 login (issuer, NameID, attributes) as OpenID-style claims for sso_user_sync.

    LARSPAR_SAML_ATTRIBUTE_MAP says which SAML attribute carries which claim;
    the persistent NameID is the subject.
    """
    attributes = session_info.get("ava", {})
    claims: dict = {"sub": getattr(session_info.get("name_id"), "text", "") or ""}
    for claim, attribute in settings.LARSPAR_SAML_ATTRIBUTE_MAP.items():
        if attribute in attributes:
            claims[claim] = attributes[attribute]
    authn = session_info.get("authn_info") or []
    if authn:
        claims["acr"] = authn[0][0]
    return claims
