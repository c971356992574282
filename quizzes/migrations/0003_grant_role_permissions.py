"""Quizzes grants its own permissions: trainers author quizzes, administrators hold all.

Trainers get quizzes, questions and their options, never attempts or
responses. This grant was courses 0004 (which depended up on quizzes); on a
database where that already ran, this changes nothing.
"""

from django.db import migrations

from common.role_grants import app_permissions_grant, app_permissions_revoke

TRAINER_MODELS = [
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


def grant(apps, schema_editor):
    app_permissions_grant(
        apps, app_label="quizzes", grants={"trainer": TRAINER_MODELS, "administrator": None}
    )


def revoke(apps, schema_editor):
    app_permissions_revoke(apps, app_label="quizzes", group_names=["trainer", "administrator"])


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_record_matching_picks"),
        ("accounts", "0002_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
