"""The unit's own task table in its report (Regulation 1142 Art. 8.1), from live data.

Three kinds of rows for a unit (units below it included) and a data window:
- the tasks it leads whose internal deadline falls in the window, each with its class at the
  window's end in the unit view (DOMAIN §8, from the history spans as statistics count them);
- its open tasks without a deadline, with their last update and progress;
- the plan tasks whose schedule says to report inside the periodic reports ("Lồng ghép nội
  dung trong báo cáo quý và cả năm"), linked as they are: their deadline is never invented.

Four queries whatever the number of tasks. Rows are plain data, kept as JSON in a submission.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from theodoi.core.dates import format_date
from theodoi.imports.models import PlanTask
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import subtree_ids
from theodoi.tasks.models import OPEN_STATES, Task
from theodoi.tasks.stats import CLASS_LABELS, class_of, facts_on

DUE, NO_DEADLINE, IN_REPORT = "due", "no_deadline", "in_report"
KIND_LABELS = {
    DUE: "Nhiệm vụ đến hạn trong kỳ",
    NO_DEADLINE: "Nhiệm vụ không có thời hạn",
    IN_REPORT: "Nhiệm vụ báo cáo lồng ghép trong báo cáo định kỳ",
}
# How an imported plan row says "report this inside the periodic report" (seed 003: "Lồng ghép
# nội dung trong Báo cáo Kiểm soát TTHC hàng quý và cả năm"); the timeline cell is kept as
# written in `PlanTask.timeline_text`.
IN_REPORT_WORDS = ("lồng ghép", "Lồng ghép", "LỒNG GHÉP")


@dataclass(frozen=True)
class TaskRow:
    kind: str  # DUE, NO_DEADLINE or IN_REPORT
    task_id: int
    code: str
    content: str
    unit: str  # the lead unit's short name
    deadline: str  # dd/mm/yyyy or ""
    status: str  # the class at the window's end (DUE), else the task's state
    progress: int
    last_update: str  # dd/mm/yyyy or ""
    timeline: str  # the plan's words (IN_REPORT)


def _name(unit: Unit | None) -> str:
    return (unit.short_name or unit.name) if unit is not None else ""


def task_table(unit: Unit, start: date, end: date) -> list[TaskRow]:
    """The table of `unit` for the window [start, end]."""
    units = subtree_ids({unit.pk})
    facts = (
        facts_on(end)
        .filter(lead_unit_id__in=units, internal_deadline__gte=start, internal_deadline__lte=end)
        .select_related("task", "lead_unit")
        .order_by("internal_deadline", "task_id")
    )
    rows = [
        TaskRow(
            DUE,
            f.task_id,
            f.task.code,
            f.task.content,
            _name(f.lead_unit),
            format_date(f.internal_deadline),
            CLASS_LABELS[class_of(f.internal_deadline, f.unit_done_on, end)],
            f.task.progress,
            format_date(f.task.last_update_on),
            "",
        )
        for f in facts
    ]
    undated = (
        Task.objects.filter(
            lead_unit_id__in=units,
            state__in=OPEN_STATES,
            internal_deadline__isnull=True,
            fanned_out=False,
        )
        .select_related("lead_unit")
        .order_by("code", "id")
    )
    rows += [
        TaskRow(
            NO_DEADLINE,
            t.pk,
            t.code,
            t.content,
            _name(t.lead_unit),
            "",
            t.get_state_display(),
            t.progress,
            format_date(t.last_update_on),
            "",
        )
        for t in undated
    ]
    said = Q()
    for words in IN_REPORT_WORDS:
        said |= Q(timeline_text__contains=words)
    linked = (
        PlanTask.objects.filter(said, task__lead_unit_id__in=units)
        .filter(Q(occurrence__isnull=True) | Q(occurrence__gte=start, occurrence__lte=end))
        .select_related("task__lead_unit")
        .order_by("task__code", "task_id")
    )
    rows += [
        TaskRow(
            IN_REPORT,
            p.task_id,
            p.task.code,
            p.task.content,
            _name(p.task.lead_unit),
            format_date(p.task.deadline),
            p.task.get_state_display(),
            p.task.progress,
            format_date(p.task.last_update_on),
            " ".join(p.timeline_text.split()),
        )
        for p in linked
    ]
    return rows
