"""Migrations point down the app layers, so each app can be migrated without the ones above.

Each app grants its own permissions in its own migration (common/role_grants.py);
none depends on a higher app, as courses' permission migrations once did.
"""

from django.db.migrations.loader import MigrationLoader

# Lowest first; quizzes and certificates stand side by side on courses.
LAYERS = {"accounts": 0, "courses": 1, "quizzes": 2, "certificates": 2, "reporting": 3}


def test_no_migration_depends_on_a_higher_or_sideways_app():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    upward = [
        (app, name, dependency)
        for (app, name), migration in loader.disk_migrations.items()
        if app in LAYERS
        for dependency in migration.dependencies
        if dependency[0] in LAYERS and dependency[0] != app and LAYERS[dependency[0]] >= LAYERS[app]
    ]
    assert upward == []
