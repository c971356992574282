from django.db import models


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
