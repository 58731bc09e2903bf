"""/api/v1/stats/: the statistics of DOMAIN §8 at a date, the same JSON as `theodoi stats
--json` (`tasks.stats.statistics`), scoped as the statistics page (`stats.statistics_unit`)."""

from datetime import date
from typing import Literal

from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from theodoi.api.schemas import answers
from theodoi.core.access import Action, require
from theodoi.core.dates import IsoDate, in_range, range_message
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.http import AuthedRequest
from theodoi.organisation.models import Unit
from theodoi.tasks.stats import View, statistics, statistics_unit

router = Router(tags=["Thống kê"])


class StatsQuery(Schema):
    as_of: IsoDate | None = Field(None, description="ngày thống kê, YYYY-MM-DD; mặc định hôm nay")
    unit: str | None = Field(
        None, max_length=40, description="mã đơn vị (gồm cả đơn vị cấp dưới); mặc định cả Ngành"
    )
    view: Literal["agency", "unit"] = Field(
        "agency",
        description="agency: báo cáo so với thời hạn được giao; unit: gửi kết quả so với hạn "
        "gửi Văn phòng",
    )


class Counts(Schema):
    total: int
    done_on_time: int
    done_late: int
    open_in_time: int
    open_overdue: int
    no_deadline: int


class StatsOut(Counts):
    as_of: date
    view: str
    by_unit: dict[str, Counts]  # by the lead unit's code


@router.get(
    "/",
    response=answers({200: StatsOut}, 400, 403),
    summary="Thống kê nhiệm vụ theo 4 loại tại một ngày",
    description="Nhiệm vụ đếm từ lịch sử tại ngày `as_of` theo 4 loại và số không có thời hạn, "
    "cả Ngành và theo đơn vị chủ trì — cùng JSON với `theodoi stats --json` (quyền "
    "`view_stats`). Lãnh đạo đơn vị chỉ xem đơn vị mình và các đơn vị cấp dưới: hỏi đơn vị "
    "khác `403`; mã đơn vị không có, ngày hoặc `view` sai: `400` nêu trường.",
)
def stats(request: AuthedRequest, query: Query[StatsQuery]) -> StatsOut:
    """Tasks counted from history at `as_of`: the four classes and those without a deadline,
    in all and by lead unit. A unit's head reads their unit (and those below it) only."""
    require(request.user, Action.VIEW_STATS)
    as_of = query.as_of or timezone.localdate()
    if not in_range(as_of):
        raise ValidationFailed({"as_of": range_message("«as_of»", as_of)}, Code.INVALID)
    asked = None
    if query.unit and query.unit.strip():
        asked = Unit.objects.filter(code__iexact=query.unit.strip()).first()
        if asked is None:
            message = f"«unit»: không có đơn vị mã «{query.unit.strip()}»."
            raise ValidationFailed({"unit": message}, Code.INVALID)
    result = statistics(as_of, View(query.view), statistics_unit(request.user, asked))
    return StatsOut.model_validate(result)
