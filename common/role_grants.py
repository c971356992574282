"""Used by each app's data migration that gives the role groups that app's permissions.

Each app grants its own permissions in its own migration, depending only on
lower apps (accounts' role groups, Django's auth and contenttypes), as in
Wagtail's `wagtail/images/migrations/0002_initial_data.py`. An app that adds a
model later adds a migration calling `app_permissions_grant` again.

Migrations import this module, so its behaviour must not change under them:
add a function rather than change one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

ACTIONS = ("add", "change", "delete", "view")


def app_permissions_grant(apps, *, app_label: str, grants: Mapping[str, Iterable[str] | None]):
    """Give role groups permissions of `app_label`'s models. Idempotent.

    `grants` maps a group name to the model names whose add/change/delete/view
    permissions it gets, or to None for every permission of the app. Groups are
    created if missing. Permissions are created first: Django otherwise creates
    them only after every migration has run (post_migrate).
    """
    create_permissions(global_apps.get_app_config(app_label), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    of_app = Permission.objects.filter(content_type__app_label=app_label)
    for group_name, models in grants.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        if models is None:
            group.permissions.add(*of_app)
        else:
            codenames = [f"{action}_{model}" for model in models for action in ACTIONS]
            group.permissions.add(*of_app.filter(codename__in=codenames))


def app_permissions_revoke(apps, *, app_label: str, group_names: Iterable[str]) -> None:
    """Take every permission of `app_label` from the named groups (reverse of a grant)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    of_app = Permission.objects.filter(content_type__app_label=app_label)
    for group in Group.objects.filter(name__in=list(group_names)):
        group.permissions.remove(*of_app)
