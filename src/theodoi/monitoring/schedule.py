"""When a reminder is due, on the working-day calendar (DOMAIN §7, §9).

For a deadline T and the policy's offsets (default 3 and 1 working days before), a task passes
through stages: `before:3` from 3 working days before T, `before:1`, `due` on T, then
`overdue:1` on the first working day after T and `overdue:k` every N working days after that.
On a day, a task is at the latest stage whose first day has come; the job sends that stage if
it was not sent, so a day the job did not run is caught up with the stage that matters then,
never with a stale "3 days left".
"""

import re
from dataclasses import dataclass
from datetime import date

from theodoi.core.errors import ValidationFailed
from theodoi.monitoring.models import ReminderPolicy
from theodoi.workcalendar.services import WorkingDayIndex

MAX_OFFSET = 30
BEFORE_FORMAT = re.compile(r"^\s*\d+(\s*[,;]\s*\d+)*\s*$")


@dataclass(frozen=True)
class Policy:
    before: tuple[int, ...]  # working days before the deadline, largest first
    on_day: bool
    every: int
    head_after: int
    leader_after: int
    coordination_days: int
    extension_after: int
    acceptance_days: int = 2

    @property
    def reach(self) -> int:
        """How many working days ahead of a deadline the first reminder can fall."""
        return max(self.before, default=0) + self.coordination_days


def parse_before(text: str) -> tuple[int, ...]:
    """ "3, 1" → (3, 1); anything else is refused with a message that says what is wrong."""
    if not text.strip():
        return ()
    if not BEFORE_FORMAT.match(text):
        raise ValidationFailed(
            {
                "before_days": f"«{text}» không đọc được: ghi các số ngày làm việc, cách nhau "
                "bởi dấu phẩy, ví dụ: 3, 1."
            }
        )
    values = [int(v) for v in re.split(r"[,;]", text)]
    bad = [v for v in values if not 1 <= v <= MAX_OFFSET]
    if bad:
        raise ValidationFailed(
            {"before_days": f"Số ngày nhắc trước hạn phải từ 1 đến {MAX_OFFSET}; có {bad[0]}."}
        )
    if len(set(values)) != len(values):
        raise ValidationFailed({"before_days": "Số ngày nhắc trước hạn bị ghi trùng."})
    return tuple(sorted(values, reverse=True))


def check(record: ReminderPolicy) -> Policy:
    """The policy a stored record describes, or `ValidationFailed` naming what is wrong."""
    before = parse_before(record.before_days)
    errors: dict[str, str] = {}
    limits = {
        "overdue_every": (1, MAX_OFFSET, "Chu kỳ nhắc lại khi quá hạn"),
        "head_after": (0, 250, "Số ngày quá hạn để báo lãnh đạo đơn vị"),
        "leader_after": (0, 250, "Số ngày quá hạn để báo lãnh đạo giao việc"),
        "coordination_days": (0, MAX_OFFSET, "Số ngày đơn vị phối hợp gửi ý kiến trước hạn"),
        "extension_after": (0, MAX_OFFSET, "Số ngày chờ quyết định gia hạn"),
        "acceptance_days": (1, MAX_OFFSET, "Số ngày đơn vị nhận hoặc chuyển lại nhiệm vụ mới"),
    }
    for name, (low, high, label) in limits.items():
        value = getattr(record, name)
        if value is None or not low <= value <= high:
            errors[name] = f"{label} phải từ {low} đến {high} ngày làm việc."
    if not errors and record.leader_after < record.head_after:
        errors["leader_after"] = (
            "Báo lãnh đạo giao việc phải cùng lúc hoặc sau khi báo lãnh đạo đơn vị "
            f"(từ {record.head_after} ngày quá hạn trở đi)."
        )
    if errors:
        raise ValidationFailed(errors)
    return Policy(
        before=before,
        on_day=record.on_day,
        every=record.overdue_every,
        head_after=record.head_after,
        leader_after=record.leader_after,
        coordination_days=record.coordination_days,
        extension_after=record.extension_after,
        acceptance_days=record.acceptance_days,
    )


@dataclass(frozen=True)
class Stage:
    key: str  # before:3 | due | overdue:2 | waiting:1
    start: date  # the first day of the stage
    late: int = 0  # working days past the deadline (or waited, for an extension)

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def count(self) -> str:
        """The number in the key: the offset of `before:3`, the round of `overdue:2`."""
        return self.key.split(":", 1)[1] if ":" in self.key else ""


def deadline_stage(
    days: WorkingDayIndex, policy: Policy, deadline: date, as_of: date, *, overdue: bool = True
) -> Stage | None:
    """The stage of a deadline on `as_of` (None before the first reminder)."""
    if as_of > deadline:
        late = days.between(deadline, as_of)
        if late >= 1 and overdue:
            k = (late - 1) // policy.every + 1
            start = days.shift(deadline, 1 + (k - 1) * policy.every)
            return Stage(f"overdue:{k}", start, late)
    if as_of >= deadline and policy.on_day:
        return Stage("due", deadline)
    current = None
    for offset in policy.before:  # largest first: the last that has come wins
        start = days.shift(deadline, -offset)
        if start <= as_of:
            current = Stage(f"before:{offset}", start)
    return current


def waiting_stage(days: WorkingDayIndex, policy: Policy, since: date, as_of: date) -> Stage | None:
    """An extension request waiting since `since`: the leader is reminded after
    `extension_after` working days, then every N working days."""
    waited = days.between(since, as_of)
    first = max(policy.extension_after, 1)
    if waited < first:
        return None
    k = (waited - first) // policy.every + 1
    return Stage(f"waiting:{k}", days.shift(since, first + (k - 1) * policy.every), waited)
