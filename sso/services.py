"""Linking and provisioning people who sign in through their organisation's identity provider."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.api import (
    OrgUnit,
    Role,
    User,
    professional_group_key,
    professional_groups_ensure,
    user_role_grant,
    user_role_revoke,
)
from audit.api import AuditAction, audit_event_record
from common import clock

from .conf import ClaimMapping
from .errors import SSORefused
from .models import ExternalIdentity


@dataclass(frozen=True)
class SSOIdentity:
    """What the identity provider said about the person, read through the claim mapping."""

    issuer: str
    subject: str
    email: str = ""
    # None when the provider does not say (Entra ID often does not).
    email_verified: bool | None = None
    employee_id: str = ""
    first_name: str = ""
    last_name: str = ""
    unit_code: str = ""
    professional_group: str = ""
    role_names: tuple[str, ...] = ()
    # The provider's authentication context (acr) and methods (amr), recorded per sign-in.
    acr: str = ""
    amr: tuple[str, ...] = ()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return " ".join(str(value).split())


def _names(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    return tuple(n for n in (" ".join(str(v).split()) for v in value) if n)


def sso_identity_from_claims(*, issuer: str, claims: Mapping, mapping: ClaimMapping) -> SSOIdentity:
    """Read verified claims (ID token and userinfo, merged) through `mapping`.

    Pure: no queries. Raises SSORefused("claims_missing") without a subject.
    """
    subject = _text(claims.get("sub"))
    if not subject:
        raise SSORefused("claims_missing", detail={"claim": "sub"})
    verified = claims.get("email_verified")
    if isinstance(verified, str):
        verified = verified.lower() == "true"
    return SSOIdentity(
        issuer=issuer,
        subject=subject,
        email=_text(claims.get(mapping.email)).lower(),
        email_verified=verified if isinstance(verified, bool) else None,
        employee_id=_text(claims.get(mapping.employee_id)) if mapping.employee_id else "",
        first_name=_text(claims.get(mapping.first_name))[:150],
        last_name=_text(claims.get(mapping.last_name))[:150],
        unit_code=_text(claims.get(mapping.unit)) if mapping.unit else "",
        professional_group=(
            _text(claims.get(mapping.professional_group))[:100]
            if mapping.professional_group
            else ""
        ),
        role_names=_names(claims.get(mapping.roles)) if mapping.roles else (),
        acr=_text(claims.get("acr")),
        amr=_names(claims.get("amr")),
    )


@dataclass
class SSOSyncResult:
    user: User
    created: bool
    matched_by: str
    changes: list[str] = field(default_factory=list)


def _match(identity: SSOIdentity, mapping: ClaimMapping) -> tuple[User | None, str]:
    """The existing account for a first sign-in, by the configured keys in order."""
    for key in mapping.match_by:
        if key == "employee_id" and identity.employee_id:
            user = User.objects.select_for_update().filter(employee_id=identity.employee_id).first()
            if user is not None:
                return user, key
        elif key == "email" and identity.email:
            if identity.email_verified is False:
                # An unverified address proves nothing about who owns the account.
                continue
            users = list(User.objects.select_for_update().filter(email__iexact=identity.email))
            if len(users) > 1:
                raise SSORefused("email_ambiguous", detail={"email": identity.email})
            if users:
                return users[0], key
    return None, ""


def _username_for(identity: SSOIdentity) -> str:
    if identity.email:
        return identity.email[:150]
    digest = hashlib.sha256(f"{identity.issuer}|{identity.subject}".encode()).hexdigest()
    return f"sso-{digest[:24]}"


def _create(identity: SSOIdentity) -> User:
    username = _username_for(identity)
    if User.objects.filter(username__iexact=username).exists() or (
        identity.email and User.objects.filter(email__iexact=identity.email).exists()
    ):
        raise SSORefused(
            "email_conflict",
            _(
                "Din e-postadress används redan av ett annat konto i Lärspår. Kontakta "
                "kursadministratören i din organisation så kopplas kontona ihop."
            ),
            detail={"email": identity.email},
        )
    if identity.employee_id and User.objects.filter(employee_id=identity.employee_id).exists():
        raise SSORefused("employee_id_conflict", detail={"employee_id": identity.employee_id})
    user = User(
        username=username,
        email=identity.email,
        employee_id=identity.employee_id or None,
        first_name=identity.first_name,
        last_name=identity.last_name,
    )
    # They sign in through their organisation; a password can be set later through reset.
    user.set_unusable_password()
    user.save()
    user_role_grant(user=user, role=Role.LEARNER)
    return user


def _update_profile(user: User, identity: SSOIdentity, mapping: ClaimMapping, detail: dict):
    changed: list[str] = []
    for name in ("first_name", "last_name"):
        value = getattr(identity, name)
        if value and getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if identity.email and user.email.lower() != identity.email:
        if User.objects.exclude(pk=user.pk).filter(email__iexact=identity.email).exists():
            detail["email_not_updated"] = identity.email
        else:
            user.email = identity.email
            changed.append("email")
    if identity.employee_id and user.employee_id != identity.employee_id:
        if User.objects.exclude(pk=user.pk).filter(employee_id=identity.employee_id).exists():
            detail["employee_id_not_updated"] = identity.employee_id
        else:
            user.employee_id = identity.employee_id
            changed.append("employee_id")
    if (
        mapping.unit
        and identity.unit_code
        and not (user.unit_id is not None and user.unit.code == identity.unit_code)
    ):
        unit = OrgUnit.objects.filter(code=identity.unit_code).first()
        if unit is None:
            # Signing in still works; the unit stays as it was until HR adds the code.
            detail["unit_unknown"] = identity.unit_code
        elif user.unit_id != unit.pk:
            user.unit = unit
            changed.append("unit")
    if mapping.professional_group and identity.professional_group:
        groups = professional_groups_ensure(names=[identity.professional_group])
        name = groups[professional_group_key(identity.professional_group)].name
        if user.professional_group != name:
            user.professional_group = name
            changed.append("professional_group")
    if changed:
        user.save(update_fields=changed)
    return changed


def _sync_roles(user: User, identity: SSOIdentity, mapping: ClaimMapping) -> list[str]:
    """Grant and remove only the roles the mapping names; other roles are never touched."""
    if not mapping.roles or not mapping.role_map:
        return []
    wanted = {mapping.role_map[name] for name in identity.role_names if name in mapping.role_map}
    changes = []
    for value in sorted(set(mapping.role_map.values())):
        role = Role(value)
        has = user.has_role(role) and not (user.is_superuser and role == Role.ADMINISTRATOR)
        if value in wanted and not has:
            user_role_grant(user=user, role=role)
            changes.append(f"+{value}")
        elif value not in wanted and has:
            user_role_revoke(user=user, role=role)
            changes.append(f"-{value}")
    return changes


@transaction.atomic
def sso_user_sync(*, identity: SSOIdentity, mapping: ClaimMapping, request=None) -> SSOSyncResult:
    """Find or create the account of a person the identity provider vouched for, and bring
    their unit, professional group, name and (if mapped) roles up to date.

    The first sign-in links the provider's subject to an account matched by
    `mapping.match_by` (employee id and/or e-mail, in that order) or, if none
    matches and `mapping.create_users` is on, to a new learner account. Later
    sign-ins find the account by that link. Records an SSO sign-in audit event.
    Raises SSORefused (nothing written) for a deactivated account, an
    ambiguous or conflicting match, or no account when creation is off.
    """
    now = clock.now()
    link = (
        ExternalIdentity.objects.select_for_update(of=("self", "user"))
        .select_related("user__unit")
        .filter(issuer=identity.issuer, subject=identity.subject)
        .first()
    )
    created = False
    if link is not None:
        user, matched_by = link.user, "link"
    else:
        user, matched_by = _match(identity, mapping)
        if user is not None and (
            ExternalIdentity.objects.filter(user=user, issuer=identity.issuer).exists()
        ):
            # The account already belongs to another identity at this provider.
            raise SSORefused("identity_conflict", detail={"user": user.get_username()})
        if user is None:
            if not mapping.create_users:
                raise SSORefused(
                    "no_account",
                    _(
                        "Det finns inget konto i Lärspår för dig ännu. Kontakta "
                        "kursadministratören i din organisation."
                    ),
                )
            user, created, matched_by = _create(identity), True, "created"
    if not user.is_active:
        raise SSORefused(
            "account_deactivated",
            _(
                "Ditt konto i Lärspår är avstängt, så du kan inte logga in. Kontakta "
                "kursadministratören i din organisation om du behöver komma åt dina kurser."
            ),
            detail={"user": user.get_username()},
        )
    detail: dict = {}
    changes = _update_profile(user, identity, mapping, detail)
    changes += _sync_roles(user, identity, mapping)
    if link is None:
        ExternalIdentity.objects.create(
            user=user,
            issuer=identity.issuer,
            subject=identity.subject,
            linked_at=now,
            last_sign_in_at=now,
        )
    else:
        link.last_sign_in_at = now
        link.save(update_fields=["last_sign_in_at"])
    audit_event_record(
        action=AuditAction.SSO_SIGNED_IN,
        actor=user,
        request=request,
        target=user.get_username(),
        detail={
            "issuer": identity.issuer,
            "matched_by": matched_by,
            "created": created,
            "changes": changes,
            "acr": identity.acr,
            "amr": list(identity.amr),
            **detail,
        },
    )
    return SSOSyncResult(user=user, created=created, matched_by=matched_by, changes=changes)


@transaction.atomic
def sso_identities_unlink(*, user: User) -> int:
    """Remove every link between `user` and identity-provider accounts; return how many.

    Used when a person's data is erased: the provider's subject is personal
    data too, and a later sign-in then starts afresh instead of reaching the
    erased account. Idempotent.
    """
    deleted, _by_model = ExternalIdentity.objects.filter(user=user).delete()
    return deleted
