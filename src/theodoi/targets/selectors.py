"""Reading targets for the pages, the commands and the dashboard: the targets with their
owners, what the commands print, and the targets that need attention."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.periods import Period
from theodoi.targets.actuals import Standing, by_unit, standings
from theodoi.targets.amounts import number
from theodoi.targets.models import Target
from theodoi.targets.status import Status


def all_targets() -> QuerySet[Target]:
    return Target.objects.select_related("owner", "document").order_by("deadline", "code")


def followed_targets() -> QuerySet[Target]:
    """The targets still followed: the list, the dashboard, `kpi list` (not those retired)."""
    return all_targets().filter(retired_at__isnull=True)


def target_by_code(code: str) -> Target:
    found = all_targets().filter(code=code.strip()).first()
    if found is None:
        raise ValidationFailed({"code": f"Không có chỉ tiêu mã «{code}»."}, Code.NOT_FOUND)
    return found


def list_json(found: list[Standing]) -> list[dict[str, Any]]:
    """`theodoi kpi list --json`: each target with its latest actual and that period."""
    rows = []
    for item in found:
        target, latest = item.target, item.latest
        rows.append(
            {
                "code": target.code,
                "name": target.name,
                "target": number(target.goal),
                "unit": target.unit,
                "direction": target.direction,
                "deadline": target.deadline.isoformat(),
                "owner": target.owner.code,
                "actual": number(latest.value) if latest else None,
                "period": latest.period.slug if latest else None,
            }
        )
    return rows


def show_json(found: Standing, period: Period) -> dict[str, Any]:
    """`theodoi kpi show CODE --period P --json`: the period's actual, status and units."""
    target = found.target
    line = found.line(period.slug)
    return {
        "code": target.code,
        "period": period.slug,
        "actual": number(line.value) if line else None,
        "target": number(target.goal),
        "status": str(line.status if line else Status.NO_DATA),
        "by_unit": {code: number(value) for code, _, value in by_unit(found, period)},
    }


ATTENTION = (Status.AT_RISK, Status.MISSED)


def needing_attention(today: date | None = None) -> list[Standing]:
    """The targets at risk or missed today, missed first, then by deadline (the dashboard)."""
    found = [s for s in standings(list(followed_targets()), today) if s.status in ATTENTION]
    return sorted(found, key=lambda s: (s.status != Status.MISSED, s.target.deadline))
