"""Formerly: trainers get the quiz authoring permissions. Now a no-op.

This migration used to depend up on quizzes to grant quizzes' permissions.
Each app now grants its own: quizzes 0003_grant_role_permissions does this
grant (the same codenames, idempotently). On a database where this migration
already ran, the grant is in place and quizzes 0003 repeats it without change;
on a new database quizzes 0003 makes it. Kept, empty, so migration histories
stay consistent.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_authoring_role_permissions")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
