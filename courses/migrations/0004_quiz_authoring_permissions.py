"""Trainers author quizzes too: questions and their options, never attempts or responses."""

from django.db import migrations

from courses.migrations._authoring_permissions import ensure_permissions

QUIZ_CONTENT_MODELS = [
    "quiz",
    "question",
    "singlechoicequestion",
    "multiplechoicequestion",
    "truefalsequestion",
    "orderingquestion",
    "matchingquestion",
    "choice",
    "orderingitem",
    "matchingpair",
]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    trainer, _ = Group.objects.get_or_create(name="trainer")
    administrator, _ = Group.objects.get_or_create(name="administrator")
    codenames = [f"{action}_{model}" for model in QUIZ_CONTENT_MODELS for action in ACTIONS]
    trainer.permissions.add(
        *Permission.objects.filter(content_type__app_label="quizzes", codename__in=codenames)
    )
    administrator.permissions.add(*Permission.objects.all())


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    quiz_permissions = Permission.objects.filter(content_type__app_label="quizzes")
    for group in Group.objects.filter(name__in=["trainer", "administrator"]):
        group.permissions.remove(*quiz_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_authoring_role_permissions"),
        ("quizzes", "0001_quiz_questions_attempts"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
