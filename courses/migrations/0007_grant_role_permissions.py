"""Courses grants its own permissions: trainers author content, administrators hold all.

Trainers get the content models (as in 0003), never enrollments, progress,
reflection answers or requirements. Administrators get every courses
permission, also of models added after 0003. Idempotent: on a database where
0003/0006 already ran, nothing changes.
"""

from django.db import migrations

from common.role_grants import app_permissions_grant, app_permissions_revoke

TRAINER_MODELS = [
    "course",
    "module",
    "step",
    "lesson",
    "contentblock",
    "textblock",
    "imageblock",
    "videoblock",
    "caseblock",
    "reflectionblock",
    "factblock",
    "downloadblock",
    "sourcesblock",
]


def grant(apps, schema_editor):
    app_permissions_grant(
        apps, app_label="courses", grants={"trainer": TRAINER_MODELS, "administrator": None}
    )


def revoke(apps, schema_editor):
    app_permissions_revoke(apps, app_label="courses", group_names=["trainer", "administrator"])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_administrator_permissions_for_later_models"),
        ("accounts", "0002_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
