"""Writes of the evaluation: the ranking formula (administrator)."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.errors import ConflictError
from theodoi.evaluation.models import RankingFormula
from theodoi.evaluation.scoring import DEFAULT, check, stored

FIELDS = ["weights", "min_judged"]


@transaction.atomic
def formula_update(
    *, actor: Actor, expected_version: int, weights: dict[str, Any], min_judged: Any
) -> RankingFormula:
    """Set the ranking's weights; refused whole, with the field named, if any is wrong."""
    record = RankingFormula.objects.select_for_update().order_by("pk").first()
    if record is None:
        record = RankingFormula.objects.create(
            weights=stored(DEFAULT.weights), min_judged=DEFAULT.min_judged
        )
    if record.version != expected_version:
        raise ConflictError("Công thức xếp hạng vừa được người khác sửa. Hãy tải lại trang.")
    formula = check(weights, min_judged)
    before = snapshot(record, FIELDS)
    record.weights = stored(formula.weights)
    record.min_judged = formula.min_judged
    record.version += 1
    record.updated_at = timezone.now()
    record.save()
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE,
        obj=record,
        before=before,
        after=snapshot(record, FIELDS),
    )
    return record
