"""Who may manage people and the organisation tree: administrators only.

`RolePolicy` is the shape for rules that depend on the user's role alone, not
on the object; other apps build on it (courses' authoring policy).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db.models import QuerySet

from common.policies import PermissionPolicy, policy_register

from .models import OrgUnit, Role, User


def user_has_any_role(user, roles: Iterable[Role]) -> bool:
    """True if `user` holds one of `roles` (a superuser counts as an administrator)."""
    return any(user.has_role(role) for role in roles)


class RolePolicy(PermissionPolicy):
    """Each action is allowed to a set of roles, whatever the object."""

    roles: Mapping[str, frozenset[Role]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.actions = frozenset(cls.roles)

    def allows(self, user, action: str, obj=None) -> bool:
        return user_has_any_role(user, self.roles[action])

    def allowed(self, user, action: str, queryset: QuerySet) -> QuerySet:
        return queryset if self.allows(user, action) else queryset.none()


ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})


class UserPolicy(RolePolicy):
    """People: administrators look up, add, import, change and deactivate accounts."""

    model = User
    roles = {action: ADMINISTRATORS for action in ("view", "add", "change", "delete", "import")}


class OrgUnitPolicy(RolePolicy):
    """The organisation tree is kept by administrators."""

    model = OrgUnit
    roles = {action: ADMINISTRATORS for action in ("view", "add", "change", "delete")}


user_policy = policy_register(UserPolicy())
org_unit_policy = policy_register(OrgUnitPolicy())


# --- Two-factor sign-in --------------------------------------------------------

TWO_FACTOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.TRAINER})


def two_factor_required(user) -> bool:
    """True if `user` must sign in with a second factor: administrators and trainers.

    Staff and superusers count as administrators whatever their groups (they
    reach the admin). Managers may choose it; learners are never asked unless
    they have a device. LARSPAR_TWO_FACTOR_REQUIRED=false lifts the rule
    (development only; production refuses it).
    """
    if not (user.is_authenticated and settings.LARSPAR_TWO_FACTOR_REQUIRED):
        return False
    return user.is_staff or user.is_superuser or user_has_any_role(user, TWO_FACTOR_ROLES)
