"""Báo cáo của đơn vị (`/bao-cao/`): a unit's requests, what needs action first, filtered by
state, report type and period (docs/reports.md "A unit's report").

Order: returned reports first, then those not sent yet (open or being drafted), each by due
date, soonest first; then the rest (sent, accepted), newest due date first. A report not sent
yet shows how many calendar days are left ("còn 3 ngày", "hạn hôm nay") or have passed
("quá hạn 2 ngày").
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import QueryDict

from theodoi.accounts.models import User
from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import TextForm, field_of
from theodoi.core.periods import parse_period
from theodoi.reports.adhoc import is_late
from theodoi.reports.models import ReportRequest, ReportType, RequestState
from theodoi.tasks.scope import UNIT_ROLES, unit_scope

NEEDS_ACTION = "can-xu-ly"  # the state filter's value for returned, open and drafts
AD_HOC = "dot-xuat"  # the type filter's value for the Office's ad-hoc requests
UNSENT = (RequestState.OPEN, RequestState.DRAFT)
TO_DO = (RequestState.RETURNED, *UNSENT)


class MineFilterForm(TextForm):
    """The page's filter; its keys are the address's (`trang_thai`, `loai`, `ky`)."""

    trang_thai = forms.ChoiceField(label="Trạng thái", required=False)
    loai = forms.ChoiceField(label="Loại báo cáo", required=False)
    ky = forms.ChoiceField(label="Kỳ báo cáo", required=False)

    def __init__(
        self, data: QueryDict, *, types: list[tuple[str, str]], periods: list[tuple[str, str]]
    ) -> None:
        super().__init__(data)
        states = [(NEEDS_ACTION, "Cần xử lý (bị trả lại, chưa nộp, đang soạn)")]
        field_of(self, "trang_thai", forms.ChoiceField).choices = [
            ("", "Tất cả"),
            *states,
            *RequestState.choices,
        ]
        field_of(self, "loai", forms.ChoiceField).choices = [
            ("", "Tất cả"),
            *types,
            (AD_HOC, "Đột xuất"),
        ]
        field_of(self, "ky", forms.ChoiceField).choices = [("", "Tất cả"), *periods]

    def chosen(self) -> dict[str, str]:
        """The valid values given: a value not among the choices is left out (and the form
        says so beside its field)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


def scope_of(user: User) -> frozenset[int]:
    return unit_scope(user) if user.roles & UNIT_ROLES else frozenset()


def choices(units: frozenset[int]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The report types and periods the unit has requests of (two queries), newest first."""
    requests = ReportRequest.objects.filter(unit_id__in=sorted(units))
    types = ReportType.objects.filter(rounds__requests__in=requests).distinct().order_by("name")
    slugs = set(requests.exclude(round__period="").values_list("round__period", flat=True))
    periods = []
    for slug in slugs:
        try:
            period = parse_period(slug)
        except ValidationFailed:
            continue
        periods.append((period.end, period.kind, slug, period.label))
    periods.sort(reverse=True)
    return [(str(t.pk), t.name) for t in types], [(slug, label) for _, _, slug, label in periods]


def requests(units: frozenset[int], chosen: dict[str, str]) -> QuerySet[ReportRequest]:
    """The unit's requests (units below included) that the filter keeps, in the page's order."""
    found = ReportRequest.objects.filter(unit_id__in=sorted(units))
    state = chosen.get("trang_thai", "")
    if state == NEEDS_ACTION:
        found = found.filter(state__in=TO_DO)
    elif state:
        found = found.filter(state=state)
    kind = chosen.get("loai", "")
    if kind == AD_HOC:
        found = found.filter(round__report_type__isnull=True)
    elif kind:
        found = found.filter(round__report_type_id=int(kind))
    if chosen.get("ky"):
        found = found.filter(round__period=chosen["ky"])
    action = Case(
        When(state=RequestState.RETURNED, then=Value(0)),
        When(state__in=UNSENT, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    pending_due = Case(When(state__in=TO_DO, then=F("round__due_date")), default=None)
    return (
        found.select_related("round", "unit")
        .annotate(action=action, pending_due=pending_due)
        .order_by(
            "action",
            F("pending_due").asc(nulls_last=True),
            F("round__due_date").desc(),
            "round__title",
            "unit__code",
            "id",
        )
    )


def countdown(due: date, today: date) -> str:
    """Calendar days to the due date, as the page says it."""
    days = (due - today).days
    if days > 0:
        return f"còn {days} ngày"
    return "hạn hôm nay" if days == 0 else f"quá hạn {-days} ngày"


@dataclass(frozen=True)
class MineRow:
    request: ReportRequest
    late: bool  # first sent after the due date, or nothing sent and the due date has passed
    missing: bool  # nothing sent and the due date has passed
    countdown: str  # for a report not sent yet, else ""


def rows_of(found: list[ReportRequest], today: date) -> list[MineRow]:
    rows = []
    for r in found:
        due = r.round.due_date
        unsent = r.first_submitted_at is None
        shown = countdown(due, today) if unsent and r.state in TO_DO else ""
        rows.append(MineRow(r, is_late(r, due, today), unsent and today > due, shown))
    return rows
