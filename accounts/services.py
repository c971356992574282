from django.contrib.auth.models import Group
from django.db import transaction

from .models import OrgUnit, Role, User


@transaction.atomic
def org_unit_create(*, code: str, name: str, parent: OrgUnit | None = None) -> OrgUnit:
    """Create a unit and set its materialised path below `parent`."""
    unit = OrgUnit.objects.create(code=code, name=name, parent=parent)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


@transaction.atomic
def org_unit_move(*, unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
    """Move `unit` (and its subtree) below `parent`. Raises ValueError on a cycle."""
    if parent is not None and parent.path.startswith(unit.path):
        raise ValueError("A unit cannot be moved below itself.")
    old_path = unit.path
    new_path = f"{parent.path if parent else '/'}{unit.pk}/"
    for descendant in OrgUnit.objects.select_for_update().filter(path__startswith=old_path):
        descendant.path = new_path + descendant.path[len(old_path) :]
        descendant.save(update_fields=["path"])
    unit.parent = parent
    unit.path = new_path
    unit.save(update_fields=["parent", "path"])
    return unit


@transaction.atomic
def user_role_grant(*, user: User, role: Role) -> User:
    """Put `user` in the group of `role`. Idempotent."""
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)
    return user
