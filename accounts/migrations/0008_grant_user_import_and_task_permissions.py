"""Administrators hold the permissions of the new user-import jobs and of the task queue.

The task queue (django_tasks_db, app label django_tasks_database) knows nothing
of roles, like Django's own apps in accounts 0003, so its grant lives here.
"""

from django.db import migrations

from common.role_grants import app_permissions_grant

APPS = ("accounts", "django_tasks_database")


def grant(apps, schema_editor):
    for app_label in APPS:
        app_permissions_grant(apps, app_label=app_label, grants={"administrator": None})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_add_user_import"),
        ("django_tasks_database", "0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
