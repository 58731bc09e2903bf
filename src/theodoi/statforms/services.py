"""Writing a unit's form: the draft (kept at any time, whatever the rules say, as long as the
figures are counts), copying the previous period, and submitting (refused while a rule that
refuses fails, a required cell is blank or a warning has no explanation). The request's state,
its lock and its versions are the reports app's (`reports.services`): submitting here writes its
numbered `ReportSubmission` and, beside it, the `FormVersion` with the figures as sent.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.periods import Period, parse_period
from theodoi.reports.models import ReportRequest, ReportSubmission
from theodoi.reports.services import report_save_draft, report_submit
from theodoi.statforms import catalog
from theodoi.statforms.checks import Checked, check
from theodoi.statforms.models import FormEntry, FormVersion
from theodoi.statforms.selectors import (
    audience_of,
    definition_of,
    previous_values,
    previous_version,
)


class FormRefused(ValidationFailed):
    """The form's figures were refused; `checked` holds every finding."""

    def __init__(self, checked: Checked) -> None:
        first = checked.errors[0]
        errors = {(first.fields[0] if first.fields else "__all__"): first.message}
        super().__init__(errors, Code.INVALID)
        self.checked = checked


@dataclass(frozen=True)
class Outcome:
    """What a submission came to, as `theodoi forms submit --json` and the API say it:
    stored as `version` (a dry run: the version it would get) or refused with every error."""

    checked: Checked
    version: int | None
    dry_run: bool = False

    @property
    def refused(self) -> bool:
        return bool(self.checked.errors)

    def as_json(self) -> dict[str, object]:
        answer: dict[str, object] = {
            "status": "refused" if self.refused else "stored",
            "version": None if self.refused else self.version,
            "errors": [e.as_json() for e in self.checked.errors],
            "warnings": [w.as_json() for w in self.checked.warnings],
        }
        if self.dry_run:
            answer["dry_run"] = True
        return answer


def period_of(request: ReportRequest) -> Period:
    return parse_period(request.round.period)


def entry_of(request: ReportRequest) -> FormEntry:
    """The unit's draft of the form (empty the first time)."""
    found = FormEntry.objects.filter(request=request).select_related("definition").first()
    if found is not None:
        return found
    day = request.round.window_end or request.round.due_date
    row = catalog.row_for(request.round.form_code, day)
    entry, _ = FormEntry.objects.get_or_create(request=request, defaults={"definition": row})
    return entry


def form_check(
    request: ReportRequest,
    *,
    values: Mapping[str, object],
    texts: Mapping[str, str],
    explanations: Mapping[str, str],
    for_submission: bool = False,
) -> Checked:
    """Every finding on these figures for this unit and period (nothing is written)."""
    definition = definition_of(request.round)
    period = period_of(request)
    previous, label = previous_values(definition, request, period)
    return check(
        definition,
        audience=audience_of(request.unit),
        period=period,
        raw_values=values,
        texts=texts,
        explanations=explanations,
        previous=previous,
        previous_label=label,
        for_submission=for_submission,
    )


@transaction.atomic
def form_save_draft(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    values: Mapping[str, object],
    texts: Mapping[str, str],
    explanations: Mapping[str, str],
    at: datetime | None = None,
) -> tuple[ReportRequest, Checked]:
    """Keep the unit's figures and texts as they are (rules are reported, not enforced); a
    figure that is not a count is refused and nothing is kept."""
    checked = form_check(request, values=values, texts=texts, explanations=explanations)
    if checked.unreadable:
        raise FormRefused(checked)
    request, _ = _keep(actor, request, expected_version, checked, at)
    return request, checked


def _keep(
    actor: User,
    request: ReportRequest,
    expected_version: int,
    checked: Checked,
    at: datetime | None,
) -> tuple[ReportRequest, FormEntry]:
    """Write figures already checked into the draft (the request's lock, state and version
    are the reports app's)."""
    request = report_save_draft(
        actor=actor, request=request, expected_version=expected_version, sections={}, at=at
    )
    entry = entry_of(request)
    entry.values = {k: v for k, v in checked.values.items() if v is not None}
    entry.texts = checked.texts
    entry.explanations = checked.explanations
    entry.updated_at = at or timezone.now()
    entry.updated_by = actor
    entry.save()
    return request, entry


@transaction.atomic
def form_submit(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    values: Mapping[str, object] | None = None,
    texts: Mapping[str, str] | None = None,
    explanations: Mapping[str, str] | None = None,
    today: date | None = None,
    at: datetime | None = None,
) -> tuple[ReportSubmission, Checked]:
    """Send the form as the next numbered version: the figures given (or the draft's), checked
    with every rule first; refused with every finding (`FormRefused`) and nothing written."""
    if values is None:
        entry = entry_of(request)
        values, texts, explanations = entry.values, entry.texts, entry.explanations
    checked = form_check(
        request,
        values=values,
        texts=texts or {},
        explanations=explanations or {},
        for_submission=True,
    )
    if checked.errors:
        raise FormRefused(checked)
    request, entry = _keep(actor, request, expected_version, checked, at)
    submission = report_submit(
        actor=actor,
        request=request,
        expected_version=request.version,
        today=today,
        at=at,
        via_form=True,
    )
    FormVersion.objects.create(
        submission=submission,
        definition=entry.definition,
        values=entry.values,
        texts=checked.texts,
        explanations=checked.explanations,
        warnings=[w.as_json() for w in checked.warnings],
    )
    return submission, checked


def form_check_only(
    request: ReportRequest,
    *,
    values: Mapping[str, object],
    texts: Mapping[str, str],
    explanations: Mapping[str, str],
) -> Outcome:
    """The command's `--dry-run`: the figures checked for submission and the version they
    would be, whoever sends them and whatever the request's state; nothing is written."""
    checked = form_check(
        request, values=values, texts=texts, explanations=explanations, for_submission=True
    )
    return Outcome(checked, request.submissions.count() + 1, dry_run=True)


def form_submit_dry_run(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    values: Mapping[str, object],
    texts: Mapping[str, str],
    explanations: Mapping[str, str],
) -> Outcome:
    """Everything `form_submit` would do for `actor`, refused the same way (the rules, who
    may send, the request's state, a stale version), then undone: nothing is kept, nobody is
    told. The outcome carries the version it would be."""
    with transaction.atomic():
        submission, checked = form_submit(
            actor=actor,
            request=request,
            expected_version=expected_version,
            values=values,
            texts=texts,
            explanations=explanations,
        )
        transaction.set_rollback(True)
    return Outcome(checked, submission.number, dry_run=True)


@transaction.atomic
def form_copy_previous(
    *, actor: User, request: ReportRequest, expected_version: int
) -> tuple[ReportRequest, Checked]:
    """Fill the draft with the unit's latest version of the period before (figures and texts
    the unit fills this period), to be corrected; refused if there is none."""
    definition = definition_of(request.round)
    period = period_of(request)
    earlier, label = previous_version(definition, request, period)
    if earlier is None:
        raise ValidationFailed(
            {"__all__": f"Đơn vị chưa nộp biểu mẫu của {label}; không có gì để sao chép."},
            Code.NOT_FOUND,
        )
    fields = definition.fields_for(audience_of(request.unit), period)
    return form_save_draft(
        actor=actor,
        request=request,
        expected_version=expected_version,
        values={k: v for k, v in earlier.values.items() if k in fields},
        texts={k: v for k, v in earlier.texts.items() if k in fields},
        explanations={},
    )
