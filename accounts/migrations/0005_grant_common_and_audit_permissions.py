"""Administrators hold every permission of the apps below accounts (common, audit).

Those apps know nothing of roles, so the grant lives here, pointing down.
"""

from django.db import migrations

from common.role_grants import app_permissions_grant


def grant(apps, schema_editor):
    for app_label in ("common", "audit"):
        app_permissions_grant(apps, app_label=app_label, grants={"administrator": None})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_professional_group"),
        ("common", "0001_rate_limit_counter"),
        ("audit", "0001_audit_event"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
