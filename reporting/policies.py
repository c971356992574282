"""Who may follow up whom: the one permission policy of manager reporting.

Two forms of one rule (as Kolibri's `user_can_read_object` with
`readable_by_user_filter`, and Wagtail's permission policies): `user_can` for
one object, `filter_queryset` for lists. Views, services and exports ask it;
nothing else in reporting decides who sees what.

- Administrators see and change the whole organisation.
- Managers see the units they manage and every unit below them, with their
  staff; they set and remove requirements for those units only. They also
  see requirements that target a professional group everywhere (they apply to
  their staff), without being able to change them.
- Everyone else: nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.api import OrgUnit, User
from courses.api import CourseRequirement

VIEW = "view"  # the dashboard, people lists and exports
REQUIRE = "require"  # set or remove a required course
ACTIONS = (VIEW, REQUIRE)


class ReportingPolicy:
    """Reporting's permissions. `obj` and list items are units, people or requirements."""

    def user_can(self, user, action: str, obj=None) -> bool:
        """Whether `user` may do `action`, on `obj` or (without one) on anything at all.

        Queries: the user's groups (cached on the user) and, for a manager and an
        object, the managed units (cached on the user).
        """
        self._check_action(action)
        if not user.is_authenticated:
            return False
        if user.is_administrator:
            return True
        if not user.is_manager:
            return False
        if obj is None:
            return True
        if isinstance(obj, CourseRequirement):
            if obj.unit_id is None:
                return action == VIEW
            return self._manages(user, obj.unit)
        if isinstance(obj, User):
            return obj.unit_id is not None and self._manages(user, obj.unit)
        if isinstance(obj, OrgUnit):
            return self._manages(user, obj)
        raise TypeError(f"ReportingPolicy knows no objects of type {type(obj).__name__}")

    def filter_queryset(self, user, action: str, queryset: QuerySet) -> QuerySet:
        """`queryset` narrowed to what `user` may do `action` on (empty for everyone else).

        Adds no query of its own beyond the user's groups and managed units (for
        managers, one query, as a list the units' paths are read from).
        """
        self._check_action(action)
        if not user.is_authenticated or not (user.is_administrator or user.is_manager):
            return queryset.none()
        if user.is_administrator:
            return queryset
        units = self._units_q(user)
        model = queryset.model
        if issubclass(model, OrgUnit):
            return queryset.filter(units)
        if issubclass(model, User):
            return queryset.filter(unit__in=OrgUnit.objects.filter(units))
        if issubclass(model, CourseRequirement):
            in_scope = Q(unit__in=OrgUnit.objects.filter(units))
            if action == VIEW:
                in_scope |= Q(unit__isnull=True)
            return queryset.filter(in_scope)
        raise TypeError(f"ReportingPolicy knows no lists of {model.__name__}")

    def is_organisation_wide(self, user) -> bool:
        """Whether `user` sees every unit, also people without one (administrators)."""
        return user.is_authenticated and user.is_administrator

    # --- internals -------------------------------------------------------------

    @staticmethod
    def _check_action(action: str) -> None:
        if action not in ACTIONS:
            raise ValueError(f"Unknown reporting action {action!r}")

    @staticmethod
    def _managed(user) -> list[OrgUnit]:
        # Cached on the user: a page asks several times per request.
        if not hasattr(user, "_reporting_managed_units"):
            user._reporting_managed_units = list(user.managed_units.only("pk", "path"))
        return user._reporting_managed_units

    def _manages(self, user, unit: OrgUnit) -> bool:
        return any(unit.path.startswith(managed.path) for managed in self._managed(user))

    def _units_q(self, user) -> Q:
        condition = Q(pk__in=[])
        for managed in self._managed(user):
            condition |= Q(path__startswith=managed.path)
        return condition


reporting_policy = ReportingPolicy()
