"""Groups grants its own permissions: administrators hold all, no other role any.

Facilitators and participants work on the group pages, whose policy
(groups/policies.py) decides what they may do; the admin is not theirs.
"""

from django.db import migrations

from common.role_grants import app_permissions_grant, app_permissions_revoke


def grant(apps, schema_editor):
    app_permissions_grant(apps, app_label="groups", grants={"administrator": None})


def revoke(apps, schema_editor):
    app_permissions_revoke(apps, app_label="groups", group_names=["administrator"])


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("accounts", "0006_create_facilitator_role_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
