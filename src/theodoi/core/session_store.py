"""The session engine (`SESSION_ENGINE`): Django's sessions in the database, their read on
every request compiled to SQL once per process (docs/adr/0027-compiled-once.md, "Later").

Django's store reads the session with `Session.objects.get(...)`: a queryset built and
compiled on every request, about 0.25 ms on SQLite for a statement SQLite answers in 0.03.
This store runs the same statement, compiled once, and reads only the session's data. The
rest (creating, saving, renewing, deleting, clearing expired sessions) is Django's own.
"""

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections
from django.utils import timezone

from theodoi.core.compiled import Compiled

# the parameters in this order: the key, then the moment the session must outlive
SESSION = Compiled(
    lambda: (
        Session.objects.filter(session_key="")
        .filter(expire_date__gt=timezone.now())
        .values_list("session_data")
    )
)
EXPIRE_DATE = Session._meta.get_field("expire_date")


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        """The session's data, or {} for a key unknown or expired (whose key is then
        forgotten, so that saving makes a new one: Django's own behaviour)."""
        key = self.session_key
        rows = SESSION.rows(key, _as_stored(timezone.now())) if key else []
        if not rows:
            self._session_key = None
            return {}
        data: dict[str, Any] = self.decode(rows[0][0])
        return data


def _as_stored(moment: Any) -> Any:
    """The moment as the database compares it (SQLite: naive UTC text), as Django prepares
    a lookup's value; `Compiled` passes its parameters to the cursor as they are."""
    return EXPIRE_DATE.get_db_prep_value(moment, connections["default"])
