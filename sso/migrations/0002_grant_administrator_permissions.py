"""Administrators see and remove single sign-on links (the admin allows nothing else)."""

from django.db import migrations

from common.role_grants import app_permissions_grant, app_permissions_revoke


def grant(apps, schema_editor):
    app_permissions_grant(apps, app_label="sso", grants={"administrator": None})


def revoke(apps, schema_editor):
    app_permissions_revoke(apps, app_label="sso", group_names=["administrator"])


class Migration(migrations.Migration):
    dependencies = [
        ("sso", "0001_external_identity"),
        ("accounts", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
