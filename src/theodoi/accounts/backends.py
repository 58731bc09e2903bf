"""Signing in with a password, and the signed-in person read with their unit and roles.

Every page shows the person's unit beside their name (core/templates/base.html), many pages
scope what they read by it, every page asks the person's roles (`core.access.can`), and every
page's bell counts their unread notifications: `get_user` reads the unit
(docs/adr/0011-user-with-unit.md), the roles and the unread count
(docs/adr/0013-list-page-reads.md) in the same query as the person.
"""

from django.contrib.auth.backends import ModelBackend
from django.db.models import CharField, Expression, Model, QuerySet

from theodoi.accounts.models import User
from theodoi.core.compiled import Compiled
from theodoi.core.correlated import Correlated
from theodoi.notifications.selectors import unread_read

ROLES = "roles_held"  # the annotation: the person's role codes joined by commas

# the role codes of the person whose id is `{outer}`, joined by commas: SQLite's function
# for it, and PostgreSQL's
_ROLES_SQL = "(SELECT {joined}(g.role, ',') FROM accounts_userrole g WHERE g.user_id = {outer})"
_ROLES_SQLITE = _ROLES_SQL.replace("{joined}", "GROUP_CONCAT")
_ROLES_POSTGRESQL = _ROLES_SQL.replace("{joined}", "STRING_AGG")


def roles_read(model: type[Model], person: str = "pk") -> dict[str, Expression]:
    """The roles of the person whose id is the field `person` of `model`, the model a query
    reads, as one subquery to annotate that query with, so that `roles` comes without a
    query of its own (`known_roles`)."""
    return {ROLES: Correlated(_ROLES_SQLITE, model, person, CharField(), _ROLES_POSTGRESQL)}


def known_roles(user: User, read: object) -> User:
    """Set `user.roles` from the annotation of `roles_read` on `read` (the user's row or the
    row it was read with); an inactive person has none, as `User.roles` says."""
    held = frozenset((getattr(read, ROLES) or "").split(",")) - {""}
    user.__dict__["roles"] = held if user.is_active else frozenset()
    return user


def _person() -> QuerySet[User]:
    users = User._default_manager.select_related("unit").filter(pk=0).order_by()
    return users.annotate(**roles_read(User), **unread_read())[:1]


# read on every request: compiled once per process (docs/adr/0027-compiled-once.md)
PERSON = Compiled(_person)


class UserWithUnitBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        rows = PERSON.rows(user_id)
        user: User | None = PERSON.instance(rows[0]) if rows else None
        if user is None or not self.user_can_authenticate(user):
            return None
        return known_roles(user, user)
