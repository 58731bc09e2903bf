"""Where a target stands in a period (written for the page as `RULE`, docs/targets.md):

- met ("Đạt"): the actual satisfies the target: at least (≥) the value, at most (≤) it, or
  for a reduction at most the baseline less the percentage;
- missed ("Không đạt"): not met and the day judged is after the deadline (the deadline day
  itself is still in time);
- otherwise on track ("Đúng hướng") or at risk ("Có nguy cơ") by the trend: a straight line
  fitted by least squares through the baseline (where the plan gives one) and the actuals up
  to the period, each placed on its period's last day, read on the deadline. On track when
  that projection satisfies the target. With a single point (one actual, no baseline) there
  is no trend: at risk, until a second actual shows the way.

A period is judged on its last day, or today while it runs.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from theodoi.targets.models import Direction


class Status(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NO_DATA = "no_data"


LABELS = {
    Status.MET: "Đạt",
    Status.ON_TRACK: "Đúng hướng",
    Status.AT_RISK: "Có nguy cơ",
    Status.MISSED: "Không đạt",
    Status.NO_DATA: "Chưa có số liệu",
}
RULE = [
    "Đạt: số thực hiện đáp ứng chỉ tiêu (tối thiểu: từ giá trị chỉ tiêu trở lên; tối đa: từ "
    "giá trị chỉ tiêu trở xuống; giảm ít nhất X%: không quá giá trị mốc trừ đi X%).",
    "Không đạt: chưa đạt và ngày xét đã qua thời hạn (ngày cuối thời hạn vẫn còn trong hạn).",
    "Còn lại, xét xu hướng: một đường thẳng theo phương pháp bình phương nhỏ nhất đi qua giá trị "
    "mốc (nếu kế hoạch có) và các số thực hiện đến kỳ đang xét, mỗi số đặt ở ngày cuối kỳ của "
    "nó, kéo dài đến thời hạn. Nếu giá trị dự báo tại thời hạn đáp ứng chỉ tiêu: Đúng hướng; "
    "nếu không: Có nguy cơ.",
    "Chỉ có một số thực hiện và không có mốc thì chưa có xu hướng: Có nguy cơ, cho đến khi có "
    "số của kỳ thứ hai.",
    "Mỗi kỳ được xét tại ngày cuối kỳ, hoặc hôm nay nếu kỳ chưa kết thúc.",
]


@dataclass(frozen=True)
class Point:
    day: date
    value: Decimal


def satisfies(direction: str, actual: Decimal, goal: Decimal) -> bool:
    if direction == Direction.AT_LEAST:
        return actual >= goal
    return actual <= goal  # at most, or reduced to the goal level


def projection(points: list[Point], deadline: date) -> Decimal | None:
    """The least-squares line through `points` read on `deadline` (one decimal); None with
    fewer than two distinct days."""
    if len({p.day for p in points}) < 2:
        return None
    xs = [float(p.day.toordinal()) for p in points]
    ys = [float(p.value) for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    found = mean_y + slope * (deadline.toordinal() - mean_x)
    return Decimal(str(round(found, 1)))


def judge(
    *,
    direction: str,
    goal: Decimal,
    deadline: date,
    points: list[Point],
    actual: Decimal | None,
    on: date,
) -> tuple[Status, Decimal | None]:
    """The status of `actual` judged on day `on`, and the projection used (if any). `points`
    are the baseline and the actuals up to the judged one, oldest first."""
    if actual is None:
        return Status.NO_DATA, None
    if satisfies(direction, actual, goal):
        return Status.MET, None
    if on > deadline:
        return Status.MISSED, None
    projected = projection(points, deadline)
    if projected is None:
        return Status.AT_RISK, None
    ahead = satisfies(direction, projected, goal)
    return (Status.ON_TRACK if ahead else Status.AT_RISK), projected
