"""The targets' API (`/api/v1/targets/`): the targets with their latest actual, and one target
in one period with its status and each unit's value — the same JSON as `theodoi kpi list
--json` and `theodoi kpi show CODE --period P --json` (docs/targets.md). For those who may see
targets (`view_targets`); an unknown code is a 404, a period not written as a slug a 400."""

from typing import Annotated

from django.http import Http404
from ninja import Path, Query, Router, Schema
from pydantic import Field

from theodoi.api.schemas import answers
from theodoi.core.access import Action, require
from theodoi.core.http import AuthedRequest
from theodoi.core.periods import parse_period
from theodoi.targets.actuals import standing, standings
from theodoi.targets.amounts import number
from theodoi.targets.models import Target
from theodoi.targets.selectors import all_targets, followed_targets, list_json, show_json

router = Router(tags=["Chỉ tiêu"])
Number = int | float


class TargetOut(Schema):
    code: str = Field(description="mã chỉ tiêu")
    name: str = Field(description="tên chỉ tiêu như kế hoạch viết")
    target: Number = Field(description="mức cần đạt, cùng đơn vị với số thực hiện")
    unit: str = Field(description="đơn vị tính: percent (%), days (ngày), count (số lượng)")
    direction: str = Field(description="chiều: at_least (≥), at_most (≤), reduce_by (giảm X%)")
    deadline: str = Field(description="thời hạn, dạng YYYY-MM-DD")
    owner: str = Field(description="mã đơn vị chủ trì")
    actual: Number | None = Field(description="số thực hiện mới nhất; null nếu chưa có")
    period: str | None = Field(description="kỳ của số thực hiện mới nhất (2026-Q2, 2026)")


class TargetPeriodOut(Schema):
    code: str = Field(description="mã chỉ tiêu")
    period: str | None = Field(description="kỳ (2026-Q2, 2026)")
    actual: Number | None = Field(description="số thực hiện của kỳ; null nếu chưa có")
    target: Number = Field(description="mức cần đạt")
    status: str = Field(
        description="tình trạng: met (đạt), on_track (đúng hướng), at_risk (có nguy cơ), "
        "missed (không đạt), no_data (chưa có số liệu)"
    )
    by_unit: dict[str, Number] = Field(
        description="số của từng đơn vị theo mã (chỉ tiêu tính từ biểu mẫu: từng tỉnh, tốt nhất "
        "trước; chỉ tiêu do đơn vị nhập: đơn vị chủ trì)"
    )


class PeriodQuery(Schema):
    period: str = Field(
        "", max_length=10, description="kỳ: YYYY-Qn hoặc YYYY; bỏ trống: kỳ có số mới nhất"
    )


TargetCode = Annotated[str, Path(description="mã chỉ tiêu, ví dụ ho-so-truc-tuyen")]


@router.get(
    "/",
    response=answers({200: list[TargetOut]}, 403),
    summary="Các chỉ tiêu",
    description="Các chỉ tiêu đang theo dõi (không gồm chỉ tiêu đã ngừng theo dõi) với mức cần "
    "đạt, thời hạn, đơn vị chủ trì và số thực hiện mới nhất cùng kỳ của nó, như lệnh "
    "`theodoi kpi list --json` (quyền `view_targets`).",
)
def target_list(request: AuthedRequest) -> list[dict[str, object]]:
    """Every target still followed with its latest actual, as `theodoi kpi list --json`."""
    require(request.user, Action.VIEW_TARGETS)
    return list_json(standings(list(followed_targets())))


def _target(code: str) -> Target:
    found = all_targets().filter(code=code).first()
    if found is None:
        raise Http404("Không có chỉ tiêu này.")
    return found


@router.get(
    "/{code}/",
    response=answers({200: TargetPeriodOut}, 400, 403, 404),
    summary="Một chỉ tiêu trong một kỳ",
    description="Số thực hiện của kỳ `period`, mức cần đạt, tình trạng và số của từng đơn vị, "
    "như lệnh `theodoi kpi show MÃ --period KỲ --json`. Không có chỉ tiêu: `404`; kỳ viết sai "
    "dạng: `400`.",
)
def target_show(
    request: AuthedRequest, code: TargetCode, query: Query[PeriodQuery]
) -> dict[str, object]:
    """One target in one period (the latest with an actual when none is given), as `theodoi
    kpi show CODE --period P --json`."""
    require(request.user, Action.VIEW_TARGETS)
    target = _target(code)
    item = standing(target)
    if query.period.strip():
        return show_json(item, parse_period(query.period))
    if item.latest is not None:
        return show_json(item, item.latest.period)
    empty: dict[str, object] = {"period": None, "actual": None, "status": "no_data", "by_unit": {}}
    return {"code": target.code, "target": number(target.goal), **empty}
