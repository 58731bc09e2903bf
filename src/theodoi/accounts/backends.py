"""Signing in with a password, and the signed-in person read with their unit and roles.

Every page shows the person's unit beside their name (core/templates/base.html), many pages
scope what they read by it, and every page asks the person's roles (`core.access.can`):
`get_user` reads the unit (docs/adr/0011-user-with-unit.md) and the roles
(docs/adr/0013-list-page-reads.md) in the same query as the person.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Aggregate, CharField, OuterRef, Subquery

from theodoi.accounts.models import User, UserRole

ROLES = "roles_held"  # the annotation: the person's role codes joined by commas


class _Joined(Aggregate):
    """The values joined by commas (SQLite's GROUP_CONCAT, PostgreSQL's STRING_AGG)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra)


def roles_read(person: str = "pk") -> dict[str, Subquery]:
    """The roles of the person whose id is the outer query's field `person`, as one subquery
    to annotate that query with, so that `roles` comes without a query of its own
    (`known_roles`)."""
    grants = UserRole.objects.filter(user=OuterRef(person)).order_by().values("user")
    joined = grants.annotate(joined=_Joined("role")).values("joined")
    return {ROLES: Subquery(joined, output_field=CharField())}


def known_roles(user: User, read: object) -> User:
    """Set `user.roles` from the annotation of `roles_read` on `read` (the user's row or the
    row it was read with); an inactive person has none, as `User.roles` says."""
    held = frozenset((getattr(read, ROLES) or "").split(",")) - {""}
    user.__dict__["roles"] = held if user.is_active else frozenset()
    return user


class UserWithUnitBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        users = User._default_manager.select_related("unit").filter(pk=user_id)
        user = users.annotate(**roles_read()).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        return known_roles(user, user)
