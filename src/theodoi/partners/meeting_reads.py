"""Reading meetings for the pages: a year's meetings, and one meeting with its participants by
side, its files and its conclusions with the state of their follow-up tasks.

A follow-up reads the same to everyone who sees the meeting (partners.scope): its state and
class (DOMAIN §8, as the year's page reads an obligation), deadline, lead and its last
progress (the latest update's words, or the latest step). Only a person who may open task
pages gets the link to the task; a partner's people read it here. Fixed queries per page.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q

from theodoi.accounts.models import User
from theodoi.core.access import Action, can
from theodoi.core.dates import format_date
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.partners.meetings import notice_recipients
from theodoi.partners.models import Conclusion, Meeting, Participant, Side
from theodoi.partners.scope import visible_meetings
from theodoi.tasks.links import task_url
from theodoi.tasks.models import EventKind, State, Task, TaskEvent
from theodoi.tasks.stats import CLASS_LABELS, View, task_class

DONE_STATES = (State.DONE,)


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    host: str  # "BHXH Việt Nam chủ trì" / "Tổng LĐLĐ Việt Nam chủ trì"
    ours: str
    theirs: str
    conclusions: int
    assigned: int


def host_words(meeting: Meeting) -> str:
    if meeting.host == Side.OURS:
        return f"{unit_label(meeting.unit) if meeting.unit else Side.OURS.label} chủ trì"
    partner = meeting.partner_unit or meeting.agreement.partner
    return f"{unit_label(partner)} chủ trì"


def year_meetings(user: User, year: int) -> list[MeetingRow]:
    found = (
        visible_meetings(user)
        .filter(held_on__year=year)
        .select_related("unit", "partner_unit", "agreement__partner")
        .annotate(
            n_conclusions=Count("conclusions", distinct=True),
            n_assigned=Count(
                "conclusions", filter=Q(conclusions__task__isnull=False), distinct=True
            ),
        )
        .order_by("-held_on", "-id")
    )
    return [
        MeetingRow(
            meeting=m,
            host=host_words(m),
            ours=unit_label(m.unit) if m.unit else "",
            theirs=unit_label(m.partner_unit) if m.partner_unit else "",
            conclusions=m.n_conclusions,
            assigned=m.n_assigned,
        )
        for m in found
    ]


@dataclass(frozen=True)
class FollowUp:
    """A conclusion's task as the meeting page shows it."""

    state: str
    klass: str
    klass_label: str
    deadline: date | None
    lead: str
    progress: int
    last: str  # "dd/mm/yyyy: words" of the latest update or step
    url: str  # "" for who may not open task pages


@dataclass(frozen=True)
class ConclusionRow:
    conclusion: Conclusion
    lead: str  # the unit the conclusion names, with its side
    follow_up: FollowUp | None


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    host: str
    ours: list[Participant]
    theirs: list[Participant]
    recipients: str  # who the notice also goes to (Art. 19.4), "" for a central meeting
    conclusions: list[ConclusionRow]


def _last(task: Task, events: list[TaskEvent]) -> str:
    """The latest update's words, or else the latest step's name, with its day."""
    latest = next((e for e in events if e.action == EventKind.PROGRESS), None)
    latest = latest or (events[0] if events else None)
    if latest is None:
        return ""
    progressed = latest.action == EventKind.PROGRESS and latest.note
    words = latest.note if progressed else latest.get_action_display()
    return f"{format_date(latest.at.date())}: {words}"


def _follow_up(task: Task | None, today: date, links: bool) -> FollowUp | None:
    if task is None:
        return None
    klass = task_class(task, View.AGENCY, today)
    events = list(task.events.all())  # prefetched, latest first
    return FollowUp(
        state=task.get_state_display(),
        klass=klass,
        klass_label=CLASS_LABELS.get(klass, task.get_state_display()),
        deadline=task.deadline,
        lead=unit_label(task.lead_unit) if task.lead_unit else task.lead_text,
        progress=100 if task.state in DONE_STATES else task.progress,
        last=_last(task, events),
        url=task_url(task.pk) if links else "",
    )


def _lead(conclusion: Conclusion) -> str:
    unit: Unit | None = conclusion.lead_unit
    return unit_label(unit) if unit is not None else conclusion.get_lead_side_display()


def meeting_page(user: User, pk: int, today: date) -> MeetingPage | None:
    """The meeting `pk` if `user` may see it, with everything its page shows."""
    events = TaskEvent.objects.only("task_id", "at", "action", "note").order_by("-at", "-id")
    conclusions = Conclusion.objects.select_related("lead_unit", "task__lead_unit")
    conclusions = conclusions.prefetch_related(Prefetch("task__events", queryset=events))
    meeting = (
        visible_meetings(user)
        .select_related("unit", "partner_unit", "agreement__partner", "minutes")
        .select_related("notice__document", "obligation__duty")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("unit")),
            Prefetch("conclusions", queryset=conclusions),
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        return None
    people = list(meeting.participants.all())
    links = can(user, Action.VIEW_TASKS)
    return MeetingPage(
        meeting=meeting,
        host=host_words(meeting),
        ours=[p for p in people if p.side == Side.OURS],
        theirs=[p for p in people if p.side == Side.PARTNER],
        recipients=notice_recipients(meeting),
        conclusions=[
            ConclusionRow(c, _lead(c), _follow_up(c.task, today, links))
            for c in meeting.conclusions.all()
        ],
    )
