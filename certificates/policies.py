"""Who may do what with certificates, for one certificate and for lists.

- view, revoke, reinstate, rename: administrators. The admin's pages (list,
  record with its code, log, "view on site") are theirs alone.
- download: the holder, managers of the holder's unit (or a unit above it)
  and administrators; a revoked certificate only administrators.
- export: the certificates of a manager's units (all for administrators),
  as in the ZIP of a course's PDFs. Nobody else exports.
- verify_many: checking many codes at once; managers and administrators.
- renew: the holder, for their own certificate.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.api import OrgUnit, Role, user_has_any_role
from common.policies import PermissionPolicy, policy_register

from .models import Certificate

ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
MANAGERS = frozenset({Role.MANAGER})
MANAGERS_AND_ADMINISTRATORS = MANAGERS | ADMINISTRATORS


class CertificatePolicy(PermissionPolicy):
    model = Certificate
    actions = frozenset(
        {"view", "revoke", "reinstate", "rename", "download", "export", "verify_many", "renew"}
    )
    _administrators_only = frozenset({"view", "revoke", "reinstate", "rename"})

    def allows(self, user, action: str, obj: Certificate | None) -> bool:
        is_administrator = user_has_any_role(user, ADMINISTRATORS)
        if action in self._administrators_only:
            return is_administrator
        if action == "verify_many":
            return user_has_any_role(user, MANAGERS_AND_ADMINISTRATORS)
        if action == "renew":
            return obj is None or obj.user_id == user.pk
        if is_administrator:
            return True
        if action == "export":
            if not user_has_any_role(user, MANAGERS):
                return False
            return obj is None or self._in_managed_units(user, obj)
        # download
        if obj is None:
            return True
        if obj.revoked_at is not None:
            return False
        if obj.user_id == user.pk:
            return True
        return user_has_any_role(user, MANAGERS) and self._in_managed_units(user, obj)

    def allowed(self, user, action: str, queryset: QuerySet) -> QuerySet:
        is_administrator = user_has_any_role(user, ADMINISTRATORS)
        if action in self._administrators_only:
            return queryset if is_administrator else queryset.none()
        if action == "verify_many":
            return (
                queryset
                if user_has_any_role(user, MANAGERS_AND_ADMINISTRATORS)
                else queryset.none()
            )
        if action == "renew":
            return queryset.filter(user=user)
        if is_administrator:
            return queryset
        if action == "export":
            if not user_has_any_role(user, MANAGERS):
                return queryset.none()
            return queryset.filter(self._managed_units_q(user))
        # download
        holder_or_units = Q(user=user)
        if user_has_any_role(user, MANAGERS):
            holder_or_units |= self._managed_units_q(user)
        return queryset.filter(holder_or_units, revoked_at__isnull=True)

    @staticmethod
    def _managed_units_q(user) -> Q:
        return Q(user__unit__in=OrgUnit.objects.subtree_of(user.managed_units.all()))

    def _in_managed_units(self, user, certificate: Certificate) -> bool:
        # One query: the same condition as the list form, for this certificate.
        return (
            Certificate.objects.filter(pk=certificate.pk)
            .filter(self._managed_units_q(user))
            .exists()
        )


certificate_policy = policy_register(CertificatePolicy())
