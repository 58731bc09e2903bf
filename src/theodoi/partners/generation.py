"""A year's obligations under an agreement, planned and then generated as tasks.

`year_plan` lists what the duties owe in a year: each dated occurrence of a duty (partners.rules)
for its lead unit, or for each province in force on the occurrence's deadline (a province that
ends on 30/06 owes the first half's duties, not the second's), with whatever was generated for
it already. `generate` creates the missing ones as tasks in the normal cycle: the Office's
register holds the agreement as a document, each task is assigned by it to its lead unit (state
"Đã giao, chờ đơn vị nhận"), the partner coordinates a joint duty (for a province, the partner's
unit registered as its counterpart, else the agreement's partner: partners.counterparts), and
the task's deadline and internal deadline (1 working day before) come from the calendar.

Once: an occurrence is (duty, period, unit), unique in `Obligation`. Each one is written in its
own savepoint inside the run's transaction; when another run wrote it first (two runs at once),
the insert waits for that run and fails on the constraint, its savepoint is rolled back (the
task with it) and the occurrence counts as existing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from theodoi.audit.services import Actor
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.models import Unit, UnitKind
from theodoi.organisation.selectors import successors_chain
from theodoi.partners.counterparts import counterparts_of
from theodoi.partners.models import Agreement, Duty, Level, Obligation, Side
from theodoi.partners.rules import Occurrence, occurrences
from theodoi.tasks import events
from theodoi.tasks.facts import sync_fact
from theodoi.tasks.models import State, Task
from theodoi.tasks.steps import search_text_of, set_coordination, set_deadline
from theodoi.workcalendar.services import WorkingCalendar

EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


@dataclass(frozen=True)
class Planned:
    """One occurrence a year owes, and its obligation when it was generated already."""

    duty: Duty
    occurrence: Occurrence
    unit: Unit
    host: str  # Side, for a duty hosted in turn; else ""
    title: str
    existing: Obligation | None


@dataclass(frozen=True)
class Outcome:
    created: int
    existing: int
    obligations: list[Obligation]  # all of the year's, in `year_obligations` order


def check_year(agreement: Agreement, value: object, today: date) -> int:
    """The year asked for, or a Vietnamese refusal: not a number, outside the agreement's
    validity, or later than next year (a year's tasks are made at the latest the year before)."""
    text = str(value).strip()
    if not text.isdigit() or not EARLIEST_YEAR <= int(text) <= LATEST_YEAR:
        raise ValidationFailed(
            {"year": f"Năm «{text[:20]}» không hợp lệ: cần một năm từ 1900 đến 2100, ví dụ 2027."}
        )
    year = int(text)
    start, end = agreement.valid_from, agreement.valid_to
    if year < start.year or (end is not None and year > end.year):
        until = f" đến {format_date(end)}" if end else ""
        raise ValidationFailed(
            {
                "year": f"Năm {year} nằm ngoài thời gian hiệu lực của quy chế phối hợp "
                f"(từ {format_date(start)}{until})."
            }
        )
    if year > today.year + 1:
        raise ValidationFailed(
            {"year": f"Chỉ tạo được nhiệm vụ đến hết năm {today.year + 1} (năm sau)."}
        )
    return year


def host_of(agreement: Agreement, duty: Duty, year: int) -> str:
    """Who hosts a duty hosted in turn in `year` (Art. 6.4, 27.4); "" for other duties."""
    if not duty.hosted_in_turn:
        return ""
    ours = (year % 2 == 0) == agreement.we_host_even_years
    return Side.OURS if ours else Side.PARTNER


def title_of(duty: Duty, occurrence: Occurrence, year: int, host: str) -> str:
    words = duty.guest_title if host == Side.PARTNER and duty.guest_title else duty.title
    return words.format(year=year, next_year=year + 1, period=occurrence.label)


def _provinces(year: int) -> list[Unit]:
    """Provinces in force on some day of `year` (each occurrence keeps those of its day)."""
    return list(
        Unit.objects.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date(year, 12, 31)),
            Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)),
            kind=UnitKind.PROVINCE,
        ).order_by("code")
    )


def _central_lead(duty: Duty, day: date) -> list[Unit]:
    """A central duty's lead unit on `day`: the unit the agreement names, or the unit that
    carries on its work after a merger or a split (the first by code)."""
    if duty.lead_unit is None:
        return []
    found = sorted(successors_chain(duty.lead_unit, day), key=lambda u: u.code)
    if not found:
        raise ValidationFailed(
            {
                "year": f"Đơn vị chủ trì «{duty.lead_unit.code}» của nhiệm vụ {duty.article} "
                f"không còn hoạt động ngày {format_date(day)} và không có đơn vị kế thừa."
            },
            Code.NOT_FOUND,
        )
    return found[:1]


def year_obligations(agreement: Agreement, year: int) -> list[Obligation]:
    """The year's obligations with their duty, unit and task, by deadline, duty, unit code."""
    found = Obligation.objects.filter(duty__agreement=agreement, year=year).select_related(
        "duty", "unit", "task"
    )
    return sorted(found, key=lambda o: (o.deadline, o.duty.order, o.unit.code, o.period))


def year_plan(
    agreement: Agreement, year: int, calendar: WorkingCalendar | None = None
) -> list[Planned]:
    """What the agreement's duties owe in `year`, in deadline, duty and unit order."""
    calendar = calendar or WorkingCalendar()
    have = {(o.duty_id, o.period, o.unit_id): o for o in year_obligations(agreement, year)}
    provinces: list[Unit] | None = None
    plan = []
    for duty in agreement.duties.select_related("lead_unit").order_by("order", "id"):
        host = host_of(agreement, duty, year)
        for occurrence in occurrences(duty.rule, duty.month, duty.day, year, calendar):
            if not _in_force_agreement(agreement, occurrence.deadline):
                continue
            if duty.level == Level.PROVINCIAL:
                provinces = _provinces(year) if provinces is None else provinces
                units = [u for u in provinces if u.is_active_on(occurrence.deadline)]
            else:
                units = _central_lead(duty, occurrence.deadline)
            title = title_of(duty, occurrence, year, host)
            for unit in units:
                key = (duty.pk, occurrence.period, unit.pk)
                plan.append(Planned(duty, occurrence, unit, host, title, have.get(key)))
    return sorted(plan, key=lambda p: (p.occurrence.deadline, p.duty.order, p.unit.code))


def _in_force_agreement(agreement: Agreement, day: date) -> bool:
    return agreement.valid_from <= day and (agreement.valid_to is None or day <= agreement.valid_to)


def _task(
    planned: Planned,
    agreement: Agreement,
    actor: Actor,
    moment: datetime,
    calendar: WorkingCalendar,
    partner: Unit,
) -> Task:
    """The occurrence's task, assigned by the agreement to its lead unit; `partner`
    coordinates a joint duty."""
    duty, deadline = planned.duty, planned.occurrence.deadline
    day = timezone.localdate(moment)
    basis = f"Theo {duty.article} {agreement.name}."
    instruction = f"{basis} {duty.instruction}".strip()
    task = Task(
        document=agreement.document,
        item=duty.article[:100],
        code=planned.occurrence.period,
        content=planned.title,
        lead_unit=planned.unit,
        state=State.ASSIGNED,
        assigned_on=day,
        instruction=instruction,
        created_at=moment,
        updated_at=moment,
    )
    set_deadline(task, deadline, calendar)
    task.original_deadline = task.deadline
    task.original_internal_deadline = task.internal_deadline
    task.search_text = search_text_of(task)
    task.save()
    coordinating: Sequence[Unit] = [partner] if duty.joint else []
    set_coordination(task, coordinating)
    events.record(task, actor, moment, events.created(deadline=deadline))
    entry = events.assigned(
        leads=[planned.unit], coordinating=coordinating, deadline=deadline, instruction=instruction
    )
    events.record(task, actor, moment, entry, from_state=State.DRAFT)
    sync_fact(task, day)
    return task


@transaction.atomic
def generate(
    *, actor: Actor, agreement: Agreement, year: int, at: datetime | None = None
) -> Outcome:
    """Create the year's missing obligations and their tasks; a second run creates none."""
    if agreement.document is None:
        raise ValidationFailed(
            {"agreement": "Quy chế phối hợp chưa được vào sổ văn bản."}, Code.NOT_FOUND
        )
    moment = at or timezone.now()
    calendar = WorkingCalendar()
    counterparts = counterparts_of(agreement)
    created = 0
    for planned in year_plan(agreement, year, calendar):
        if planned.existing is not None:
            continue
        partner = agreement.partner
        if planned.duty.level == Level.PROVINCIAL:
            partner = counterparts.get(planned.unit.pk, partner)
        try:
            with transaction.atomic():
                task = _task(planned, agreement, actor, moment, calendar, partner)
                Obligation.objects.create(
                    duty=planned.duty,
                    year=year,
                    period=planned.occurrence.period,
                    unit=planned.unit,
                    deadline=planned.occurrence.deadline,
                    host=planned.host,
                    task=task,
                    created_at=moment,
                )
            created += 1
        except IntegrityError:  # another run generated it meanwhile: it exists
            pass
    obligations = year_obligations(agreement, year)
    return Outcome(created, len(obligations) - created, obligations)
