from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateLimitCounter(models.Model):
    """Hits per key in one fixed time window, counted by one atomic upsert.

    Written only by common/ratelimit.py; rows of past windows are
    deleted when a key starts a new window.
    """

    bucket_key = models.CharField(max_length=200)
    window_start = models.BigIntegerField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bucket_key", "window_start"], name="ratelimit_one_row_per_key_window"
            )
        ]

    def __str__(self):
        return f"{self.bucket_key} @ {self.window_start}: {self.hits}"


class JobState(models.TextChoices):
    """Where a background job is; the status page and its JSON say it in these words."""

    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


FINISHED_STATES = (JobState.DONE, JobState.FAILED)


class BackgroundJob(models.Model):
    """Work a person asked for that the task worker carries out (common/jobs.py runs it).

    Abstract: each app keeps its own job rows (a certificate ZIP, a user
    import) with the fields of its result. Only the person who asked sees
    the job; `manage.py jobs_expire` deletes it and its files after
    LARSPAR_JOB_RETENTION_HOURS.
    """

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beställd av"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(
        _("läge"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    created_at = models.DateTimeField(_("beställd"), default=timezone.now)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    # What the requester is told when it failed (never a traceback: that is in the worker's log).
    error = models.TextField(_("fel"), blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(state__in=FINISHED_STATES, finished_at__isnull=False)
                    | (~models.Q(state__in=FINISHED_STATES) & models.Q(finished_at__isnull=True))
                ),
                name="%(app_label)s_%(class)s_finished_when_over",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=JobState.FAILED) | ~models.Q(error=""),
                name="%(app_label)s_%(class)s_failure_has_message",
            ),
        ]

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES
