"""Background tasks of the accounts app (run by `manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def user_import_run(*, import_id: int) -> int | None:
    """Run a large HR import; returns how many rows had errors."""
    job = services.user_import_run(import_id=import_id)
    return len(job.errors) if job is not None else None
