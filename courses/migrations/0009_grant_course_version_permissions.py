"""Administrators hold every courses permission, also for the version history (0008)."""

from django.db import migrations

from common.role_grants import app_permissions_grant


def grant(apps, schema_editor):
    app_permissions_grant(apps, app_label="courses", grants={"administrator": None})


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_course_version_history"),
        ("courses", "0007_grant_role_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
