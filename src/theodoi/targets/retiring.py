"""«Ngừng theo dõi»: a target no longer followed is kept, never deleted: its actuals and
history stay readable at its address, it leaves the list (unless asked for), the dashboard and
`kpi list`, and takes no new actual. «Theo dõi lại» undoes it. Both ask for a reason."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from theodoi.audit.services import snapshot
from theodoi.core.errors import Code, ValidationFailed
from theodoi.targets.models import Target
from theodoi.targets.services import Actor, locked, may_manage, saved

FIELDS = ["retired_at", "retired_reason"]


@transaction.atomic
def target_retire(
    *,
    actor: Actor,
    target: Target,
    expected_version: int,
    reason: str,
    retire: bool = True,
    at: datetime | None = None,
) -> Target:
    """«Ngừng theo dõi» (or, `retire=False`, «Theo dõi lại»): the target is kept with its
    actuals and history, hidden from the list, the dashboard and `kpi list` while retired, and
    takes no new actual. The reason goes to the target and the change log."""
    may_manage(actor, "Chỉ Văn phòng và quản trị được ngừng hoặc mở lại theo dõi chỉ tiêu.")
    current = locked(target, expected_version)
    if current.is_retired == retire:
        state = "đã ngừng theo dõi" if retire else "đang được theo dõi"
        raise ValidationFailed({"__all__": f"Chỉ tiêu «{current.code}» {state}."}, Code.WRONG_STATE)
    if not reason.strip():
        what = "ngừng theo dõi" if retire else "theo dõi lại"
        raise ValidationFailed({"reason": f"Hãy ghi lý do {what} chỉ tiêu."}, Code.REQUIRED)
    before = snapshot(current, FIELDS)
    current.retired_at = (at or timezone.now()) if retire else None
    current.retired_reason = reason.strip() if retire else ""
    return saved(actor, current, before, snapshot(current, FIELDS), reason)
