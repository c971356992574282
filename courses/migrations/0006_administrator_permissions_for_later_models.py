"""Formerly: administrators get every permission of every app. Now a no-op.

This migration used to depend up on quizzes, certificates and reporting (and
on sessions and admin) to grant the administrator group every permission.
Each app now grants its own in a migration depending down: accounts 0003
(accounts and Django's apps), courses 0007, quizzes 0003, certificates 0004,
reporting 0002. On a database where this already ran, those repeat the grant
without change; on a new database they make it. Kept, empty, so migration
histories stay consistent.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_check_uploaded_media_content")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
