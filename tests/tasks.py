"""Drive the background-task worker from a test.

`run_tasks()` runs every queued task the way `manage.py db_worker --batch`
does — the database worker's own `run_task`, which records each task as
successful or failed — but inside the test's transaction: the command itself
opens an exclusive transaction of its own, which SQLite cannot nest.
`tests/common/test_tasks.py` runs the real command once, in a transactional test.
"""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "test-worker"


def run_tasks() -> list[DBTaskResult]:
    """Run queued tasks (and those they enqueue) until none is left; return them as run."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
    )
    done = []
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(WORKER_ID)
        worker.run_task(result)
        result.refresh_from_db()
        done.append(result)
    return done


def queued_tasks() -> list[str]:
    """The names of the tasks waiting for the worker."""
    return [r.task_path.rsplit(".", 1)[-1] for r in DBTaskResult.objects.ready()]
