"""What the targets' pages show, with its words: a row per target for the list, a target's
periods, its chart and the units ranked for the detail page."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from theodoi.core.periods import Period
from theodoi.targets.actuals import Line, Standing, by_unit
from theodoi.targets.amounts import show
from theodoi.targets.models import Direction, Target, TargetActual
from theodoi.targets.selectors import needing_attention
from theodoi.targets.status import LABELS, satisfies


def goal_words(target: Target) -> str:
    """ "≥ 80 %", "≤ 5,6 ngày (giảm 30% so với 8 ngày ngày 31/12/2024)"."""
    unit = target.get_unit_display()
    if target.direction == Direction.AT_LEAST:
        return f"≥ {show(target.goal)} {unit}"
    words = f"≤ {show(target.goal)} {unit}"
    if target.direction == Direction.REDUCE_BY and target.baseline_date is not None:
        words += (
            f" (giảm {show(target.value)}% so với {show(target.baseline_value)} {unit} ngày "
            f"{target.baseline_date:%d/%m/%Y})"
        )
    return words


def gap_words(target: Target, value: Decimal | None) -> str:
    """How far the actual is from the target: "còn thiếu 0,5 %", "vượt 1,2 %", "đạt đúng mức"."""
    if value is None:
        return "—"
    unit = target.get_unit_display()
    gap = value - target.goal
    if gap == 0:
        return "đạt đúng mức"
    if target.direction == Direction.AT_LEAST:
        return f"vượt {show(gap)} {unit}" if gap > 0 else f"còn thiếu {show(-gap)} {unit}"
    return (
        f"thấp hơn mức cần đạt {show(-gap)} {unit}"
        if gap < 0
        else (f"còn cao hơn mức cần đạt {show(gap)} {unit}")
    )


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    url: str
    owner: str
    deadline: date
    goal: str
    latest: str
    gap: str
    status: str
    status_label: str
    source: str
    retired: str  # "Ngừng theo dõi từ 30/11/2026", or ""


def retired_words(target: Target) -> str:
    if target.retired_at is None:
        return ""
    return f"Ngừng theo dõi từ {timezone.localtime(target.retired_at):%d/%m/%Y}"


def row_of(item: Standing) -> Row:
    target, latest = item.target, item.latest
    unit = target.get_unit_display()
    return Row(
        code=target.code,
        name=target.name,
        url=reverse("targets:detail", args=[target.code]),
        owner=target.owner.short_name or target.owner.name,
        deadline=target.deadline,
        goal=goal_words(target),
        latest=f"{show(latest.value)} {unit} ({latest.period.label})" if latest else "Chưa có số",
        gap=gap_words(target, latest.value if latest else None),
        status=str(item.status),
        status_label=LABELS[item.status],
        source=target.get_source_display(),
        retired=retired_words(target),
    )


@dataclass(frozen=True)
class Entry:
    """One entered value of a period as the page shows it (in force or replaced)."""

    number: int
    value: str
    evidence: str
    reason: str
    by: str
    at: object
    files: list[tuple[str, str]]  # (name, address)


def entry_of(target: Target, entry: TargetActual) -> Entry:
    person = entry.entered_by
    return Entry(
        number=entry.number,
        value=f"{show(entry.value)} {target.get_unit_display()}",
        evidence=entry.evidence,
        reason=entry.reason,
        by=(person.full_name or person.username) if person else "hệ thống",
        at=entry.entered_at,
        files=[(f.name, reverse("targets:file", args=[f.pk])) for f in entry.files.all()],
    )


@dataclass
class PeriodRow:
    slug: str
    label: str
    value: str
    gap: str
    status: str
    status_label: str
    projected: str
    entry: Entry | None
    history: list[Entry] = field(default_factory=list)


def period_rows(item: Standing) -> list[PeriodRow]:
    target, unit = item.target, item.target.get_unit_display()
    rows = []
    for line in reversed(item.lines):
        rows.append(
            PeriodRow(
                slug=line.period.slug,
                label=line.period.label,
                value=f"{show(line.value)} {unit}" if line.value is not None else "Không có số",
                gap=gap_words(target, line.value),
                status=str(line.status),
                status_label=LABELS[line.status],
                projected=f"{show(line.projected)} {unit}" if line.projected is not None else "",
                entry=entry_of(target, line.entry) if line.entry else None,
                history=[entry_of(target, e) for e in line.history],
            )
        )
    return rows


@dataclass(frozen=True)
class Ranked:
    rank: int
    code: str
    name: str
    value: str
    met: bool


def ranking(item: Standing, period: Period) -> list[Ranked]:
    """The units of a computed target's period, best first, each against the target."""
    target = item.target
    rows = by_unit(item, period)
    unit = target.get_unit_display()
    return [
        Ranked(
            n, code, name, f"{show(value)} {unit}", satisfies(target.direction, value, target.goal)
        )
        for n, (code, name, value) in enumerate(rows, start=1)
    ]


def chosen_line(item: Standing, slug: str) -> Line | None:
    """The period asked for (`?ky=`), else the latest with a value."""
    return item.line(slug) if slug else item.latest


def attention_rows() -> list[Row]:
    """The dashboard's panel: the targets at risk or missed today."""
    return [row_of(item) for item in needing_attention()]


def entry_initial(item: Standing, slug: str) -> dict[str, object]:
    """The entry form for period `slug` (`?ky=`): its value in force and the number the
    correction replaces; a new period starts from number 0."""
    line = item.line(slug.strip()) if slug.strip() else None
    if line is None or line.entry is None:
        return {"period": slug.strip(), "number": 0}
    return {"period": line.period.slug, "value": show(line.value), "number": line.entry.number}
