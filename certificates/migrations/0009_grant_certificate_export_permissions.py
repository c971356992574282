"""Administrators hold the permissions of certificate exports too (certificates 0007's rule)."""

from django.db import migrations

from common.role_grants import app_permissions_grant


def grant(apps, schema_editor):
    app_permissions_grant(apps, app_label="certificates", grants={"administrator": None})


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0008_add_certificate_export"),
        ("accounts", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
