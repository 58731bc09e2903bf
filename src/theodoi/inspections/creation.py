"""Creating an inspection and editing it until its decision is issued (Regulation 1142 Art. 14;
docs/inspections.md, "Kế hoạch và cuộc kiểm tra").

A regular or periodic inspection comes from an item of an approved plan (Art. 14.2): its units,
content and conducting unit default to the item's, its dates fall in the plan's year. An ad hoc
one gives its ground (Art. 14.3) and what it rests on (`ground_detail`: the dispatch, the
leader's instruction, the complaint). The inspected units are in force on the start day; a joint
inspection names the partner's unit and the side that hosts it (004 Art. 7). Once the decision
is issued it fixes the inspection: this module edits it no more.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.access import Action
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.inspections import checks
from theodoi.inspections.models import Ground, Inspection, Kind, PlanItem, PlanState
from theodoi.organisation.models import Unit
from theodoi.partners.models import Side
from theodoi.tasks.models import Document

FIELDS = [
    "plan_item",
    "kind",
    "ground",
    "ground_detail",
    "conducted_by",
    "title",
    "legal_basis",
    "scope",
    "content",
    "start",
    "end",
    "partner_unit",
    "host",
]
PLANNED = (Kind.REGULAR, Kind.PERIODIC)


@dataclass(frozen=True)
class Details:
    """What an inspection says besides its kind and plan item (the form's fields)."""

    title: str
    units: Sequence[Unit]
    start: date | None
    end: date | None
    ground: str = ""
    ground_detail: str = ""
    conducted_by: Unit | None = None
    documents: Sequence[Document] = field(default_factory=tuple)
    legal_basis: str = ""
    scope: str = ""
    content: str = ""
    partner_unit: Unit | None = None
    host: str = Side.OURS


def _dates(details: Details, item: PlanItem | None) -> tuple[date, date]:
    start = checks.day(details.start, "start", "Ngày bắt đầu")
    end = checks.day(details.end, "end", "Ngày kết thúc")
    if end < start:
        raise ValidationFailed(
            {"end": f"Ngày kết thúc {format_date(end)} trước ngày bắt đầu {format_date(start)}."}
        )
    if item is not None:
        year = item.plan.year
        if start.year != year or end.year != year:
            raise ValidationFailed(
                {"start": f"Cuộc kiểm tra theo kế hoạch năm {year} phải diễn ra trong năm {year} "
                 f"(đã nhập {format_date(start)} – {format_date(end)})."}
            )  # fmt: skip
    return start, end


def _ground(kind: str, item: PlanItem | None, details: Details) -> tuple[str, str]:
    if kind in PLANNED:
        if item is None:
            raise ValidationFailed(
                {"plan_item": "Kiểm tra thường xuyên, định kỳ phải theo một cuộc kiểm tra của kế "
                 "hoạch đã phê duyệt (Điều 14.2)."},
                Code.REQUIRED,
            )  # fmt: skip
        if item.plan.state != PlanState.APPROVED:
            raise ValidationFailed(
                {"plan_item": f"Kế hoạch kiểm tra năm {item.plan.year} chưa được phê duyệt."},
                Code.WRONG_STATE,
            )
        return "", ""
    if item is not None:
        raise ValidationFailed({"kind": "Cuộc kiểm tra theo kế hoạch không phải đột xuất."})
    if details.ground not in Ground.values:
        raise ValidationFailed(
            {"ground": "Cần chọn căn cứ kiểm tra đột xuất (Điều 14.3)."}, Code.REQUIRED
        )
    detail = checks.text(
        details.ground_detail,
        "ground_detail",
        "Cần ghi nội dung căn cứ: số văn bản yêu cầu, ý kiến chỉ đạo hoặc đơn thư.",
    )
    return details.ground, detail


@dataclass(frozen=True)
class _Clean:
    values: dict[str, object]
    units: list[Unit]
    documents: list[Document]


def _clean(kind: str, item: PlanItem | None, details: Details) -> _Clean:
    if kind not in Kind.values:
        raise ValidationFailed({"kind": "Cần chọn hình thức kiểm tra."}, Code.REQUIRED)
    ground, ground_detail = _ground(kind, item, details)
    title = checks.text(details.title, "title", "Cần ghi tên cuộc kiểm tra.")
    start, end = _dates(details, item)
    given = list(details.units) or (list(item.units.all()) if item is not None else [])
    units = checks.inspected(given, "units", start, start)
    conducted_by = details.conducted_by or (
        item.conducted_by if item is not None else checks.office_unit()
    )
    conducted_by = checks.conductor(conducted_by, units, "conducted_by", start)
    partner_unit = checks.partner(details.partner_unit, "partner_unit")
    if details.host not in Side.values:
        raise ValidationFailed({"host": "Cần chọn bên chủ trì."}, Code.REQUIRED)
    content = details.content.strip() or (item.content if item is not None else "")
    values: dict[str, object] = {
        "kind": kind,
        "plan_item": item,
        "ground": ground,
        "ground_detail": ground_detail,
        "conducted_by": conducted_by,
        "title": title,
        "legal_basis": details.legal_basis.strip(),
        "scope": details.scope.strip(),
        "content": content,
        "start": start,
        "end": end,
        "partner_unit": partner_unit,
        "host": details.host if partner_unit is not None else Side.OURS,
    }
    return _Clean(values, units, list(dict.fromkeys(details.documents)))


def _snapshot(inspection: Inspection) -> dict[str, object]:
    return snapshot(
        inspection,
        FIELDS,
        units=sorted(inspection.units.values_list("pk", flat=True)),
        documents=sorted(inspection.documents.values_list("pk", flat=True)),
    )


@transaction.atomic
def inspection_create(
    *,
    actor: Actor,
    kind: str,
    title: str,
    units: Sequence[Unit],
    start: date | None,
    end: date | None,
    plan_item: PlanItem | None = None,
    ground: str = "",
    ground_detail: str = "",
    conducted_by: Unit | None = None,
    documents: Sequence[Document] = (),
    legal_basis: str = "",
    scope: str = "",
    content: str = "",
    partner_unit: Unit | None = None,
    host: str = Side.OURS,
) -> Inspection:
    """A new inspection, before its decision (the Office, Art. 12.1.b)."""
    checks.allowed(actor, Action.CREATE_INSPECTIONS)
    details = Details(
        title, units, start, end, ground, ground_detail, conducted_by, documents,
        legal_basis, scope, content, partner_unit, host,
    )  # fmt: skip
    cleaned = _clean(kind, plan_item, details)
    inspection = Inspection.objects.create(
        **cleaned.values, created_by=actor if actor is not None and actor.pk else None
    )
    inspection.units.set(cleaned.units)
    inspection.documents.set(cleaned.documents)
    after = _snapshot(inspection)
    record_change(actor=actor, action=ChangeKind.CREATE, obj=inspection, before=None, after=after)
    return inspection


def decided_message(inspection: Inspection) -> str:
    """Why an inspection whose decision is issued is not edited here."""
    number = inspection.decision.number if inspection.decision is not None else ""
    return (
        f"Quyết định kiểm tra {number} đã ban hành: nội dung cuộc kiểm tra theo quyết định, "
        "không sửa ở đây."
    ).replace("  ", " ")


@transaction.atomic
def inspection_edit(
    *, actor: Actor, inspection: Inspection, expected_version: int | None, details: Details
) -> Inspection:
    """The inspection as `details` says, its kind and plan item kept; refused once decided."""
    checks.allowed(actor, Action.CREATE_INSPECTIONS)
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.decision_id is not None:
        raise ValidationFailed({"__all__": decided_message(locked)}, Code.WRONG_STATE)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            "Cuộc kiểm tra này vừa được người khác sửa. Hãy mở lại trang rồi sửa tiếp."
        )
    item = locked.plan_item
    cleaned = _clean(locked.kind, item, details)
    before = _snapshot(locked)
    for name, value in cleaned.values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    locked.units.set(cleaned.units)
    locked.documents.set(cleaned.documents)
    after = _snapshot(locked)
    record_change(actor=actor, action=ChangeKind.UPDATE, obj=locked, before=before, after=after)
    return locked
