"""The demo's TTHC control form (seed 001 Phụ lục II) lived in: the rounds of the last two
quarters whose round has opened (computed from today: the quarterly type asks Q1-Q3), and
the yearly type's latest round past its due date (the dashboard's panel shows it), where
every province and central unit simply sends on time and are accepted (PLAIN).

Everything goes through the real services (`statforms.services.form_submit` and
`form_save_draft`, `reports.services.report_accept` and `report_return`) as the demo's people
(`demo.report_stories.ReportTeller`: the unit's staff, else its head; Văn phòng's `vanphong`
reviews), each step at its moment in the past. In both quarters every province in force
sends figures that pass every rule (`demo.form_figures`; the 5.6 of the later quarter is the
5.10 the unit sent for the earlier one) and the Office accepts; so does every central unit,
for its sections (4 and the narrative). The stories:

- earlier quarter: RESENT is returned with a comment, sends version 2 and is accepted;
- latest quarter: RETURNED is returned with a comment and has not sent again; LATE sends
  after the due date and waits for review; MISSING sends nothing; EXPLAINED carries over
  more than it left in progress and explains the warning in words; CENTRAL_DRAFT keeps a
  draft. On a round not yet due "late" is on time and "missing" not yet due.

Told once, after `demo.report_stories` (which leaves form rounds to this module): a second
`load_demo` finds form versions and adds nothing. docs/reports.md "The demo" tells it.
"""

from datetime import date, timedelta

from django.utils import timezone

from theodoi.core.periods import Period, parse_period
from theodoi.demo.form_figures import (
    Carried,
    Figures,
    carried_from,
    central_figures,
    province_figures,
    quarter_words,
    spread,
    texts_for,
)
from theodoi.demo.report_stories import ReportTeller
from theodoi.reports.models import Frequency, ReportRequest, ReportRound
from theodoi.reports.services import report_accept, report_return
from theodoi.statforms.definition import CENTRAL, Definition
from theodoi.statforms.models import FormVersion
from theodoi.statforms.periods import before
from theodoi.statforms.selectors import audience_of, definition_of
from theodoi.statforms.services import form_save_draft, form_submit

FORM = "tthc"
RESENT = "DANANG"
RETURNED, LATE, MISSING = "NGHEAN", "CAMAU", "LAICHAU"
EXPLAINED, EXPLAINED_EXTRA = "THANHHOA", 37
CENTRAL_DRAFT = "TTTT"
EARLIER, LATEST, PLAIN = "earlier", "latest", "plain"  # which stories a round tells
RESENT_MISSED = 3  # feedback by other channels the first version left out
LEFT_OUT = ("4b.total", "4b.new", "4b.processed")
RESENT_COMMENT = (
    "Đề nghị rà soát lại số PAKN tiếp nhận bằng hình thức khác (mục 4b): chưa tính các kiến "
    "nghị nhận qua đường dây nóng của BHXH thành phố."
)
RESENT_NOTE = " Đã bổ sung 03 kiến nghị nhận qua đường dây nóng theo ý kiến của Văn phòng."
RETURN_COMMENT = (
    "Đề nghị làm rõ 02 hồ sơ giải quyết quá hạn chưa có thư xin lỗi (mục 5) và bổ sung "
    "nguyên nhân quá hạn ở phần đánh giá chung."
)
EXPLANATION = (
    "Số kỳ trước chuyển qua nhiều hơn {extra} hồ sơ so với số đang giải quyết đã báo cáo "
    "{before} do bổ sung hồ sơ tiếp nhận tại Trung tâm phục vụ hành chính công cấp xã sau "
    "sắp xếp, chưa cập nhật vào phần mềm khi lập báo cáo kỳ trước."
)


def quarter_rounds() -> list[ReportRound]:
    """The form's rounds of the last two quarters that have opened, the earlier first."""
    rounds = ReportRound.objects.filter(
        form_code=FORM, report_type__frequency=Frequency.QUARTER
    ).order_by("-window_end")
    return list(reversed(rounds[:2]))


def previous_by_unit(definition: Definition, period: Period) -> dict[int, dict[str, int]]:
    """Unit id → the values of its latest version of the period before (one query)."""
    earlier = before(definition.calendar, period)
    if earlier is None:
        return {}
    versions = FormVersion.objects.filter(
        submission__request__round__form_code=FORM,
        submission__request__round__period=earlier.slug,
    ).order_by("submission__number")
    return {
        unit: values
        for unit, values in versions.values_list("submission__request__unit_id", "values")
    }


class FormTeller:
    """One round's stories (`part`: EARLIER, LATEST or PLAIN), told as `teller`'s people."""

    def __init__(self, teller: ReportTeller, report_round: ReportRound, part: str) -> None:
        self.teller, self.round, self.part = teller, report_round, part
        self.latest = part == LATEST
        self.definition = definition_of(report_round)
        self.period = parse_period(report_round.period)
        self.previous = previous_by_unit(self.definition, self.period)
        self.office = teller.reviewer(report_round)

    def sent_on(self, code: str, late: bool = False) -> date:
        """A day after the data window closes and by the due date (late: a week after it)."""
        due = self.round.due_date
        if late and due + timedelta(days=9) <= self.teller.today:
            return due + timedelta(days=7 + spread(code, self.period, 3))
        end = self.round.window_end or due - timedelta(days=4)
        return min(end + timedelta(days=1 + spread(code, self.period, 4)), due)

    def texts(self, request: ReportRequest, extra: str = "") -> dict[str, str]:
        fields = set(self.definition.fields_for(audience_of(request.unit), self.period))
        central = audience_of(request.unit) == CENTRAL
        texts = texts_for(central, str(request.unit), self.period, fields)
        if extra:
            texts["4.review"] += extra
        return texts

    def figures(self, request: ReportRequest, extra: int = 0) -> Figures:
        carried = carried_from(self.previous.get(request.unit_id))
        if extra and carried.dossiers is not None:
            carried = Carried(carried.dossiers + extra, carried.feedback_a, carried.feedback_b)
        if audience_of(request.unit) == CENTRAL:
            return central_figures(request.unit.code, self.period, carried)
        return province_figures(request.unit.code, self.period, carried)

    def send(
        self,
        request: ReportRequest,
        day: date,
        values: Figures,
        texts: dict[str, str],
        explanations: dict[str, str] | None = None,
    ) -> ReportRequest:
        submission, _ = form_submit(
            actor=self.teller.writer(request.unit), request=request,
            expected_version=request.version, values=values, texts=texts,
            explanations=explanations or {}, at=self.teller.at(day, 10),
        )  # fmt: skip
        return submission.request

    def review(self, request: ReportRequest, day: date, comment: str = "") -> ReportRequest:
        at = self.teller.at(day, 15)
        if comment:
            report_return(
                actor=self.office, request=request, expected_version=request.version,
                comment=comment, at=at,
            )  # fmt: skip
        else:
            report_accept(
                actor=self.office, request=request, expected_version=request.version, at=at
            )
        return ReportRequest.objects.select_related("round__collector", "unit").get(pk=request.pk)

    def tell(self, request: ReportRequest) -> None:
        code = request.unit.code
        if self.latest and code == CENTRAL_DRAFT:
            form_save_draft(
                actor=self.teller.writer(request.unit), request=request,
                expected_version=request.version, values=self.figures(request),
                texts=self.texts(request), explanations={},
                at=self.teller.at(self.sent_on(code), 16),
            )  # fmt: skip
            return
        if self.latest and code == MISSING:
            return
        if self.part == EARLIER and code == RESENT:
            self.tell_resent(request)
            return
        sent = self.sent_on(code, late=self.latest and code == LATE)
        values, texts, explanations = self.figures(request), self.texts(request), {}
        if self.latest and code == EXPLAINED and request.unit_id in self.previous:
            values = self.figures(request, extra=EXPLAINED_EXTRA)
            rule = next(r.id for r in self.definition.rules if r.kind == "previous")
            earlier = before(self.definition.calendar, self.period)
            words = EXPLANATION.format(
                extra=EXPLAINED_EXTRA, before=quarter_words(earlier) if earlier else "kỳ trước"
            )
            explanations = {rule: words}
        if self.latest and code == RETURNED:
            values["5.apology.sent"] = max(0, values["5.apology.sent"] - 2)
        request = self.send(request, sent, values, texts, explanations)
        if self.latest and code == LATE:
            return  # waiting for the Office
        comment = RETURN_COMMENT if self.latest and code == RETURNED else ""
        self.review(request, sent + timedelta(days=2 + spread(code, self.period, 3)), comment)

    def tell_resent(self, request: ReportRequest) -> None:
        """Returned for feedback left out, sent again as version 2 and accepted."""
        code = request.unit.code
        sent = self.sent_on(code)
        right = self.figures(request)
        first = dict(right)
        if min(right[c] for c in LEFT_OUT) >= RESENT_MISSED:
            first |= {c: right[c] - RESENT_MISSED for c in LEFT_OUT}
        request = self.send(request, sent, first, self.texts(request))
        request = self.review(request, sent + timedelta(days=1), RESENT_COMMENT)
        again = sent + timedelta(days=4)
        request = self.send(request, again, right, self.texts(request, RESENT_NOTE))
        self.review(request, again + timedelta(days=1))


def last_year_round(today: date) -> ReportRound | None:
    """The form's latest yearly round past its due date (the dashboard's panel shows it)."""
    rounds = ReportRound.objects.filter(
        form_code=FORM, report_type__frequency=Frequency.YEAR, due_date__lt=today
    )
    return rounds.order_by("-due_date").first()


def tell_form_stories() -> None:
    """The stories of the form's last two quarters and of its last year, once."""
    if FormVersion.objects.filter(submission__request__round__form_code=FORM).exists():
        return
    now = timezone.now()
    teller = ReportTeller(timezone.localdate(now), now)
    year = last_year_round(teller.today)
    told = [(year, PLAIN)] if year else []
    quarters = quarter_rounds()
    told += [(r, LATEST if r == quarters[-1] else EARLIER) for r in quarters]
    for report_round, part in told:
        stories = FormTeller(teller, report_round, part)
        requests = report_round.requests.select_related("unit", "round__collector")
        for request in requests.order_by("unit__code"):
            stories.tell(request)
