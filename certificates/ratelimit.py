"""Per-client rate limit of verification look-ups, counted in the shared "ratelimit" cache."""

import time

from django.conf import settings
from django.core.cache import caches

from common.net import client_address


def lookup_over_limit(request, *, scope: str = "verify") -> bool:
    """Count one look-up for this client; True once it exceeds the limit in this window.

    Every look-up counts, found or not, so codes cannot be tried out in bulk.
    Fixed windows of LARSPAR_VERIFY_RATE_WINDOW seconds.
    """
    cache = caches["ratelimit"]
    window = settings.LARSPAR_VERIFY_RATE_WINDOW
    key = f"rl:{scope}:{client_address(request)}:{int(time.time() // window)}"
    # incr first: the usual case is a client already counted in this window,
    # and on Redis it is one atomic command. The database cache's incr is a
    # read and a write, so under heavy concurrency a look-up may go uncounted.
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1 if cache.add(key, 1, timeout=window + 5) else cache.incr(key)
    return count > settings.LARSPAR_VERIFY_RATE_LIMIT
