"""Administrators hold every permission of accounts and of Django's own apps.

Each app grants its own permissions (courses, quizzes, certificates, reporting
in their own migrations). Django's apps (auth, contenttypes, sessions, admin)
have no migrations of ours, so the ground app grants theirs. Idempotent: on a
database where courses 0003/0006 already granted these, nothing changes.
"""

from django.db import migrations

from common.role_grants import app_permissions_grant, app_permissions_revoke

APPS = ["accounts", "auth", "contenttypes", "sessions", "admin"]


def grant(apps, schema_editor):
    for app_label in APPS:
        app_permissions_grant(apps, app_label=app_label, grants={"administrator": None})


def revoke(apps, schema_editor):
    for app_label in APPS:
        app_permissions_revoke(apps, app_label=app_label, group_names=["administrator"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sessions", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
