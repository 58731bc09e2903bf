"""The partners' tables; everything is imported from `theodoi.partners.models`.

`agreements`: the agreement, its recurring duties and their dated obligations;
`meetings`: meetings under an agreement, their participants and conclusions;
`counterparts`: the partner's unit that works with each province.
"""

from theodoi.partners.models.agreements import (
    Agreement,
    Duty,
    Level,
    Obligation,
    RuleKind,
    Side,
)
from theodoi.partners.models.counterparts import Counterpart
from theodoi.partners.models.meetings import Conclusion, Meeting, MeetingKind, Participant

__all__ = [
    "Agreement",
    "Conclusion",
    "Counterpart",
    "Duty",
    "Level",
    "Meeting",
    "MeetingKind",
    "Obligation",
    "Participant",
    "RuleKind",
    "Side",
]
