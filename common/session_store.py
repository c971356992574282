"""Django's database sessions, read by one indexed lookup without the ORM's query building.

Every request of a signed-in person loads their session first; see common.hot
for why this lookup is written out. Writing, expiry and clean-up are Django's.
SESSION_ENGINE = "common.session_store".
"""

from django.contrib.sessions.backends import db
from django.db import connections
from django.utils import timezone

from common.hot import rows_where


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        connection = connections[self.model.objects.db]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        found = rows_where(
            self.model, "session_key = %s AND expire_date > %s", [self.session_key, now]
        )
        if not found:
            # As Django's own store: an unknown or expired key is dropped.
            self._session_key = None
            return None
        return found[0]
