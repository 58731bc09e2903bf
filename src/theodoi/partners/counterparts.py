"""The partner's unit that works with each province under an agreement (docs/partners.md,
"Đơn vị phối hợp cấp tỉnh").

`counterpart_set` registers (or changes) it: the province is one of our provinces, the
partner's unit an outside unit below the agreement's partner (its LĐLĐ tỉnh); a refusal says
what is wrong in Vietnamese and writes nothing; each change is in the change log. The demo
registers its LĐLĐ this way before it generates the duties (demo/meeting_stories.py).

`counterparts_of` is what generation and the meeting form read: province id → partner unit.
"""

from django.db import transaction
from django.utils import timezone

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.errors import ValidationFailed
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit, UnitKind
from theodoi.partners.models import Agreement, Counterpart

FIELDS = ["province", "partner_unit"]  # the agreement is the one of the record


def _below(unit: Unit, top: Unit) -> bool:
    """Is `unit` an outside unit somewhere below `top` (each step up an outside unit)?"""
    seen: set[int] = set()
    while unit.parent_id is not None and unit.pk not in seen:
        seen.add(unit.pk)
        if unit.parent_id == top.pk:
            return True
        parent = unit.parent
        if parent is None or parent.kind != UnitKind.EXTERNAL:
            return False
        unit = parent
    return False


def _check(agreement: Agreement, province: Unit, partner_unit: Unit) -> None:
    errors = {}
    if province.kind != UnitKind.PROVINCE:
        errors["province"] = f"«{unit_label(province)}» không phải BHXH tỉnh, thành phố."
    if partner_unit.kind != UnitKind.EXTERNAL or not _below(partner_unit, agreement.partner):
        top = unit_label(agreement.partner)
        errors["partner_unit"] = (
            f"«{unit_label(partner_unit)}» không phải đơn vị trực thuộc {top} "
            f"(cần Liên đoàn Lao động của tỉnh)."
        )
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def counterpart_set(
    *, actor: Actor, agreement: Agreement, province: Unit, partner_unit: Unit, actor_label: str = ""
) -> Counterpart:
    """Make `partner_unit` the partner's unit working with `province` under `agreement`."""
    _check(agreement, province, partner_unit)
    found = (
        Counterpart.objects.select_for_update()
        .filter(agreement=agreement, province=province)
        .first()
    )
    if found is None:
        found = Counterpart.objects.create(
            agreement=agreement,
            province=province,
            partner_unit=partner_unit,
            created_at=timezone.now(),
        )
        after = snapshot(found, FIELDS)
        record_change(
            actor=actor,
            action=ChangeKind.CREATE,
            obj=found,
            before=None,
            after=after,
            actor_label=actor_label,
        )
        return found
    if found.partner_unit_id == partner_unit.pk:
        return found
    before = snapshot(found, FIELDS)
    found.partner_unit = partner_unit
    found.save(update_fields=["partner_unit"])
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE,
        obj=found,
        before=before,
        after=snapshot(found, FIELDS),
        actor_label=actor_label,
    )
    return found


def counterparts_of(agreement: Agreement) -> dict[int, Unit]:
    """Province id → the partner's unit registered for it under `agreement`."""
    found = Counterpart.objects.filter(agreement=agreement).select_related("partner_unit")
    return {c.province_id: c.partner_unit for c in found}


def counterpart_rows(agreement: Agreement) -> list[Counterpart]:
    """The registered counterparts with both units, by province code (the page's list)."""
    found = Counterpart.objects.filter(agreement=agreement).select_related(
        "province", "partner_unit"
    )
    return list(found.order_by("province__code"))
