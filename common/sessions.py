"""Sessions end after a period without activity (SESSION_COOKIE_AGE, default 8 hours).

Django extends a session only when it is saved. Saving on every request
(SESSION_SAVE_EVERY_REQUEST) would add a database write to every page; instead
the session records when it was last extended and is saved again once that is
LARSPAR_SESSION_REFRESH_SECONDS old. A session thus ends between
SESSION_COOKIE_AGE − refresh and SESSION_COOKIE_AGE after the last request.
"""

from django.conf import settings

from common import clock

LAST_SEEN_KEY = "_larspar_last_seen"


def session_touch(*, session, force: bool = False) -> bool:
    """Mark the session active now if it was last extended a refresh interval ago (or `force`).

    Returns True when the session was marked modified (it is then saved, with
    a new expiry, by SessionMiddleware at the end of the request).
    """
    now = int(clock.timestamp())
    last_seen = session.get(LAST_SEEN_KEY)
    if (
        not force
        and last_seen is not None
        and now - last_seen < settings.LARSPAR_SESSION_REFRESH_SECONDS
    ):
        return False
    session[LAST_SEEN_KEY] = now
    return True


def on_user_logged_in(sender, request, user, **kwargs):
    """Receiver of Django's user_logged_in: a new session starts as active now."""
    if request is not None and hasattr(request, "session"):
        session_touch(session=request.session, force=True)
