"""Reporting grants its own permissions: administrators hold all, no other role any.

Idempotent: on a database where courses 0006 already granted these, nothing changes.
"""

from django.db import migrations

from common.role_grants import app_permissions_grant, app_permissions_revoke


def grant(apps, schema_editor):
    app_permissions_grant(apps, app_label="reporting", grants={"administrator": None})


def revoke(apps, schema_editor):
    app_permissions_revoke(apps, app_label="reporting", group_names=["administrator"])


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_create_reminder_log"),
        ("accounts", "0002_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
