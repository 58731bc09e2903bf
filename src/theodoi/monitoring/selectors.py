"""Reads of the monitoring app: letters a person may open, the dashboard's scope."""

from dataclasses import dataclass

from django.db.models import QuerySet

from theodoi.accounts.models import User
from theodoi.monitoring.models import UrgingLetter
from theodoi.organisation.models import Unit
from theodoi.signing.models import SignedDocument
from theodoi.signing.selectors import signed_copies
from theodoi.tasks.scope import sees_all, unit_scope


def visible_letters(user: User) -> QuerySet[UrgingLetter]:
    """The Office, leaders and other readers of every task see every letter; a unit sees the
    letters sent to it or to a unit below it."""
    letters = UrgingLetter.objects.select_related("unit")
    return letters if sees_all(user) else letters.filter(unit_id__in=unit_scope(user))


@dataclass(frozen=True)
class LetterRow:
    letter: UrgingLetter
    signed: SignedDocument | None  # the copy issued signed with the agency's certificate


def letter_rows(user: User, unit: Unit, limit: int = 20) -> list[LetterRow]:
    """The latest letters to `unit` that `user` may open, each with its signed copy if it was
    issued (two queries)."""
    letters = list(visible_letters(user).filter(unit=unit)[:limit])
    copies = signed_copies(UrgingLetter, [letter.pk for letter in letters])
    return [LetterRow(letter, copies.get(letter.pk)) for letter in letters]


def dashboard_unit(user: User, requested: int | None) -> Unit | None:
    """The unit a dashboard covers: any unit (or all) for those who see every task; a unit
    head's own unit otherwise."""
    if sees_all(user):
        return Unit.objects.filter(pk=requested).first() if requested else None
    return user.unit
