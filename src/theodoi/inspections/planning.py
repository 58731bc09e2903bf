"""The year's inspection plan (Regulation 1142 Art. 12.1, 14.2; docs/inspections.md, "Kế hoạch
và cuộc kiểm tra"): the Office drafts it and edits the draft, a leader approves it; the
approved plan is registered as a «Kế hoạch» in the document register (item đ of the file of
every inspection made from it) and is not edited any more.

Each planned inspection (`Item`) names its content, the units inspected (in force during its
months), the unit that conducts it (`checks.conductor`) and its months (1-12).
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.access import Action
from theodoi.core.dates import EARLIEST, LATEST, format_date
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.inspections import checks
from theodoi.inspections.models import InspectionPlan, PlanItem, PlanState
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.tasks.models import DocumentKind, Origin
from theodoi.tasks.services import document_register

PLAN_FIELDS = ["year", "title", "state", "approved_by", "approved_on", "document"]


@dataclass(frozen=True)
class Item:
    """One planned inspection as a form or the demo gives it."""

    content: str
    units: Sequence[Unit] = field(default_factory=tuple)
    conducted_by: Unit | None = None
    month_from: int | None = None
    month_to: int | None = None


def months_of(year: int, month_from: int, month_to: int) -> tuple[date, date]:
    """The first and last day of the months `month_from`-`month_to` of `year`."""
    last = calendar.monthrange(year, month_to)[1]
    return date(year, month_from, 1), date(year, month_to, last)


def _check_items(year: int, items: Sequence[Item]) -> list[Item]:
    """The items, each checked; a refusal names the item ("Mục 2: …") on the field `items`."""
    cleaned = []
    for n, item in enumerate(items, start=1):
        try:
            cleaned.append(_check_item(year, item))
        except ValidationFailed as exc:
            message = " ".join(exc.errors.values())
            raise ValidationFailed({"items": f"Mục {n}: {message}"}, exc.code) from None
    return cleaned


def _check_item(year: int, item: Item) -> Item:
    content = checks.text(item.content, "content", "Cần ghi nội dung kiểm tra.")
    months = (item.month_from, item.month_to)
    if None in months:
        raise ValidationFailed({"months": "Cần ghi từ tháng, đến tháng."}, Code.REQUIRED)
    month_from, month_to = item.month_from or 0, item.month_to or 0
    if not (1 <= month_from <= 12 and 1 <= month_to <= 12):
        raise ValidationFailed({"months": "Tháng phải từ 1 đến 12."})
    if month_from > month_to:
        raise ValidationFailed(
            {"months": f"Từ tháng {month_from} sau đến tháng {month_to}: hãy sửa lại."}
        )
    first, last = months_of(year, month_from, month_to)
    units = checks.inspected(item.units, "units", first, last)
    conducted_by = checks.conductor(item.conducted_by, units, "conducted_by", first)
    return Item(content, tuple(units), conducted_by, month_from, month_to)


def _check_plan(year: int, title: str) -> str:
    if not EARLIEST.year <= year <= LATEST.year:
        raise ValidationFailed({"year": f"Năm {year} ngoài khoảng {EARLIEST.year}-{LATEST.year}."})
    return checks.text(title, "title", "Cần ghi tên kế hoạch.")


def _write_items(plan: InspectionPlan, items: Sequence[Item]) -> None:
    for n, item in enumerate(items, start=1):
        assert item.conducted_by is not None and item.month_from and item.month_to
        row = PlanItem.objects.create(
            plan=plan,
            order=n,
            content=item.content,
            conducted_by=item.conducted_by,
            month_from=item.month_from,
            month_to=item.month_to,
        )
        row.units.set(item.units)


def items_text(plan: InspectionPlan) -> str:
    """The plan's items as the change log keeps them: one line each."""
    lines = []
    for item in plan.items.prefetch_related("units").select_related("conducted_by"):
        names = ", ".join(sorted(unit_label(u) for u in item.units.all()))
        lines.append(
            f"{item.order}. {item.content} — {names} — tháng {item.month_from}-{item.month_to}"
            f" — {unit_label(item.conducted_by)}"
        )
    return "; ".join(lines)


def _snapshot(plan: InspectionPlan) -> dict[str, object]:
    return snapshot(plan, PLAN_FIELDS, items=items_text(plan))


@transaction.atomic
def plan_draft(
    *, actor: Actor, year: int, title: str, items: Sequence[Item] = ()
) -> InspectionPlan:
    """The Office's draft of the plan of `year` (one plan a year)."""
    checks.allowed(actor, Action.DRAFT_INSPECTION_PLANS)
    title = _check_plan(year, title)
    if InspectionPlan.objects.filter(year=year).exists():
        raise ValidationFailed({"year": f"Năm {year} đã có kế hoạch kiểm tra."}, Code.DUPLICATE)
    cleaned = _check_items(year, items)
    plan = InspectionPlan.objects.create(
        year=year, title=title, drafted_by=actor if actor is not None and actor.pk else None
    )
    _write_items(plan, cleaned)
    record_change(
        actor=actor, action=ChangeKind.CREATE, obj=plan, before=None, after=_snapshot(plan)
    )
    return plan


def _locked(plan: InspectionPlan, expected_version: int | None) -> InspectionPlan:
    locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.state == PlanState.APPROVED:
        when = format_date(locked.approved_on)
        raise ValidationFailed(
            {"__all__": f"Kế hoạch kiểm tra năm {locked.year} đã được phê duyệt ngày {when}: "
             "không sửa được nữa."},
            Code.WRONG_STATE,
        )  # fmt: skip
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            "Kế hoạch này vừa được người khác sửa. Hãy mở lại trang để xem bản mới rồi sửa tiếp."
        )
    return locked


@transaction.atomic
def plan_edit(
    *,
    actor: Actor,
    plan: InspectionPlan,
    expected_version: int | None,
    title: str,
    items: Sequence[Item],
) -> InspectionPlan:
    """The draft's title and items, replaced as given (a draft has no inspections yet)."""
    checks.allowed(actor, Action.DRAFT_INSPECTION_PLANS)
    locked = _locked(plan, expected_version)
    title = _check_plan(locked.year, title)
    cleaned = _check_items(locked.year, items)
    before = _snapshot(locked)
    for item in locked.items.all():
        item.units.clear()
    locked.items.all().delete()
    _write_items(locked, cleaned)
    locked.title = title
    locked.version += 1
    locked.save(update_fields=["title", "version"])
    record_change(
        actor=actor, action=ChangeKind.UPDATE, obj=locked, before=before, after=_snapshot(locked)
    )
    return locked


@transaction.atomic
def plan_approve(
    *,
    actor: Actor,
    plan: InspectionPlan,
    number: str,
    approved_on: date | None,
    expected_version: int | None = None,
) -> InspectionPlan:
    """A leader approves the draft (Art. 14.2, 15.1): it is registered as a «Kế hoạch»
    numbered `number` issued on `approved_on` (not in the future)."""
    checks.allowed(actor, Action.APPROVE_INSPECTIONS)
    locked = _locked(plan, expected_version)
    number = checks.text(number, "number", "Cần ghi số, ký hiệu của kế hoạch (ví dụ 25/KH-BHXH).")
    day = checks.day(approved_on, "approved_on", "Ngày phê duyệt")
    today = timezone.localdate()
    if day > today:
        raise ValidationFailed(
            {"approved_on": f"Ngày phê duyệt {format_date(day)} sau hôm nay "
             f"({format_date(today)})."}
        )  # fmt: skip
    if not locked.items.exists():
        raise ValidationFailed(
            {"__all__": "Kế hoạch chưa có cuộc kiểm tra nào: hãy thêm trước khi phê duyệt."},
            Code.REQUIRED,
        )
    before = _snapshot(locked)
    document = document_register(
        actor=actor,
        kind=DocumentKind.PLAN,
        number=number,
        issued_on=day,
        issuer=checks.AGENCY,
        summary=locked.title,
        origin=Origin.INTERNAL,
    )
    locked.state = PlanState.APPROVED
    locked.approved_by = actor if actor is not None and actor.pk else None
    locked.approved_on = day
    locked.document = document
    locked.version += 1
    locked.save(update_fields=["state", "approved_by", "approved_on", "document", "version"])
    record_change(
        actor=actor, action=ChangeKind.UPDATE, obj=locked, before=before, after=_snapshot(locked)
    )
    return locked
