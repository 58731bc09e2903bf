"""Writing targets and their entered actuals: typed, in one transaction each, every change in
the change log (`audit.record_change`). Refusals name the field in Vietnamese."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change, snapshot
from theodoi.core.access import Action, can
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.core.periods import Kind, Period, parse_period
from theodoi.organisation.models import Unit
from theodoi.statforms import catalog
from theodoi.statforms.definition import read
from theodoi.targets import formula as formulas
from theodoi.targets.amounts import check_amount, show
from theodoi.targets.models import Direction, Measure, Source, Target, TargetActual, TargetFile
from theodoi.targets.rules import may_enter
from theodoi.tasks.attachments import check_files
from theodoi.tasks.models import Document

Actor = User | None
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TARGET_FIELDS = [
    "code", "name", "value", "unit", "direction", "baseline_value", "baseline_date",
    "deadline", "owner", "document", "item", "source", "form_code", "formula",
]  # fmt: skip
MAX_EVIDENCE = 5_000


@dataclass(frozen=True)
class TargetFields:
    """What the Office gives for a target (numbers already read: `amounts.parse_amount`)."""

    code: str
    name: str
    value: Decimal
    unit: str
    direction: str
    deadline: date
    owner: Unit
    source: str
    baseline_value: Decimal | None = None
    baseline_date: date | None = None
    document: Document | None = None
    item: str = ""
    form_code: str = ""
    formula: str = ""


def _numbers_of(form_code: str) -> set[str]:
    """The number codes of form `form_code` in every version the code ships."""
    found: set[str] = set()
    for schema in catalog.shipped():
        if schema["code"] == form_code:
            found |= {f.code for f in read(schema).numbers()}
    return found


def check_formula(form_code: str, text: str) -> formulas.Node:
    """The formula's tree, refused if it cannot be read or names a code the form lacks."""
    if form_code not in catalog.codes():
        known = ", ".join(catalog.codes()) or "không có"
        raise ValidationFailed(
            {"form_code": f"Không có biểu mẫu «{form_code}» (các biểu mẫu có: {known})."},
            Code.NOT_FOUND,
        )
    tree = formulas.parse(text)
    known_codes = _numbers_of(form_code)
    unknown = [c for c in formulas.codes(tree) if c not in known_codes]
    if unknown:
        names = ", ".join(f"[{c}]" for c in unknown)
        raise ValidationFailed(
            {
                "formula": f"Công thức nhắc đến mã {names} không có trong biểu mẫu «{form_code}» "
                "(mã là số hiệu một ô số liệu của biểu mẫu, ví dụ [5.1])."
            },
            Code.INVALID,
        )
    if not formulas.codes(tree):
        raise ValidationFailed(
            {"formula": "Công thức phải dùng ít nhất một mã của biểu mẫu, ví dụ [5.1]."}
        )
    return tree


def _check(fields: TargetFields, errors: dict[str, str]) -> None:
    if not SLUG.fullmatch(fields.code):
        errors["code"] = (
            f"Mã chỉ tiêu «{fields.code}» chỉ gồm chữ thường không dấu, chữ số và dấu gạch "
            "ngang, ví dụ ho-so-truc-tuyen."
        )
    if not fields.name.strip():
        errors["name"] = "Hãy nhập tên chỉ tiêu như kế hoạch viết."
    if fields.unit not in Measure.values:
        errors["unit"] = f"Đơn vị tính «{fields.unit}» không có."
    if fields.direction not in Direction.values:
        errors["direction"] = f"Chiều «{fields.direction}» không có."
    if fields.source not in Source.values:
        errors["source"] = f"Cách lấy số thực hiện «{fields.source}» không có."
    measure = Measure.PERCENT if fields.direction == Direction.REDUCE_BY else fields.unit
    for name, label, value, unit in (
        ("value", "Giá trị chỉ tiêu", fields.value, measure),
        ("baseline_value", "Giá trị mốc", fields.baseline_value, fields.unit),
    ):
        if value is not None and unit in Measure.values:
            try:
                check_amount(value, unit, field=name, label=label)
            except ValidationFailed as exc:
                errors.update(exc.errors)
    if fields.direction == Direction.REDUCE_BY:
        if not Decimal(0) < fields.value < Decimal(100):
            errors["value"] = "Chỉ tiêu giảm ít nhất X%: X phải lớn hơn 0 và nhỏ hơn 100."
        if fields.baseline_value is None or fields.baseline_date is None:
            errors["baseline_value"] = (
                "Chỉ tiêu giảm ít nhất X% cần giá trị mốc và ngày của mốc để so sánh."
            )
    if (fields.baseline_value is None) != (fields.baseline_date is None):
        errors["baseline_date"] = "Giá trị mốc và ngày của mốc phải nhập cùng nhau."
    if fields.baseline_date is not None and fields.deadline < fields.baseline_date:
        errors["deadline"] = (
            f"Thời hạn {fields.deadline:%d/%m/%Y} không được trước ngày của mốc "
            f"{fields.baseline_date:%d/%m/%Y}."
        )
    if fields.source == Source.COMPUTED:
        try:
            check_formula(fields.form_code, fields.formula)
        except ValidationFailed as exc:
            errors.update(exc.errors)


def may_manage(actor: Actor, words: str) -> None:
    """Refused with `words` unless the Office or an administrator (or the command line)."""
    if actor is not None and not can(actor, Action.MANAGE_TARGETS):
        raise ValidationFailed({"__all__": words}, Code.NOT_PERMITTED)


def locked(target: Target, expected_version: int) -> Target:
    """The target locked for a change, refused if it changed since the form showed it."""
    current = Target.objects.select_for_update().select_related("owner").get(pk=target.pk)
    if current.version != expected_version:
        raise ConflictError(
            f"Chỉ tiêu «{current.code}» vừa được người khác sửa sau khi bạn mở trang: hãy mở lại "
            "trang để xem giá trị hiện có rồi làm lại. Chưa ghi gì."
        )
    return current


def _stored(fields: TargetFields) -> dict[str, Any]:
    """What a target keeps of `fields` (checked), but its code: the same on creation and edit."""
    computed = fields.source == Source.COMPUTED
    return {
        "name": fields.name.strip(),
        "value": fields.value.quantize(Decimal("0.1")),
        "unit": fields.unit,
        "direction": fields.direction,
        "baseline_value": fields.baseline_value,
        "baseline_date": fields.baseline_date,
        "deadline": fields.deadline,
        "owner": fields.owner,
        "document": fields.document,
        "item": fields.item.strip(),
        "source": fields.source,
        "form_code": fields.form_code if computed else "",
        "formula": fields.formula.strip() if computed else "",
    }


@transaction.atomic
def target_create(*, actor: Actor, fields: TargetFields) -> Target:
    """A new target; refused as a whole, every wrong field named."""
    may_manage(actor, "Chỉ Văn phòng và quản trị được lập chỉ tiêu.")
    errors: dict[str, str] = {}
    _check(fields, errors)
    if errors:
        raise ValidationFailed(errors)
    if Target.objects.filter(code=fields.code).exists():
        raise ValidationFailed({"code": f"Đã có chỉ tiêu mã «{fields.code}»."}, Code.DUPLICATE)
    target = Target.objects.create(code=fields.code, **_stored(fields))
    after = _target_snapshot(target)
    record_change(actor=actor, action=ChangeKind.CREATE, obj=target, before=None, after=after)
    return target


def _target_snapshot(target: Target) -> dict[str, Any]:
    data = snapshot(target, TARGET_FIELDS)
    for key in ("value", "baseline_value"):
        data[key] = show(getattr(target, key)) if getattr(target, key) is not None else None
    data["owner"] = target.owner.code
    return data


def _changes_refused(target: Target, fields: TargetFields) -> dict[str, str]:
    """What an edit may not change: the code ever; once actuals are entered, the unit (the
    entered numbers are in it) and the source (entered numbers would no longer count)."""
    refused: dict[str, str] = {}
    if fields.code != target.code:
        refused["code"] = (
            f"Mã chỉ tiêu «{target.code}» không sửa được: trang, lệnh kpi và API tìm chỉ tiêu "
            "theo mã này. Mã sai: hãy ngừng theo dõi chỉ tiêu này và lập chỉ tiêu mới."
        )
    entered = target.actuals.count()
    if entered and fields.unit != target.unit:
        refused["unit"] = (
            f"Chỉ tiêu đã có {entered} lần nhập số thực hiện tính bằng "
            f"«{target.get_unit_display()}»: không đổi được đơn vị tính."
        )
    if entered and fields.source != target.source:
        refused["source"] = (
            f"Chỉ tiêu đã có {entered} lần nhập số thực hiện: không chuyển sang tính từ số liệu "
            "biểu mẫu được, vì các số đã nhập sẽ không còn được dùng."
        )
    return refused


@transaction.atomic
def target_edit(
    *, actor: Actor, target: Target, expected_version: int, fields: TargetFields, reason: str
) -> Target:
    """Correct a target with the same checks as its creation; the values before, after and
    the reason go to the change log. `expected_version` is the version the form showed: a
    change meanwhile is refused, never overwritten."""
    may_manage(actor, "Chỉ Văn phòng và quản trị được sửa chỉ tiêu.")
    current = locked(target, expected_version)
    errors: dict[str, str] = {}
    _check(fields, errors)
    if not reason.strip():
        errors["reason"] = "Hãy ghi lý do sửa: lý do được lưu trong lịch sử cùng giá trị cũ."
    if errors:
        raise ValidationFailed(errors, Code.REQUIRED if set(errors) == {"reason"} else Code.INVALID)
    refused = _changes_refused(current, fields)
    if refused:
        raise ValidationFailed(refused, Code.WRONG_STATE)
    before = _target_snapshot(current)
    for name, value in _stored(fields).items():
        setattr(current, name, value)
    after = _target_snapshot(current)
    if after == before:
        raise ValidationFailed({"__all__": "Không có gì thay đổi so với chỉ tiêu đang có."})
    return saved(actor, current, before, after, reason)


def saved(
    actor: Actor, target: Target, before: dict[str, Any], after: dict[str, Any], reason: str
) -> Target:
    """A change of a target stored with the next version, in the change log with its reason."""
    target.version += 1
    target.save()
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE,
        obj=target,
        before=before,
        after=after,
        reason=reason.strip(),
    )
    return target


def _period(text: str, today: date) -> Period:
    period = parse_period(text)
    if period.kind not in (Kind.QUARTER, Kind.YEAR):
        raise ValidationFailed(
            {"period": f"Kỳ «{text}»: số thực hiện nhập theo quý (2026-Q2) hoặc năm (2026)."}
        )
    if period.start > today:
        raise ValidationFailed(
            {"period": f"{period.label} chưa bắt đầu: chưa nhập được số thực hiện của kỳ này."}
        )
    return period


@transaction.atomic
def actual_enter(
    *,
    actor: Actor,
    target: Target,
    period: str,
    value: Decimal,
    evidence: str,
    expected_number: int,
    reason: str = "",
    files: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> TargetActual:
    """The owner's actual of `period`; a period already entered gets a correction (the next
    number, with its reason), the earlier entry kept. `expected_number` is the entry in force
    the person saw (0: none): another entry meanwhile is refused, never overwritten."""
    target = Target.objects.select_for_update().select_related("owner").get(pk=target.pk)
    if target.is_computed:
        raise ValidationFailed(
            {"__all__": "Chỉ tiêu này tính từ số liệu biểu mẫu, không nhập số thực hiện."},
            Code.WRONG_STATE,
        )
    if target.is_retired:
        raise ValidationFailed(
            {"__all__": "Chỉ tiêu đã ngừng theo dõi: không nhập số thực hiện mới."},
            Code.WRONG_STATE,
        )
    if not may_enter(actor, target):
        raise ValidationFailed(
            {"__all__": "Chỉ đơn vị chủ trì chỉ tiêu và Văn phòng được nhập số thực hiện."},
            Code.NOT_PERMITTED,
        )
    moment = at or timezone.now()
    found = _period(period, timezone.localdate(moment))
    label = "Giá trị thực hiện"
    value = check_amount(value, target.unit, field="value", label=label)
    evidence = evidence.strip()
    if not evidence:
        raise ValidationFailed(
            {"evidence": "Hãy ghi minh chứng: số liệu lấy từ đâu, văn bản, báo cáo nào."},
            Code.REQUIRED,
        )
    if len(evidence) > MAX_EVIDENCE:
        raise ValidationFailed({"evidence": f"Minh chứng dài quá {MAX_EVIDENCE} ký tự."})
    check_files(files, "evidence_files")
    previous = (
        TargetActual.objects.filter(target=target, period=found.slug).order_by("-number").first()
    )
    current = previous.number if previous else 0
    if current != expected_number:
        raise ConflictError(
            f"{found.label} đã có số thực hiện (lần nhập {current}) mà trang bạn mở chưa hiển "
            "thị: hãy mở «Sửa» của kỳ này để xem số đang có rồi nhập lại."
        )
    if previous is not None and not reason.strip():
        raise ValidationFailed(
            {"reason": f"{found.label} đã có số thực hiện: hãy ghi lý do sửa."}, Code.REQUIRED
        )
    entry = TargetActual.objects.create(
        target=target,
        period=found.slug,
        period_end=found.end,
        number=current + 1,
        value=value,
        evidence=evidence,
        reason=reason.strip(),
        entered_by=actor if actor is not None and actor.pk else None,
        entered_at=moment,
    )
    for upload in files:
        kept = TargetFile(
            actual=entry,
            name=(upload.name or "tep")[:255],
            size=upload.size or 0,
            uploaded_by=entry.entered_by,
            uploaded_at=moment,
        )
        kept.file.save(PurePath(kept.name).name, upload, save=False)
        kept.save()
    after = {
        "target": target.pk,
        "period": found.label,
        "number": entry.number,
        "value": show(value),
        "evidence": evidence,
        "files": len(files),
    }
    before = None
    if previous is not None:
        before = {"value": show(previous.value), "evidence": previous.evidence}
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE if previous else ChangeKind.CREATE,
        obj=entry,
        before=before,
        after=after,
        reason=reason.strip(),
    )
    return entry
