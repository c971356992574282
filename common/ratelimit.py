"""Rate limits in fixed time windows, counted atomically (shared by every app).

Default set-up: one row per key and window in common.RateLimitCounter,
counted by `INSERT … ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING
hits` — one atomic statement on SQLite (≥ 3.35) and PostgreSQL, so every
app server counts together and no hit goes uncounted under concurrency.
With LARSPAR_RATELIMIT_CACHE_URL=redis://… the "ratelimit" cache counts
instead (Redis INCR, atomic, no database writes); see README.

Here in `common` (not in certificates, where it started) so the sign-in's
second step in `accounts` counts wrong codes with the same helper.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from common import clock
from common.models import RateLimitCounter


def _window_start(window: int) -> int:
    return int(clock.timestamp() // window) * window


def _count_in_database(key: str, window_start: int, window: int) -> int:
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (bucket_key, window_start, hits) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (bucket_key, window_start) DO UPDATE SET hits = {table}.hits + 1 "
            "RETURNING hits",
            [key, window_start],
        )
        hits = cursor.fetchone()[0]
        if hits == 1:
            # This key's first hit in a new window: its older windows are done with.
            cursor.execute(
                f"DELETE FROM {table} WHERE window_start < %s",  # noqa: S608
                [window_start - window],
            )
    return hits


def _count_in_cache(key: str, window_start: int, window: int) -> int:
    cache = caches["ratelimit"]
    full_key = f"rl:{key}:{window_start}"
    if cache.add(full_key, 1, timeout=window + 5):
        return 1
    return cache.incr(full_key)


def rate_limit_hit(*, key: str, limit: int, window: int) -> bool:
    """Count one hit for `key` in the current window; True once the hits exceed `limit`.

    Windows are fixed: [n·window, (n+1)·window) seconds of `clock.timestamp()`.
    Atomic on every supported set-up (see the module docstring).
    """
    window_start = _window_start(window)
    count = _count_in_cache if settings.LARSPAR_RATELIMIT_CACHE_URL else _count_in_database
    return count(key[:200], window_start, window) > limit


def rate_limit_reached(*, key: str, limit: int, window: int) -> bool:
    """True when `key` already has `limit` hits in the current window; counts nothing.

    For limits on failures only: ask this before trying, `rate_limit_hit` after a failure.
    """
    window_start = _window_start(window)
    if settings.LARSPAR_RATELIMIT_CACHE_URL:
        hits = caches["ratelimit"].get(f"rl:{key[:200]}:{window_start}", 0)
    else:
        row = RateLimitCounter.objects.filter(bucket_key=key[:200], window_start=window_start)
        hits = row.values_list("hits", flat=True).first() or 0
    return hits >= limit


def rate_limit_window_left(*, window: int) -> int:
    """Whole seconds until the current window ends (at least 1), for Retry-After."""
    return max(int(_window_start(window) + window - clock.timestamp()), 1)
