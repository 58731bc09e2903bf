"""A unit's form through the reports app's flow: draft, numbered immutable versions, return,
acceptance that locks, reopening with a reason that opens version N+1."""

from datetime import date

import pytest

from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.periods import parse_period
from theodoi.reports.models import ReportRequest, RequestState
from theodoi.reports.services import report_accept, report_reopen, report_return, report_submit
from theodoi.statforms.models import FormEntry, FormVersion
from theodoi.statforms.selectors import request_in, round_or_open
from theodoi.statforms.services import (
    FormRefused,
    form_copy_previous,
    form_save_draft,
    form_submit,
)
from theodoi.statforms.tests.filled import province_values

pytestmark = pytest.mark.django_db
IN_Q2 = date(2026, 6, 16)


def hanoi(period: str = "2026-Q2") -> ReportRequest:
    return request_in(round_or_open("tthc", parse_period(period)), "HANOI")


def fresh(request: ReportRequest) -> ReportRequest:
    return ReportRequest.objects.select_related("round__collector", "unit").get(pk=request.pk)


def submit(forms, request: ReportRequest, values: dict[str, object], **kwargs: object):
    request = fresh(request)
    return form_submit(actor=forms.hanoi, request=request, expected_version=request.version,
                       values=values, texts=kwargs.pop("texts", {}),  # type: ignore[arg-type]
                       explanations=kwargs.pop("explanations", {}),  # type: ignore[arg-type]
                       today=IN_Q2)  # fmt: skip


def test_a_draft_is_kept_with_broken_rules_but_not_with_words_for_figures(forms) -> None:
    request = hanoi()
    request, checked = form_save_draft(
        actor=forms.hanoi, request=request, expected_version=request.version,
        values=province_values(**{"5_1": 5}), texts={"1.documents": "Kế hoạch 12/KH-BHXH"},
        explanations={},
    )  # fmt: skip
    assert request.state == RequestState.DRAFT
    assert [e.rule for e in checked.errors][:1] == ["5.1 = 5.2+5.3+5.4+5.5+5.6"]
    entry = FormEntry.objects.get(request=request)
    assert entry.values["5.1"] == 5 and entry.texts == {"1.documents": "Kế hoạch 12/KH-BHXH"}
    with pytest.raises(FormRefused) as refused:
        form_save_draft(actor=forms.hanoi, request=request, expected_version=request.version,
                        values={"5.1": "nhiều"}, texts={}, explanations={})  # fmt: skip
    assert refused.value.errors == {"5.1": "Ô 5.1 (cột 1 (Tổng số)): «nhiều» không phải là số."}
    entry.refresh_from_db()
    assert entry.values["5.1"] == 5


def test_a_refused_submission_writes_nothing(forms) -> None:
    request = hanoi()
    with pytest.raises(FormRefused):
        submit(forms, request, province_values(**{"4a_new": 99}))
    request = fresh(request)
    assert (request.state, request.version) == (RequestState.OPEN, 1)
    assert not request.submissions.exists()
    assert not FormEntry.objects.filter(request=request).exists()


def test_versions_are_numbered_kept_and_locked_by_acceptance(forms) -> None:
    request = hanoi()
    first, _ = submit(forms, request, province_values())
    with pytest.raises(ValidationFailed) as waiting:
        submit(forms, request, province_values())
    assert waiting.value.code == Code.WRONG_STATE
    request = fresh(request)
    report_return(actor=forms.office, request=request, expected_version=request.version,
                  comment="Cột 4 chưa khớp sổ theo dõi bưu chính")  # fmt: skip
    corrected = province_values(**{"5_4": 41, "5_3": 199})
    second, _ = submit(forms, request, corrected)
    assert (first.number, second.number) == (1, 2)
    versions = {v.submission.number: v.values for v in FormVersion.objects.all()}
    assert (versions[1]["5.4"], versions[2]["5.4"]) == (40, 41)
    request = fresh(request)
    report_accept(actor=forms.office, request=request, expected_version=request.version)
    request = fresh(request)
    with pytest.raises(ValidationFailed) as locked:
        form_save_draft(actor=forms.hanoi, request=request, expected_version=request.version,
                        values=corrected, texts={}, explanations={})  # fmt: skip
    assert locked.value.code == Code.WRONG_STATE
    with pytest.raises(ValidationFailed) as not_office:
        report_reopen(actor=forms.hanoi, request=request, expected_version=request.version,
                      reason="Sửa")  # fmt: skip
    assert not_office.value.code == Code.NOT_PERMITTED
    with pytest.raises(ValidationFailed) as no_reason:
        report_reopen(actor=forms.office, request=request, expected_version=request.version,
                      reason="  ")  # fmt: skip
    assert no_reason.value.code == Code.REQUIRED
    report_reopen(actor=forms.office, request=request, expected_version=request.version,
                  reason="Bưu điện báo lại số hồ sơ tháng 6")  # fmt: skip
    log = ChangeRecord.objects.get(action=ChangeKind.REPORT_REOPEN)
    assert log.reason == "Bưu điện báo lại số hồ sơ tháng 6"
    third, _ = submit(forms, request, province_values(**{"5_4": 42, "5_3": 198}))
    assert third.number == 3 and fresh(request).state == RequestState.SUBMITTED
    assert FormVersion.objects.get(submission=first).values["5.4"] == 40


def test_the_plain_report_submit_leaves_a_form_round_to_the_form(forms) -> None:
    request = hanoi()
    with pytest.raises(ValidationFailed) as refused:
        report_submit(actor=forms.hanoi, request=request, expected_version=request.version)
    assert "biểu mẫu thống kê" in refused.value.errors["__all__"]


def test_the_carry_over_is_checked_against_the_units_previous_quarter(forms) -> None:
    q1 = hanoi("2026-Q1")
    submit(forms, q1, province_values(**{"5_10": 39, "5_11": 34, "5_7": 1161, "5_8": 1151}))
    q2 = hanoi()
    with pytest.raises(FormRefused) as refused:
        submit(forms, q2, province_values())
    assert [e.rule for e in refused.value.checked.errors] == ["5.6 = 5.10 (kỳ trước)"]
    assert "5.10 của kỳ trước (Quý I/2026) = 39" in refused.value.checked.errors[0].message
    why = {"5.6 = 5.10 (kỳ trước)": "Một hồ sơ quý I được rút lại sau ngày chốt số liệu."}
    submission, checked = submit(forms, q2, province_values(), explanations=why)
    assert submission.form_version.warnings == [w.as_json() for w in checked.warnings]
    assert submission.form_version.explanations == {
        "5.6 = 5.10 (kỳ trước)": "Một hồ sơ quý I được rút lại sau ngày chốt số liệu."
    }


def test_copying_the_previous_quarter_fills_the_draft(forms) -> None:
    q2 = hanoi()
    with pytest.raises(ValidationFailed) as nothing:
        form_copy_previous(actor=forms.hanoi, request=q2, expected_version=q2.version)
    assert nothing.value.code == Code.NOT_FOUND
    submit(forms, hanoi("2026-Q1"), province_values(), texts={"7": "Hội nghị tập huấn"})
    q2 = fresh(q2)
    request, _ = form_copy_previous(actor=forms.hanoi, request=q2, expected_version=q2.version)
    entry = FormEntry.objects.get(request=request)
    assert entry.values == {k: v for k, v in province_values().items()}
    assert entry.texts == {"7": "Hội nghị tập huấn"}
