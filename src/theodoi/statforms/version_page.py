"""One submitted version of a unit's form as its page shows it, read-only: the sections the unit
fills that period with the figures and texts as sent (under the definition they were checked
against), the warnings with the unit's explanations, who sent it and when, the review, and the
unit's other versions. A fixed number of queries."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.http import Http404
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.periods import Period, parse_period
from theodoi.organisation.labels import unit_label
from theodoi.reports import scope
from theodoi.reports.models import ReportRequest, ReportReview, ReportSubmission
from theodoi.statforms import catalog
from theodoi.statforms.definition import Definition
from theodoi.statforms.models import FormVersion
from theodoi.statforms.rollup_table import HeadCell, count_text, layout
from theodoi.statforms.selectors import audience_of

NO_TEXT = "không có số liệu"


@dataclass(frozen=True)
class Block:
    """One item of a section: a text or a count (`text`), or a table (`heads` over `rows`,
    each row its label and cells), or section 5's grid (`header`, `numbers`, one row)."""

    kind: str  # "text", "number", "table", "grid"
    label: str
    text: str = ""
    heads: tuple[str, ...] = ()
    rows: tuple[tuple[str, tuple[str, ...]], ...] = ()
    header: tuple[tuple[HeadCell, ...], ...] = ()
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class OtherVersion:
    number: int
    submission_id: int
    submitted_at: datetime
    review: str  # "Trả lại", "Tiếp nhận", "" while not reviewed
    current: bool


@dataclass
class VersionPage:
    submission: ReportSubmission
    request: ReportRequest
    version: FormVersion
    unit_name: str
    period: Period
    form_title: str
    submitted_at: datetime
    submitted_by: str
    review: ReportReview | None
    reviewed_by: str
    sections: list[ShownSection] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # message, explanation
    versions: list[OtherVersion] = field(default_factory=list)


def _person(user: User | None) -> str:
    return (user.full_name or user.username) if user is not None else "hệ thống"


def _count(values: Mapping[str, Any], code: str) -> str:
    value = values.get(code)
    return count_text(int(value)) if value is not None else NO_TEXT


def _blocks(definition: Definition, item: Mapping[str, Any], version: FormVersion) -> list[Block]:
    kind, values = item["kind"], version.values
    if kind == "text":
        return [Block("text", item["label"], version.texts.get(item["code"], "") or NO_TEXT)]
    if kind == "number":
        return [Block("number", item["label"], _count(values, item["code"]))]
    if kind == "ratio":
        pairs = zip(item["codes"], item["labels"], strict=True)
        return [Block("number", label, _count(values, code)) for code, label in pairs]
    if kind == "table":
        rows = tuple(
            (r["label"], tuple(_count(values, f"{r['key']}.{c['key']}") for c in item["columns"]))
            for r in item["rows"]
        )
        heads = tuple(c["label"] for c in item["columns"])
        return [Block("table", item["label"], heads=heads, rows=rows)]
    shape = layout(definition)
    row = ("", tuple(_count(values, code) for code in shape.grid))
    return [Block("grid", item["label"], header=shape.header, numbers=shape.numbers, rows=(row,))]


def _sections(
    definition: Definition, version: FormVersion, audience: str, period: Period
) -> list[ShownSection]:
    shown = []
    for section in definition.sections:
        if not definition.section_applies(section, audience, period):
            continue
        blocks: list[Block] = []
        for item in section.items:
            if audience in item.get("units", section.units):
                blocks += _blocks(definition, item, version)
        shown.append(ShownSection(section.key, section.title, tuple(blocks)))
    return shown


def version_page(user: User, submission_id: int) -> VersionPage:
    """The page of the form's version sent as submission `submission_id`; 404 when there is
    none or `user` may not read the unit's report (`reports.scope.reads`)."""
    submission = (
        ReportSubmission.objects.select_related(
            "request__round__collector",
            "request__unit",
            "submitted_by",
            "review__reviewed_by",
            "form_version__definition",
        )
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or not scope.reads(user, submission.request):
        raise Http404("Không tìm thấy lần nộp này.")
    version = getattr(submission, "form_version", None)
    if version is None:
        raise Http404("Lần nộp này không có biểu mẫu.")
    request = submission.request
    period = parse_period(request.round.period)
    definition = catalog.definition(version.definition)
    review = getattr(submission, "review", None)
    page = VersionPage(
        submission=submission,
        request=request,
        version=version,
        unit_name=unit_label(request.unit),
        period=period,
        form_title=definition.title,
        submitted_at=timezone.localtime(submission.submitted_at),
        submitted_by=_person(submission.submitted_by),
        review=review,
        reviewed_by=_person(review.reviewed_by) if review is not None else "",
        sections=_sections(definition, version, audience_of(request.unit), period),
    )
    explained = version.explanations or {}
    page.warnings = [(w["message"], explained.get(w["rule"], "")) for w in version.warnings]
    others = request.submissions.select_related("review").order_by("-number")
    page.versions = [
        OtherVersion(
            s.number,
            s.pk,
            timezone.localtime(s.submitted_at),
            s.review.get_decision_display() if hasattr(s, "review") else "",
            s.pk == submission.pk,
        )
        for s in others
    ]
    return page
