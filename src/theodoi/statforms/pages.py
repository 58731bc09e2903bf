"""What a unit's form page shows (reads only): the request's form for this unit and period, the
figures to show (the draft, what was just typed, or the latest version read-only), what the
rules say of them, the versions and what the person may do."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.core.dates import format_date
from theodoi.core.periods import Period
from theodoi.reports import scope
from theodoi.reports.models import ReportRequest, ReportSubmission, RequestState
from theodoi.reports.selectors import versions_of
from theodoi.reports.services import EDITABLE
from theodoi.statforms.checks import Checked, Finding, check
from theodoi.statforms.definition import Definition, Field
from theodoi.statforms.forms import EntryForm
from theodoi.statforms.layout import Layout, layout
from theodoi.statforms.models import FormEntry, FormVersion
from theodoi.statforms.selectors import audience_of, definition_of, latest_of, previous_values
from theodoi.statforms.services import period_of


@dataclass
class Posted:
    """The figures, texts and explanations of a posted form, as typed."""

    values: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)

    @property
    def raw(self) -> dict[str, Any]:
        return {**self.values, **self.texts}


@dataclass
class Form:
    """A request's form: its definition, period and the fields the unit fills."""

    report: ReportRequest
    definition: Definition
    period: Period
    fields: dict[str, Field]

    def posted(self, data: Mapping[str, Any]) -> tuple[Posted, int]:
        """The unit's figures, texts and explanations read from a posted form (text cleaned
        as it arrives), and the version the page was opened at (0 if none came)."""
        given = EntryForm(data, fields=self.fields, rules=self.definition.rules)
        given.is_valid()
        data = given.cleaned_data
        posted = Posted(
            values={c: data.get(c, "") for c in given.numbers},
            texts={c: data.get(c, "") for c in given.texts},
            explanations={rule: data.get(n, "") for n, rule in given.rules.items()},
        )
        return posted, given.opened_at()

    def check(self, posted: Posted, *, for_submission: bool = False) -> Checked:
        previous, label = previous_values(self.definition, self.report, self.period)
        return check(
            self.definition,
            audience=audience_of(self.report.unit),
            period=self.period,
            raw_values=posted.values,
            texts=posted.texts,
            explanations=posted.explanations,
            previous=previous,
            previous_label=label,
            for_submission=for_submission,
        )


def form_of(report: ReportRequest) -> Form:
    definition = definition_of(report.round)
    period = period_of(report)
    return Form(report, definition, period, definition.fields_for(audience_of(report.unit), period))


@dataclass
class VersionLine:
    submission: ReportSubmission
    url: str


@dataclass
class EntryPage:
    form: Form
    writes: bool  # the unit's people, while the form may be changed
    reviews: bool  # the collecting unit, while a version waits for review
    reopens: bool  # the collecting unit, once the form is accepted
    layout: Layout | None  # None: nothing to show (no version yet, for a reader)
    versions: list[VersionLine]
    last_comment: str = ""
    shown_version: int = 0  # the version whose figures are shown read-only
    rollup_url: str = ""  # the national roll-up, for those who may read it

    @property
    def period_words(self) -> str:
        return f"Kỳ báo cáo: {self.form.period.label}"

    @property
    def window_words(self) -> str:
        """ "Số liệu từ 15/12/2025 đến 14/03/2026, hạn nộp 18/03/2026" """
        rnd = self.form.report.round
        due = f"hạn nộp {format_date(rnd.due_date)}"
        if rnd.window_start is None or rnd.window_end is None:
            return due[0].upper() + due[1:]
        return (
            f"Số liệu từ {format_date(rnd.window_start)} đến {format_date(rnd.window_end)}, {due}"
        )


def _version_url(submission: ReportSubmission) -> str:
    return reverse("statforms:version", args=[submission.pk])


def _from_version(version: FormVersion) -> tuple[dict[str, Any], Checked]:
    warnings = [Finding(w["rule"], list(w["fields"]), w["message"]) for w in version.warnings]
    checked = Checked(
        values=dict(version.values),
        texts=dict(version.texts),
        explanations=dict(version.explanations),
        warnings=warnings,
    )
    return {**version.values, **version.texts}, checked


def entry_page(user: User, report: ReportRequest, posted: Posted | None = None,
               checked: Checked | None = None) -> EntryPage:  # fmt: skip
    """The page for `user`: what was posted (with its findings) or the draft while the unit
    may write, else the latest version read-only."""
    form = form_of(report)
    writes = scope.writes(user, report) and report.state in EDITABLE
    reviews_round = scope.reviews(user, report.round)
    versions = versions_of(report)
    page = EntryPage(
        form,
        writes=writes,
        reviews=reviews_round and report.state == RequestState.SUBMITTED,
        reopens=reviews_round and report.state == RequestState.ACCEPTED,
        layout=None,
        versions=[VersionLine(v, _version_url(v)) for v in versions],
    )
    if scope.reads_round(user, report.round):
        page.rollup_url = reverse("statforms:rollup", args=[form.definition.code, form.period.slug])
    reviewed = next((v.review for v in versions if hasattr(v, "review")), None)
    if reviewed is not None and report.state == RequestState.RETURNED:
        page.last_comment = reviewed.comment
    if writes:
        if posted is None:
            entry = FormEntry.objects.filter(request=report).first()
            posted = Posted()
            if entry is not None:
                posted.values = dict(entry.values)
                posted.texts = dict(entry.texts)
                posted.explanations = dict(entry.explanations)
        found = checked or form.check(posted)
        page.layout = layout(form.definition, form.fields, posted.raw, found)
        return page
    latest = latest_of(report)
    if latest is not None:
        raw, found = _from_version(latest)
        page.layout = layout(form.definition, form.fields, raw, found)
        page.shown_version = latest.submission.number
    return page


def live_layout(user: User, report: ReportRequest, data: Mapping[str, Any]) -> Layout | None:
    """The findings on figures being typed (None if `user` may not change the form now)."""
    if not (scope.writes(user, report) and report.state in EDITABLE):
        return None
    form = form_of(report)
    posted, _ = form.posted(data)
    return layout(form.definition, form.fields, posted.raw, form.check(posted))
