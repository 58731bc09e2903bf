"""/api/v1/calendar/: the working-day calendar — which days are worked and why, and counting
working days — answered by `workcalendar.services` only, as every deadline is."""

from datetime import date, timedelta

from ninja import Query, Router, Schema
from pydantic import Field

from theodoi.api.schemas import answers
from theodoi.core.access import Action, require
from theodoi.core.dates import IsoDate, format_date, in_range, range_message
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.http import AuthedRequest
from theodoi.workcalendar import services

router = Router(tags=["Lịch làm việc"])

Day = date  # for the schemas that have a field named `date`
MAX_DAYS = 400  # days one calendar request lists
MAX_SHIFT = 3660  # working days one request may count forward or back (about 14 years)


class RangeQuery(Schema):
    start: IsoDate = Field(..., alias="from", description="ngày đầu, YYYY-MM-DD")
    end: IsoDate = Field(..., alias="to", description="ngày cuối, YYYY-MM-DD (tính cả ngày này)")


class AddQuery(Schema):
    day: IsoDate = Field(..., alias="date", description="ngày bắt đầu đếm, YYYY-MM-DD")
    days: int = Field(
        ...,
        ge=-MAX_SHIFT,
        le=MAX_SHIFT,
        description="số ngày làm việc sau (âm: trước) ngày đó",
    )


class DayOut(Schema):
    date: date
    weekday: int  # 1 = Monday … 7 = Sunday
    working: bool
    reason: str  # the holiday's name, "Ngày làm bù", an override with its document, or ""
    override: str | None  # the administrator's override kind ("day_off", "working_day")
    override_document: str  # the document announcing it, or ""


class CalendarOut(Schema):
    start: date = Field(..., serialization_alias="from")
    end: date = Field(..., serialization_alias="to")
    working_days: int
    days: list[DayOut]


class AddOut(Schema):
    date: Day
    days: int
    result: Day


class BetweenOut(Schema):
    start: date = Field(..., serialization_alias="from")
    end: date = Field(..., serialization_alias="to")
    working_days: int  # working days d with from < d <= to (negative when to is before from)


@router.get(
    "/",
    response=answers({200: CalendarOut}, 400, 403),
    summary="Các ngày trong một khoảng: làm việc hay nghỉ, vì sao",
    description="Từng ngày từ `from` đến `to` (tính cả hai đầu, tối đa 400 ngày): làm việc hay "
    "nghỉ và vì sao — tên ngày lễ, «Ngày làm bù», hoặc điều chỉnh của quản trị kèm văn bản "
    "(quyền `view_calendar`, mọi vai trò). Ngày sai dạng, `to` trước `from`, khoảng quá dài: "
    "`400` nêu trường.",
    by_alias=True,
)
def calendar_days(request: AuthedRequest, query: Query[RangeQuery]) -> CalendarOut:
    """Each day from `from` to `to` (at most 400 days), whether it is worked and why: a
    holiday's name, a make-up day, or an administrator's override and its document."""
    require(request.user, Action.VIEW_CALENDAR)
    if query.end < query.start:
        message = f"«to» ({format_date(query.end)}) trước «from» ({format_date(query.start)})."
        raise ValidationFailed({"to": message}, Code.INVALID)
    span = (query.end - query.start).days + 1
    if span > MAX_DAYS:
        message = f"«to»: mỗi lần xem tối đa {MAX_DAYS} ngày (đã hỏi {span} ngày)."
        raise ValidationFailed({"to": message}, Code.INVALID)
    calendar = services.get_calendar()
    days = []
    for offset in range(span):
        info = calendar.info(query.start + timedelta(days=offset))
        override = info.override
        days.append(
            DayOut(
                date=info.day,
                weekday=info.day.isoweekday(),
                working=info.working,
                reason=info.reason,
                override=override.kind if override is not None else None,
                override_document=override.document if override is not None else "",
            )
        )
    return CalendarOut(
        start=query.start,
        end=query.end,
        working_days=sum(day.working for day in days),
        days=days,
    )


@router.get(
    "/add/",
    response=answers({200: AddOut}, 400, 403),
    summary="Ngày sau (trước) một ngày N ngày làm việc",
    description="Ngày sau `date` `days` ngày làm việc (trước, nếu `days` âm; chính `date` nếu "
    "bằng 0), đếm như khi tính thời hạn. Ngày sai dạng hay kết quả ngoài 1900–2100: `400`.",
)
def calendar_add(request: AuthedRequest, query: Query[AddQuery]) -> AddOut:
    """The day `days` working days after `date` (before it when `days` is negative; 0 gives
    `date`), as deadlines are counted."""
    require(request.user, Action.VIEW_CALENDAR)
    result = services.add_working_days(query.day, query.days)
    if not in_range(result):
        raise ValidationFailed({"days": range_message("«days»: kết quả", result)}, Code.INVALID)
    return AddOut(date=query.day, days=query.days, result=result)


@router.get(
    "/between/",
    response=answers({200: BetweenOut}, 400, 403),
    summary="Số ngày làm việc giữa hai ngày",
    description="Số ngày làm việc d với `from` < d <= `to` (âm khi `to` trước `from`), đếm như "
    "khi tính trễ hạn; hai ngày cách nhau tối đa 20 năm, không thì `400`.",
    by_alias=True,
)
def calendar_between(request: AuthedRequest, query: Query[RangeQuery]) -> BetweenOut:
    """The working days after `from` up to and including `to`, as lateness is counted."""
    require(request.user, Action.VIEW_CALENDAR)
    if abs((query.end - query.start).days) > services.MAX_STEPS:
        message = "«to»: khoảng thời gian quá dài (tối đa 20 năm)."
        raise ValidationFailed({"to": message}, Code.INVALID)
    count = services.working_days_between(query.start, query.end)
    return BetweenOut(start=query.start, end=query.end, working_days=count)
