"""Changing the organisation. Every write records its change; nothing is silently overwritten."""

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.organisation.models import (
    SuccessionKind,
    Unit,
    UnitAlias,
    UnitName,
    UnitSuccession,
)

UNIT_FIELDS = ["code", "name", "short_name", "kind", "parent", "valid_from", "valid_to"]


def unit_snapshot(unit: Unit) -> dict[str, Any]:
    aliases = sorted(unit.aliases.values_list("alias", flat=True)) if unit.pk else []
    return snapshot(unit, UNIT_FIELDS, aliases=aliases)


def _check_parent(unit: Unit, parent: Unit | None) -> None:
    seen = set()
    node = parent
    while node is not None:
        if node.pk == unit.pk or node.pk in seen:
            raise ValidationFailed({"parent": "Đơn vị cấp trên tạo thành vòng lặp."})
        seen.add(node.pk)
        node = node.parent


def _check_dates(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationFailed({"valid_to": "Ngày hết hiệu lực phải sau ngày có hiệu lực."})


def unit_set_aliases(unit: Unit, aliases: list[str]) -> None:
    """Make the unit's aliases exactly `aliases` (callers record the change)."""
    wanted = {a.strip() for a in aliases if a.strip()}
    unit.aliases.exclude(alias__in=wanted).delete()
    have = set(unit.aliases.values_list("alias", flat=True))
    UnitAlias.objects.bulk_create([UnitAlias(unit=unit, alias=a) for a in sorted(wanted - have)])


@transaction.atomic
def unit_create(*, actor: Actor, aliases: list[str] | None = None, **fields: Any) -> Unit:
    if Unit.objects.filter(code=fields["code"]).exists():
        raise ValidationFailed({"code": f"Mã «{fields['code']}» đã được dùng."}, Code.DUPLICATE)
    _check_dates(fields.get("valid_from"), fields.get("valid_to"))
    unit = Unit.objects.create(**fields)
    unit_set_aliases(unit, aliases or [])
    record_change(
        actor=actor, action=ChangeKind.CREATE, obj=unit, before=None, after=unit_snapshot(unit)
    )
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: Actor,
    unit: Unit,
    expected_version: int,
    aliases: list[str] | None = None,
    reason: str = "",
    **fields: Any,
) -> Unit:
    """Correct a unit's record. Refused if someone else saved it since `expected_version`."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    if locked.version != expected_version:
        raise ConflictError(
            "Đơn vị này vừa được người khác sửa. Hãy tải lại trang để xem bản mới nhất."
        )
    if "code" in fields and Unit.objects.filter(code=fields["code"]).exclude(pk=unit.pk).exists():
        raise ValidationFailed({"code": f"Mã «{fields['code']}» đã được dùng."}, Code.DUPLICATE)
    before = unit_snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    _check_parent(locked, locked.parent)
    _check_dates(locked.valid_from, locked.valid_to)
    if aliases is not None:
        unit_set_aliases(locked, aliases)
    after = unit_snapshot(locked)
    if before == after:
        return locked
    locked.version += 1
    locked.save()
    record_change(
        actor=actor, action=ChangeKind.UPDATE, obj=locked, before=before, after=after, reason=reason
    )
    return locked


@transaction.atomic
def unit_rename(
    *,
    actor: Actor,
    unit: Unit,
    name: str,
    short_name: str,
    effective_date: date,
    reason: str = "",
) -> Unit:
    """Give the unit a new name from `effective_date`; the old name stays for earlier dates."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    last = locked.past_names.order_by("-valid_to").first()
    earliest = last.valid_to + timedelta(days=1) if last else locked.valid_from
    if earliest and effective_date <= earliest:
        raise ValidationFailed(
            {"effective_date": f"Ngày đổi tên phải sau {format_date(earliest)}."}
        )
    if not name.strip():
        raise ValidationFailed({"name": "Tên mới không được để trống."}, Code.REQUIRED)
    before = unit_snapshot(locked)
    UnitName.objects.create(
        unit=locked,
        name=locked.name,
        short_name=locked.short_name,
        valid_from=earliest,
        valid_to=effective_date - timedelta(days=1),
    )
    locked.name, locked.short_name = name.strip(), short_name.strip()
    locked.version += 1
    locked.save()
    after = unit_snapshot(locked) | {"effective_date": effective_date.isoformat()}
    record_change(
        actor=actor, action=ChangeKind.RENAME, obj=locked, before=before, after=after, reason=reason
    )
    return locked


@transaction.atomic
def unit_succeed(
    *,
    actor: Actor,
    predecessors: list[Unit],
    successors: list[Unit],
    effective_date: date,
    document: str = "",
    reason: str = "",
) -> list[UnitSuccession]:
    """Merge (many → one), split (one → many) or replace (one → one) units on a date.

    The predecessors stop the day before `effective_date`; their history stays theirs.
    """
    if not predecessors or not successors:
        raise ValidationFailed(
            {"successors": "Cần ít nhất một đơn vị cũ và một đơn vị mới."}, Code.REQUIRED
        )
    if {u.pk for u in predecessors} & {u.pk for u in successors}:
        raise ValidationFailed({"successors": "Một đơn vị không thể kế thừa chính nó."})
    if len(predecessors) > 1 and len(successors) > 1:
        raise ValidationFailed(
            {"successors": "Chỉ sáp nhập nhiều vào một, hoặc chia một thành nhiều."}
        )
    kind = (
        SuccessionKind.MERGE
        if len(predecessors) > 1
        else SuccessionKind.SPLIT
        if len(successors) > 1
        else SuccessionKind.REPLACE
    )
    last_day = effective_date - timedelta(days=1)
    links = []
    for old in predecessors:
        old = Unit.objects.select_for_update().get(pk=old.pk)
        if not old.is_active_on(last_day):
            raise ValidationFailed(
                {"predecessors": f"{old} không còn hiệu lực vào ngày {format_date(last_day)}."}
            )
        before = unit_snapshot(old)
        old.valid_to = last_day
        old.version += 1
        old.save()
        for new in successors:
            link, _ = UnitSuccession.objects.update_or_create(
                predecessor=old,
                successor=new,
                defaults={"effective_date": effective_date, "kind": kind, "document": document},
            )
            links.append(link)
        after = unit_snapshot(old) | {"successors": [u.code for u in successors]}
        record_change(
            actor=actor, action=ChangeKind(kind), obj=old, before=before, after=after, reason=reason
        )
    return links
