"""The shapes of the statistical forms' API (`statforms/api.py`): a form's definition with its
codes, a unit's figures, drafts and versions, a submission's outcome and its refusal (keyed
by the cell codes), the national roll-up. Moments in Asia/Ho_Chi_Minh."""

from datetime import date, datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import ConfigDict, Field

from theodoi.api.errors import ErrorOut
from theodoi.api.schemas import UnitRef
from theodoi.core.errors import Code
from theodoi.reports.api_schemas import ReportPersonRef, ReportReviewOut, person_ref, review_out
from theodoi.reports.models import RequestState
from theodoi.statforms.checks import Checked, Finding
from theodoi.statforms.definition import Definition
from theodoi.statforms.models import FormVersion


class FormFieldOut(Schema):
    code: str = Field(examples=["5.1"])
    label: str
    kind: Literal["number", "text"]
    required: bool = Field(description="bắt buộc khi nộp")
    units: list[str] = Field(description="loại đơn vị điền: province, central")


class FormSectionOut(Schema):
    key: str
    title: str
    units: list[str]
    periods: list[str] = Field(description="Q1-Q4, year; rỗng: mọi kỳ")
    fields: list[FormFieldOut]


class FormRuleOut(Schema):
    id: str = Field(examples=["5.1 = 5.2+5.3+5.4+5.5+5.6"])
    title: str
    kind: Literal["eq", "le", "previous"]
    severity: Literal["error", "warning"]
    left: list[str]
    right: list[str]


class FormOut(Schema):
    code: str
    version: int
    valid_from: date
    title: str
    source: str
    quarters: list[int] = Field(description="các quý có kỳ báo cáo")
    year: bool = Field(description="có kỳ báo cáo năm")
    sections: list[FormSectionOut]
    rules: list[FormRuleOut]


class FormPeriodOut(Schema):
    code: str = Field(examples=["2026-Q2"])
    window_start: date
    window_end: date
    due: date


class FormPeriodsOut(Schema):
    form: str
    periods: list[FormPeriodOut]


class FormFindingOut(Schema):
    rule: str
    fields: list[str]
    message: str


class FormFiguresOut(Schema):
    values: dict[str, int]
    texts: dict[str, str]
    explanations: dict[str, str]


class FormDraftOut(FormFiguresOut):
    updated_at: datetime | None
    updated_by: ReportPersonRef | None


class FormVersionOut(FormFiguresOut):
    version: int
    submitted_at: datetime
    by: ReportPersonRef | None
    warnings: list[FormFindingOut] = Field(
        description="cảnh báo khi nộp, giải trình ở explanations"
    )
    review: ReportReviewOut | None


class FormEntryOut(Schema):
    request_id: int = Field(description="yêu cầu báo cáo (/reports/{id}/)")
    form: str
    form_version: int
    period: str
    unit: UnitRef
    due: date
    window_start: date | None
    window_end: date | None
    state: RequestState
    state_label: str
    version: int = Field(description="phiên bản của yêu cầu, gửi lại khi lưu hay nộp")
    draft: FormDraftOut | None = Field(description="bản nháp, chỉ với người của đơn vị báo cáo")
    errors: list[FormFindingOut] = Field(description="lỗi của bản nháp (người đọc: rỗng)")
    warnings: list[FormFindingOut] = Field(
        description="cảnh báo của bản nháp, hay của lần nộp cuối"
    )
    versions: list[FormVersionOut] = Field(description="các lần nộp, mới nhất trước")


class FormDataIn(Schema):
    """The same JSON as `theodoi forms submit --data`, and the request's version."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": "Cùng JSON với tệp `--data` của `theodoi forms submit`, thêm phiên "
            "bản của yêu cầu."
        }
    )

    values: dict[str, Any] = Field(default_factory=dict, description="mã ô: số (để trống: null)")
    texts: dict[str, str] = Field(default_factory=dict, description="mã mục: lời văn")
    explanations: dict[str, str] = Field(default_factory=dict, description="mã quy tắc: giải trình")
    version: int | None = Field(
        None, ge=1, description="«version» khi đọc (hoặc tiêu đề If-Match); bỏ trống: không so"
    )


class FormSubmitIn(FormDataIn):
    dry_run: bool = Field(False, description="chỉ kiểm tra như khi nộp thật, không ghi gì")


class FormDraftSavedOut(Schema):
    version: int = Field(description="phiên bản mới của yêu cầu")
    state: RequestState
    state_label: str
    errors: list[FormFindingOut] = Field(description="lỗi còn lại (bản nháp vẫn được lưu)")
    warnings: list[FormFindingOut]


class FormSubmittedOut(Schema):
    status: Literal["stored"]
    version: int = Field(description="số lần nộp (với dry_run: số sẽ được)")
    errors: list[FormFindingOut]
    warnings: list[FormFindingOut]
    dry_run: bool
    request_version: int = Field(description="phiên bản của yêu cầu sau khi nộp")


class FormRefusedOut(ErrorOut):
    """A refusal; for figures refused by the form's rules `errors` has every message keyed by
    the cell code, `findings` each rule's, `unexplained` the warnings still to explain."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": "Bị từ chối; với số liệu sai quy tắc, `errors` là thông báo theo mã ô, "
            "`findings` từng quy tắc, `unexplained` các cảnh báo còn thiếu giải trình."
        }
    )

    status: Literal["refused"] = "refused"
    findings: list[FormFindingOut] = Field(default_factory=list)
    warnings: list[FormFindingOut] = Field(default_factory=list)
    unexplained: list[str] = Field(default_factory=list, description="mã quy tắc cần giải trình")
    dry_run: bool = False


class FormRollupUnitOut(Schema):
    unit: UnitRef
    request_id: int
    state: RequestState
    state_label: str
    version: int | None = Field(description="lần nộp được cộng; null: chưa nộp")


class FormRollupOut(Schema):
    period: str
    submitted: int
    expected: int
    missing: list[str]
    values: dict[str, int | None]
    units: list[FormRollupUnitOut]


def form_out(definition: Definition) -> FormOut:
    def section_fields(key: str) -> list[FormFieldOut]:
        found = [f for f in definition.fields.values() if f.section == key]
        return [
            FormFieldOut(
                code=f.code,
                label=f.label,
                kind="number" if f.kind == "number" else "text",
                required=f.required,
                units=sorted(f.units),
            )
            for f in found
        ]

    return FormOut(
        code=definition.code,
        version=definition.version,
        valid_from=definition.valid_from,
        title=definition.title,
        source=definition.source,
        quarters=list(definition.calendar.quarters),
        year=definition.calendar.year,
        sections=[
            FormSectionOut(
                key=s.key,
                title=s.title,
                units=sorted(s.units),
                periods=sorted(s.periods),
                fields=section_fields(s.key),
            )
            for s in definition.sections
        ],
        rules=[
            FormRuleOut.model_validate(
                {
                    "id": r.id,
                    "title": r.title,
                    "kind": r.kind,
                    "severity": r.severity,
                    "left": list(r.left),
                    "right": list(r.right),
                }
            )
            for r in definition.rules
        ],
    )


def findings(found: list[Finding]) -> list[FormFindingOut]:
    return [FormFindingOut(rule=f.rule, fields=list(f.fields), message=f.message) for f in found]


def refused_out(checked: Checked, message: str, *, dry_run: bool = False) -> FormRefusedOut:
    """Every message of the refusal keyed by each cell it names (an explanation's by
    `explanations.<rule>`), as the page shows them beside the cells."""
    by_cell: dict[str, str] = {}
    for error in checked.errors:
        for key in error.fields or [f"explanations.{error.rule}"]:
            by_cell[key] = f"{by_cell[key]} {error.message}" if key in by_cell else error.message
    return FormRefusedOut(
        code=Code.INVALID,
        message=message,
        errors=by_cell,
        findings=findings(checked.errors),
        warnings=findings(checked.warnings),
        unexplained=[w.rule for w in checked.unexplained],
        dry_run=dry_run,
    )


def version_out(kept: FormVersion) -> FormVersionOut:
    sent = kept.submission
    warnings = [Finding(w["rule"], list(w["fields"]), w["message"]) for w in kept.warnings]
    return FormVersionOut(
        values={k: int(v) for k, v in kept.values.items() if v is not None},
        texts=kept.texts,
        explanations=kept.explanations,
        version=sent.number,
        submitted_at=timezone.localtime(sent.submitted_at),
        by=person_ref(sent.submitted_by),
        warnings=findings(warnings),
        review=review_out(getattr(sent, "review", None)),
    )
