"""Reads of the monitoring app: letters a person may open, the dashboard's scope."""

from django.db.models import QuerySet

from theodoi.accounts.models import User
from theodoi.monitoring.models import UrgingLetter
from theodoi.organisation.models import Unit
from theodoi.tasks.scope import sees_all, unit_scope


def visible_letters(user: User) -> QuerySet[UrgingLetter]:
    """The Office, leaders and other readers of every task see every letter; a unit sees the
    letters sent to it or to a unit below it."""
    letters = UrgingLetter.objects.select_related("unit")
    return letters if sees_all(user) else letters.filter(unit_id__in=unit_scope(user))


def dashboard_unit(user: User, requested: int | None) -> Unit | None:
    """The unit a dashboard covers: any unit (or all) for those who see every task; a unit
    head's own unit otherwise."""
    if sees_all(user):
        return Unit.objects.filter(pk=requested).first() if requested else None
    return user.unit
