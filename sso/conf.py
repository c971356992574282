"""Single sign-on settings, read in one place (config/settings/base.py fills them from env)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


def oidc_enabled() -> bool:
    """OpenID Connect is on when an issuer and a client id are configured."""
    return bool(getattr(settings, "LARSPAR_OIDC_ISSUER", "") and settings.OIDC_RP_CLIENT_ID)


def saml_enabled() -> bool:
    """SAML 2.0 is on when the identity provider's metadata is configured."""
    return bool(getattr(settings, "LARSPAR_SAML_IDP_METADATA", ""))


def local_login_enabled() -> bool:
    """Local passwords stay usable unless SSO is on and LARSPAR_LOCAL_LOGIN=off.

    Turning local sign-in off without any SSO would lock everyone out, so it
    is only honoured while SSO is configured.
    """
    return getattr(settings, "LARSPAR_LOCAL_LOGIN", True) or not (oidc_enabled() or saml_enabled())


@dataclass(frozen=True)
class ClaimMapping:
    """Which claims carry what, and how people are matched (settings LARSPAR_SSO_*)."""

    match_by: tuple[str, ...]  # "employee_id" and/or "email", tried in this order
    employee_id: str
    email: str
    first_name: str
    last_name: str
    unit: str  # claim holding the unit code the HR import uses; "" = never place
    professional_group: str  # "" = never set
    roles: str  # claim holding group/role names; "" = never grant roles
    role_map: dict[str, str]  # claim value -> accounts Role value
    create_users: bool


def claim_mapping() -> ClaimMapping:
    """The mapping in force, from settings."""
    return ClaimMapping(
        match_by=tuple(settings.LARSPAR_SSO_MATCH_BY),
        employee_id=settings.LARSPAR_SSO_CLAIM_EMPLOYEE_ID,
        email=settings.LARSPAR_SSO_CLAIM_EMAIL,
        first_name=settings.LARSPAR_SSO_CLAIM_FIRST_NAME,
        last_name=settings.LARSPAR_SSO_CLAIM_LAST_NAME,
        unit=settings.LARSPAR_SSO_CLAIM_UNIT,
        professional_group=settings.LARSPAR_SSO_CLAIM_PROFESSIONAL_GROUP,
        roles=settings.LARSPAR_SSO_CLAIM_ROLES,
        role_map=dict(settings.LARSPAR_SSO_ROLE_MAP),
        create_users=settings.LARSPAR_SSO_CREATE_USERS,
    )


def parse_role_map(value: str) -> dict[str, str]:
    """'Lärspår-chefer=manager, Lärspår-utbildare=trainer' -> {claim value: role}.

    Used by the settings; an entry naming an unknown role is refused at start-up.
    """
    allowed = {"learner", "trainer", "manager", "administrator"}
    result: dict[str, str] = {}
    for item in value.split(","):
        if not item.strip():
            continue
        name, sep, role = item.rpartition("=")
        role = role.strip()
        if not sep or not name.strip() or role not in allowed:
            raise ValueError(
                f"LARSPAR_SSO_ROLE_MAP: '{item.strip()}' is not 'claim value=role' "
                f"with a role among {sorted(allowed)}"
            )
        result[name.strip()] = role
    return result
