"""Administrators hold every permission, also those of models added after 0003.

The grant is idempotent; an app that adds models later should add its
permissions to the administrator group in a migration of its own (or the
project can switch to a post_migrate grant).
"""

from django.db import migrations

from courses.migrations._authoring_permissions import ensure_permissions


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator, _ = Group.objects.get_or_create(name="administrator")
    administrator.permissions.add(*Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_check_uploaded_media_content"),
        ("quizzes", "0002_record_matching_picks"),
        ("certificates", "0003_create_ratelimit_cache_table"),
        ("reporting", "0001_create_reminder_log"),
        ("sessions", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
