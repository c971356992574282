"""Per-client and per-user rate limits for verification (the counting is common/ratelimit.py).

Default set-up: one row per key and window in common.RateLimitCounter,
counted by `INSERT … ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING
hits` — one atomic statement on SQLite (≥ 3.35) and PostgreSQL, so every
app server counts together and no hit goes uncounted under concurrency.
With LARSPAR_RATELIMIT_CACHE_URL=redis://… the "ratelimit" cache counts
instead (Redis INCR, atomic, no database writes); see README.
"""

from django.conf import settings

from common.net import client_address
from common.ratelimit import rate_limit_hit

__all__ = ["bulk_verify_over_limit", "lookup_over_limit", "rate_limit_hit"]


def lookup_over_limit(request, *, scope: str = "verify") -> bool:
    """Count one verification look-up for this client; True once it exceeds the limit.

    Every look-up counts, found or not, so codes cannot be tried out in bulk.
    """
    return rate_limit_hit(
        key=f"{scope}:{client_address(request)}",
        limit=settings.LARSPAR_VERIFY_RATE_LIMIT,
        window=settings.LARSPAR_VERIFY_RATE_WINDOW,
    )


def bulk_verify_over_limit(user) -> bool:
    """Count one bulk verification by this signed-in person; True once over their limit."""
    return rate_limit_hit(
        key=f"bulk-verify:user:{user.pk}",
        limit=settings.LARSPAR_BULK_VERIFY_RATE_LIMIT,
        window=settings.LARSPAR_BULK_VERIFY_RATE_WINDOW,
    )
