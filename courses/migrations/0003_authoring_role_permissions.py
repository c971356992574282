"""Give the trainer and administrator groups their permissions, so a new installation has the roles.

Trainers author course content and nothing else: no enrollments, progress,
reflection answers, requirements or users. Administrators get every
permission that exists at this point of the migration history.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
ACTIONS = ["add", "change", "delete", "view"]


def ensure_permissions(apps) -> None:
    # Permissions are normally created by post_migrate, after every
    # migration has run; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    trainer, _ = Group.objects.get_or_create(name="trainer")
    administrator, _ = Group.objects.get_or_create(name="administrator")
    codenames = [f"{action}_{model}" for model in TRAINER_MODELS for action in ACTIONS]
    trainer.permissions.add(
        *Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)
    )
    administrator.permissions.add(*Permission.objects.all())


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ("trainer", "administrator"):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("accounts", "0002_create_role_groups"),
        ("courses", "0002_add_course_requirement"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
