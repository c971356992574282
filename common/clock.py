"""The one place the code asks for the current time, the date and a random source.

Everything that depends on "now" calls these instead of `timezone.now()`,
`date.today()` or `time.time()`, so tests can pin time (time-machine moves
what these return) and a reader can find every clock-dependent rule by
searching for `clock.`.
"""

import datetime
import random

from django.utils import timezone


def now() -> datetime.datetime:
    """The current time, aware, in UTC."""
    return timezone.now()


def today() -> datetime.date:
    """Today's date in the site's time zone (Europe/Stockholm)."""
    return timezone.localdate()


def local_date(moment: datetime.datetime) -> datetime.date:
    """The site-local date of an aware moment."""
    return timezone.localdate(moment)


def timestamp() -> float:
    """Seconds since the epoch, for fixed time windows such as rate limits."""
    return now().timestamp()


def system_rng() -> random.Random:
    """The default random source for what a learner must not predict (question draws)."""
    return random.SystemRandom()
