"""Checks shared by the plan and the inspections made from it or ad hoc (docs/inspections.md,
"Kế hoạch và cuộc kiểm tra"): who may be inspected, who may conduct, who the partner is.

Refusals name the unit; an ended unit is refused with the units that carry on its work (the
unit registry's successions), never swapped for them in silence: inspecting another unit is a
choice the Office makes itself.
"""

from collections.abc import Sequence
from datetime import date

from theodoi.accounts.models import User
from theodoi.core.access import Action, can
from theodoi.core.dates import format_date, in_range, range_message
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import successors_chain
from theodoi.partners.models import Agreement
from theodoi.partners.scope import partner_units
from theodoi.tasks.models import TaskCoordination

OFFICE = "VP"  # the Office: drafts the plan and conducts inspections (Art. 12.1)
AGENCY = "Bảo hiểm xã hội Việt Nam"  # the issuer the register gives our plans, decisions, notices


def office_unit() -> Unit:
    return Unit.objects.get(code=OFFICE)


def allowed(actor: User | None, action: Action) -> None:
    """The person may do `action` (None: the command line or the demo, which may)."""
    if actor is not None and not can(actor, action):
        raise ValidationFailed(
            {"__all__": "Bạn không có quyền thực hiện thao tác này."}, Code.NOT_PERMITTED
        )


def text(value: str, field: str, message: str) -> str:
    """`value` trimmed; refused with `message` on `field` when empty."""
    cleaned = value.strip()
    if not cleaned:
        raise ValidationFailed({field: message}, Code.REQUIRED)
    return cleaned


def day(value: date | None, field: str, label: str) -> date:
    if value is None:
        raise ValidationFailed({field: f"Cần nhập {label.lower()} (dd/mm/yyyy)."}, Code.REQUIRED)
    if not in_range(value):
        raise ValidationFailed({field: range_message(label, value)})
    return value


def _ended(unit: Unit, first: date) -> str:
    heirs = [u for u in successors_chain(unit, first) if u.pk != unit.pk]
    message = f"«{unit_label(unit)}» "
    if unit.valid_to is not None and unit.valid_to < first:
        message += f"đã thôi hoạt động từ ngày {format_date(unit.valid_to)}"
    else:
        message += f"chưa hoạt động ngày {format_date(first)}"
    if heirs:
        message += "; đơn vị kế thừa: " + ", ".join(f"«{unit_label(u)}»" for u in heirs)
    return message + "."


def inspected(units: Sequence[Unit], field: str, first: date, last: date) -> list[Unit]:
    """The inspected units: at least one, each one of ours that leads tasks and is in force
    on some day from `first` to `last` (a plan item's months, or an inspection's start)."""
    found = list(dict.fromkeys(units))
    if not found:
        raise ValidationFailed({field: "Cần chọn ít nhất một đơn vị được kiểm tra."}, Code.REQUIRED)
    for unit in found:
        if not unit.can_lead:
            raise ValidationFailed(
                {field: f"«{unit_label(unit)}» không phải đơn vị trực thuộc được kiểm tra."}
            )
        ended = unit.valid_to is not None and unit.valid_to < first
        if ended or (unit.valid_from is not None and unit.valid_from > last):
            raise ValidationFailed({field: _ended(unit, first)})
    return found


def conductor(unit: Unit | None, units: Sequence[Unit], field: str, on: date) -> Unit:
    """Who conducts: the Office, or a lead unit checking its own work and the units that
    coordinate in the tasks it leads (Art. 12.2)."""
    if unit is None:
        raise ValidationFailed({field: "Cần chọn đơn vị thực hiện kiểm tra."}, Code.REQUIRED)
    if not unit.can_lead or not unit.is_active_on(on):
        raise ValidationFailed(
            {field: f"«{unit_label(unit)}» không phải đơn vị đang hoạt động ngày "
             f"{format_date(on)} để thực hiện kiểm tra."}
        )  # fmt: skip
    if unit.code == OFFICE:
        return unit
    others = {u.pk for u in units if u.pk != unit.pk}
    coordinating = set(
        TaskCoordination.objects.filter(task__lead_unit=unit, unit_id__in=others).values_list(
            "unit_id", flat=True
        )
    )
    strangers = [u for u in units if u.pk in others - coordinating]
    if strangers:
        names = ", ".join(f"«{unit_label(u)}»" for u in strangers)
        raise ValidationFailed(
            {field: f"{names} không phối hợp nhiệm vụ nào do «{unit_label(unit)}» chủ trì: "
             "đơn vị chủ trì chỉ kiểm tra đơn vị mình và các đơn vị phối hợp (Điều 12.2); "
             "cuộc kiểm tra khác do Văn phòng thực hiện."}
        )  # fmt: skip
    return unit


def partner_unit_ids() -> set[int]:
    """The units of every partner of an agreement: the choices for a joint inspection."""
    return {u.pk for a in Agreement.objects.select_related("partner") for u in partner_units(a)}


def partner(unit: Unit | None, field: str) -> Unit | None:
    """A joint inspection's partner unit: a unit of a partner of an agreement (004 Art. 7)."""
    if unit is None:
        return None
    if unit.pk not in partner_unit_ids():
        raise ValidationFailed({field: f"«{unit_label(unit)}» không phải đơn vị của đối tác."})
    return unit
