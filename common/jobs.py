"""Background jobs: one way to run, report and expire work the task worker does for a person.

A view asks an app's service to create a job row (a `BackgroundJob`
subclass) and enqueue its task once the row is committed; the task calls
`job_run`, which moves the row from queued to running to done or failed.
The status page and its JSON (`job_status`) read the row, never the task
backend, so the same pages work whichever backend runs the tasks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import clock

from .models import BackgroundJob, JobState

logger = logging.getLogger(__name__)

DEFAULT_FAILURE = gettext_lazy(
    "Det gick inte att göra klart. Ingenting sparades. Försök igen, och kontakta "
    "supporten om det händer igen."
)


def _file_fields(model: type[BackgroundJob]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _files_delete(model: type[BackgroundJob], values: dict[str, Any]) -> None:
    for field in _file_fields(model):
        name = values.get(field.name)
        if name:
            field.storage.delete(str(name))


def job_run(
    *,
    model: type[BackgroundJob],
    job_id: int,
    work: Callable[[BackgroundJob], dict[str, Any]],
    failure_message: str = DEFAULT_FAILURE,
    told_errors: tuple[type[Exception], ...] = (),
) -> BackgroundJob | None:
    """Run `work(job)` for a queued job and record the outcome on the row.

    `work` does its writes in its own transactions (one for all of them, when
    they must stand or fall together) and returns the result's field values,
    saved with the state "done". When `work` raises, any file it returned is
    deleted, and the job is "failed" with `failure_message` (or the exception's own text for the
    `told_errors` types, which speak to the person); the exception is raised
    again so the worker records the task as failed too.
    Idempotent: a job that is no longer queued (run already, or deleted) is
    left alone and None is returned.
    """
    with transaction.atomic():
        claimed = model.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            state=JobState.RUNNING
        )
    if not claimed:
        return None
    job = model.objects.get(pk=job_id)
    values: dict[str, Any] = {}
    try:
        # Not one transaction around `work`: on SQLite that would hold the
        # write lock (and block every learner) for as long as the work takes.
        values = work(job)
        model.objects.filter(pk=job_id).update(
            state=JobState.DONE, finished_at=clock.now(), **values
        )
    except Exception as exc:
        _files_delete(model, values)
        message = str(exc) if isinstance(exc, told_errors) else str(failure_message)
        model.objects.filter(pk=job_id).update(
            state=JobState.FAILED, finished_at=clock.now(), error=message
        )
        raise
    job.refresh_from_db()
    return job


def job_status(job: BackgroundJob, *, download_url: str = "") -> dict[str, Any]:
    """What the status page's script is told: the state, a sentence to read, a link when done."""
    messages = {
        JobState.QUEUED: _("Väntar på sin tur."),
        JobState.RUNNING: _("Arbetar …"),
        JobState.DONE: _("Jobbet är färdigt."),
        JobState.FAILED: job.error,
    }
    return {
        "state": job.state,
        "state_label": str(JobState(job.state).label),
        "message": str(messages[JobState(job.state)]),
        "finished": job.is_finished,
        "download_url": download_url if job.state == JobState.DONE else "",
    }


def job_models() -> Iterable[type[BackgroundJob]]:
    """Every installed kind of background job."""
    return [m for m in apps.get_models() if issubclass(m, BackgroundJob)]


STALE_FAILURE = gettext_lazy(
    "Jobbet avbröts innan det blev klart (arbetsprocessen stannade). Ingenting sparades. "
    "Beställ det igen."
)


def jobs_fail_stale(*, older_than: timedelta | None = None) -> int:
    """Report as failed the jobs still "running" over `older_than` after they were asked for
    (LARSPAR_JOB_STALE_HOURS).

    A worker that died (killed, the machine restarted) leaves its job running
    for ever; its status page would say "working" to the person who waits.
    The jobs here take minutes, so hours mean the worker is gone. Should the
    worker still finish one, `job_run` records it as done. Returns how many
    jobs were marked failed.
    """
    if older_than is None:
        older_than = timedelta(hours=settings.LARSPAR_JOB_STALE_HOURS)
    now = clock.now()
    failed = 0
    for model in job_models():
        stale = model.objects.filter(state=JobState.RUNNING, created_at__lt=now - older_than)
        failed += stale.update(state=JobState.FAILED, finished_at=now, error=str(STALE_FAILURE))
    return failed


def jobs_expire(*, older_than: timedelta | None = None) -> int:
    """Delete jobs asked for over `older_than` ago (LARSPAR_JOB_RETENTION_HOURS) and their files.

    A job still running is kept. Files are deleted once the rows' deletion
    commits. Returns how many jobs were deleted.
    """
    if older_than is None:
        older_than = timedelta(hours=settings.LARSPAR_JOB_RETENTION_HOURS)
    cutoff = clock.now() - older_than
    deleted = 0
    for model in job_models():
        fields = _file_fields(model)
        with transaction.atomic():
            old = model.objects.filter(created_at__lt=cutoff).exclude(state=JobState.RUNNING)
            rows = list(old.values("pk", *[f.name for f in fields]))
            model.objects.filter(pk__in=[row["pk"] for row in rows]).delete()
            for row in rows:
                transaction.on_commit(lambda row=row, model=model: _files_delete(model, row))
        deleted += len(rows)
    return deleted
