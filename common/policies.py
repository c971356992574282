"""One permission policy per resource, in two forms that must agree.

`user_can(user, action, obj)` answers for one object — or, with `obj=None`,
for the action in general (may this user open the list, add, enter the area).
`filter_queryset(user, action, queryset)` narrows a list to exactly the
objects for which `user_can` is true. Views, the admin, templates and exports
ask the policy; none of them repeats a role test. The shape follows Kolibri
(`user_can_read_object` with `readable_by_user_filter`) and Wagtail's
permission policies; tests check that the two forms agree.

Each app defines its policies in `<app>/policies.py` and registers them with
`policy_register`; `CommonConfig.ready()` imports those modules, so
`policy_for()` and the `{% user_can %}` template tag find every policy
without `common` importing a higher app.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import QuerySet


class PermissionPolicy:
    """Base: subclasses name their actions and implement `allows` and `allowed`."""

    model: type[models.Model]
    actions: frozenset[str] = frozenset()

    def user_can(self, user, action: str, obj: models.Model | None = None) -> bool:
        """True if `user` may do `action` to `obj` (or, with no object, at all)."""
        self._check_action(action)
        if not _signed_in(user):
            return False
        return self.allows(user, action, obj)

    def filter_queryset(self, user, action: str, queryset: QuerySet) -> QuerySet:
        """The objects of `queryset` for which `user_can(user, action, obj)` is true.

        Adds at most a subquery; never evaluates the queryset.
        """
        self._check_action(action)
        if not _signed_in(user):
            return queryset.none()
        return self.allowed(user, action, queryset)

    def allows(self, user, action: str, obj: models.Model | None) -> bool:
        raise NotImplementedError

    def allowed(self, user, action: str, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def _check_action(self, action: str) -> None:
        # An unknown action is a typo in a caller; failing closed would hide it.
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} has no action {action!r}")


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


_registry: dict[str, PermissionPolicy] = {}


def policy_register(policy: PermissionPolicy) -> PermissionPolicy:
    """Make `policy` the one policy for its model. Returns it, so a module can keep a name."""
    label = policy.model._meta.label_lower
    if label in _registry and _registry[label] is not policy:
        raise ValueError(f"{label} already has a permission policy")
    _registry[label] = policy
    return policy


def policy_for(target: str | type[models.Model] | models.Model) -> PermissionPolicy:
    """The policy of a model given as "app_label.model", class or instance. KeyError if none."""
    if isinstance(target, str):
        target = apps.get_model(target)
    return _registry[target._meta.label_lower]


class PolicyAdminMixin:
    """A ModelAdmin (or inline) whose permissions and list are its model's policy.

    `policy_actions` maps the admin's view/add/change/delete to policy actions;
    a kind left out is refused to everyone. The change list shows only what the
    "view" action allows, so the admin cannot list more than the policy permits.
    """

    policy_actions: dict[str, str] = {"view": "view"}

    def _policy_allows(self, request, kind: str, obj=None) -> bool:
        action = self.policy_actions.get(kind)
        return action is not None and policy_for(self.model).user_can(request.user, action, obj)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._policy_allows(request, "view", obj)

    def has_add_permission(self, request, *args) -> bool:
        return self._policy_allows(request, "add")

    def has_change_permission(self, request, obj=None) -> bool:
        return self._policy_allows(request, "change", obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._policy_allows(request, "delete", obj)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request) or self.has_change_permission(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        action = self.policy_actions.get("view")
        if action is None:
            return queryset.none()
        return policy_for(self.model).filter_queryset(request.user, action, queryset)
