"""What other apps may use from `accounts` (people, units, roles).

Apps above `accounts` import from here only; the lint contract
"Apps import each other only through their api" checks it.
"""

from .models import (
    OrgUnit,
    ProfessionalGroup,
    Role,
    User,
    professional_group_key,
    user_with_roles_get,
)
from .policies import RolePolicy, user_has_any_role
from .services import (
    org_unit_create,
    professional_groups_ensure,
    user_role_grant,
    user_role_revoke,
)

__all__ = [
    "OrgUnit",
    "ProfessionalGroup",
    "Role",
    "RolePolicy",
    "User",
    "org_unit_create",
    "professional_group_key",
    "professional_groups_ensure",
    "user_has_any_role",
    "user_role_grant",
    "user_role_revoke",
    "user_with_roles_get",
]
