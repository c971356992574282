"""The task worker: `manage.py db_worker` runs what the code enqueued, whatever enqueued it."""

import signal

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from reporting.tasks import reminders_send

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def _signals_restored():
    """The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.usefixtures("_signals_restored")
def test_the_real_worker_command_runs_an_enqueued_task_and_records_its_result():
    with transaction.atomic():
        result = reminders_send.enqueue()
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"sent": 0, "overdue": 0, "expiring": 0, "renewal": 0}


def test_tasks_are_configured_with_the_database_backend(settings):
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
