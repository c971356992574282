"""Create the database cache table the verification rate limit counts in.

A migration, so `manage.py migrate` is the only set-up step; `createcachetable`
does the same and skips a table that exists. Nothing happens when the
"ratelimit" cache is not a database cache (e.g. Redis in production).
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_table(apps, schema_editor):
    cache = settings.CACHES.get("ratelimit", {})
    if cache.get("BACKEND") == "django.core.cache.backends.db.DatabaseCache":
        call_command(
            "createcachetable",
            cache["LOCATION"],
            database=schema_editor.connection.alias,
            verbosity=0,
        )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0002_certificate_events_and_constraints")]

    operations = [migrations.RunPython(create_table, migrations.RunPython.noop)]
