"""The form page of a unit's report request: who sees it, the paper form's layout for a
province and a central unit, drafts kept whatever the rules say, refusals that write nothing,
the live check beside the cells, and the Office's review (return, accept, reopen)."""

from typing import Any

import pytest
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.periods import parse_period
from theodoi.reports.models import ReportRequest, RequestState
from theodoi.statforms.layout import explain_name
from theodoi.statforms.models import FormEntry
from theodoi.statforms.selectors import definition_of, request_in, round_or_open
from theodoi.statforms.tests.filled import province_values
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db
WINDOW = "Số liệu từ 15/12/2025 đến 14/03/2026, hạn nộp 18/03/2026"
RULE_5_1 = "5.1 = 5.2+5.3+5.4+5.5+5.6"


def hanoi_request(period: str = "2026-Q1") -> ReportRequest:
    return request_in(round_or_open("tthc", parse_period(period)), "HANOI")


def url(name: str, report: ReportRequest) -> str:
    return reverse(f"statforms:{name}", args=[report.pk])


def typed(report: ReportRequest, **data: Any) -> dict[str, Any]:
    """The page's POST: every figure as a person types it ("1.200"), the version it read."""
    fresh = ReportRequest.objects.get(pk=report.pk)
    figures = {k: f"{v:,}".replace(",", ".") for k, v in province_values().items()}
    return {"version": fresh.version, **figures, **data}


def test_who_sees_a_units_form(forms) -> None:
    report = hanoi_request()
    staff = UserFactory.create(roles=[Role.UNIT_STAFF], unit=forms.units["HANOI"])
    leader = UserFactory.create(roles=[Role.LEADER], unit=forms.units["VP"])
    expected = {forms.hanoi: 200, staff: 200, forms.office: 200, leader: 200, forms.haiphong: 404}
    for user, status in expected.items():
        assert client_for(user).get(url("entry", report)).status_code == status, user
    # the Office and the leader read; they do not get the unit's inputs
    office = client_for(forms.office).get(url("entry", report)).content.decode()
    assert "Đơn vị chưa nộp biểu mẫu lần nào." in office and 'name="5.1"' not in office
    for user, status in {forms.haiphong: 404, forms.office: 404, forms.hanoi: 200}.items():
        checked = client_for(user).post(url("check", report), typed(report))
        assert checked.status_code == status, user
    # only the unit writes: another unit gets 404, a reader is refused, nothing is kept
    for user, status in {forms.haiphong: 404, forms.office: 422, leader: 422}.items():
        saved = client_for(user).post(url("entry", report), typed(report, luu="1"))
        assert saved.status_code == status, user
        sent = client_for(user).post(url("entry", report), typed(report, nop="1"))
        assert sent.status_code == status, user
    assert not FormEntry.objects.exists() and not report.submissions.exists()
    assert ReportRequest.objects.get(pk=report.pk).version == report.version


def test_a_province_sees_the_paper_form_within_a_fixed_number_of_queries(
    forms, django_assert_max_num_queries
) -> None:
    report = hanoi_request()
    client = client_for(forms.hanoi)
    client.get(url("entry", report))  # the form's definition installed once
    with django_assert_max_num_queries(12):
        body = client.get(url("entry", report)).content.decode()
    assert WINDOW in body and "Kỳ báo cáo: Quý I/2026" in body
    headings = [f'<h2 id="s-{key}">{key}.' for key in ("1", "2", "4", "5", "6", "7", "10")]
    assert all(h in body for h in headings)
    assert '<h2 id="s-3">' not in body  # section 3 only in the third quarter
    assert 'inputmode="numeric"' in body and 'name="4a.total"' in body
    assert 'aria-label="Cột 1 — Tổng số (5.1)"' in body
    assert 'colspan="6" rowspan="1">Số hồ sơ tiếp nhận</th>' in body
    assert 'value="0"' not in body  # blank cells stay blank
    assert "Còn 28 ô bắt buộc chưa có số liệu (cần có khi nộp)." in body  # 4: 12, 5: 16


@pytest.mark.parametrize(("period", "sections"), [("2026-Q1", "46789"), ("2026-Q3", "346789")])
def test_a_central_unit_sees_its_sections(forms, period: str, sections: str) -> None:
    report = request_in(round_or_open("tthc", parse_period(period)), "CNTT")
    body = client_for(forms.cntt).get(url("entry", report)).content.decode()
    shown = [key for key in "123456789" if f'<h2 id="s-{key}">' in body]
    assert "".join(shown) == sections
    assert 'name="4b.processing"' in body and 'name="6.2.total"' not in body


def test_a_draft_is_kept_with_a_rule_broken_and_the_message_is_by_the_cell(forms) -> None:
    report = hanoi_request()
    client = client_for(forms.hanoi)
    response = client.post(url("entry", report), typed(report, **{"5.1": "1.199", "luu": "1"}))
    assert response.status_code == 302
    assert FormEntry.objects.get(request=report).values["5.1"] == 1199
    body = client.get(url("entry", report)).content.decode()
    assert "Đã lưu bản nháp biểu mẫu." in body and 'value="1.199"' in body
    assert f"Quy tắc «{RULE_5_1}»" in body and "2+3+4+5+6 = 1.200" in body
    assert "Số liệu đang nhập có 1 lỗi và 2 cảnh báo." in body


def test_a_figure_that_is_not_a_count_keeps_nothing(forms) -> None:
    report = hanoi_request()
    client = client_for(forms.hanoi)
    client.post(url("entry", report), typed(report, luu="1"))
    version = ReportRequest.objects.get(pk=report.pk).version
    response = client.post(url("entry", report), typed(report, **{"5.2": "1,5", "luu": "1"}))
    assert response.status_code == 422
    body = response.content.decode()
    assert "«1,5» có dấu phẩy" in body and 'value="1,5"' in body
    assert ReportRequest.objects.get(pk=report.pk).version == version
    assert FormEntry.objects.get(request=report).values["5.2"] == 900


def test_a_refused_submission_writes_nothing(forms) -> None:
    report = hanoi_request()
    client = client_for(forms.hanoi)
    response = client.post(url("entry", report), typed(report, **{"5.1": "1.199", "nop": "1"}))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Chưa nộp được" in body and 'class="form-summary refused"' in body
    assert body.count(f"Quy tắc «{RULE_5_1}»") >= 2  # by the cells and at the top
    assert '<li class="error"><a href="#c-5-1">' in body
    fresh = ReportRequest.objects.get(pk=report.pk)
    assert fresh.state == RequestState.OPEN and fresh.version == report.version
    assert not fresh.submissions.exists() and not FormEntry.objects.filter(request=report).exists()


def test_a_warning_needs_its_explanation_before_submission(forms) -> None:
    report = hanoi_request()
    client = client_for(forms.hanoi)
    rules = [r.id for r in definition_of(report.round).rules]
    box = explain_name(rules.index("6.2.total = 5.1"))
    response = client.post(
        url("entry", report), typed(report, **{"6.2.total": "1.300", "nop": "1"})
    )
    assert response.status_code == 422
    assert "Chưa giải trình cảnh báo «6.2.total = 5.1»" in response.content.decode()
    assert f'name="{box}"' in response.content.decode()
    because = "Tính cả hồ sơ điện tử của bưu điện."
    response = client.post(
        url("entry", report), typed(report, **{"6.2.total": "1.300", box: because, "nop": "1"})
    )
    assert response.status_code == 302
    body = client.get(url("entry", report)).content.decode()
    assert "Đã nộp biểu mẫu (lần 1)." in body and because in body
    assert 'name="5.1"' not in body and "1.300" in body  # read-only, the figures as sent


def test_a_page_opened_before_someone_elses_save_is_refused(forms) -> None:
    report = hanoi_request()
    client = client_for(forms.hanoi)
    stale = typed(report, luu="1")
    client.post(url("entry", report), typed(report, luu="1"))
    response = client.post(url("entry", report), {**stale, "5.1": "7"})
    assert response.status_code == 409
    assert "Biểu mẫu vừa được người khác lưu hoặc nộp" in response.content.decode()
    assert FormEntry.objects.get(request=report).values["5.1"] == 1200
    assert f'name="version" value="{stale["version"]}"' in response.content.decode()


def test_the_live_check_shows_sums_and_messages_by_the_cells(
    forms, django_assert_max_num_queries
) -> None:
    report = hanoi_request()
    client = client_for(forms.hanoi)
    client.get(url("entry", report))  # the form's definition installed once
    with django_assert_max_num_queries(11):
        response = client.post(
            url("check", report), typed(report, **{"5.3": "198", "5.2": ""}), HTTP_HX_REQUEST="true"
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert '<div class="cell-check" id="k-5-1" hx-swap-oob="true">' in body
    assert "2+3+4+5+6 = 298 (chưa đủ số liệu)" in body
    response = client.post(url("check", report), typed(report, **{"5.3": "198"}))
    body = response.content.decode()
    assert "2+3+4+5+6 = 1.198" in body and f"Quy tắc «{RULE_5_1}»" in body
    assert "Số liệu đang nhập có 1 lỗi" in body
    assert not FormEntry.objects.filter(request=report).exists()


def test_copying_the_previous_period(forms) -> None:
    report = hanoi_request()
    client = client_for(forms.hanoi)
    response = client.post(url("entry", report), typed(report, **{"sao-chep": "1"}), follow=True)
    assert "chưa nộp biểu mẫu của kỳ trước (Năm 2025)" in response.content.decode()
    client.post(url("entry", report), typed(report, nop="1"))
    second = hanoi_request("2026-Q2")
    response = client.post(url("entry", second), typed(second, **{"sao-chep": "1"}), follow=True)
    body = response.content.decode()
    assert "Đã chép số liệu kỳ trước" in body and 'value="1.200"' in body


def test_the_office_returns_accepts_and_reopens_a_form(
    forms, django_assert_max_num_queries
) -> None:
    report = hanoi_request()
    province, office = client_for(forms.hanoi), client_for(forms.office)
    province.post(url("entry", report), typed(report, nop="1"))
    with django_assert_max_num_queries(14):
        body = office.get(url("entry", report)).content.decode()
    assert "Tiếp nhận biểu mẫu" in body and "1.200" in body
    fresh = ReportRequest.objects.get(pk=report.pk)
    response = office.post(url("return", report), {"version": fresh.version, "comment": ""})
    assert response.status_code == 422 and "Hãy ghi ý kiến" in response.content.decode()
    office.post(url("return", report), {"version": fresh.version, "comment": "Kiểm tra cột 9."})
    body = province.get(url("entry", report)).content.decode()
    assert "Kiểm tra cột 9." in body and 'name="5.1"' in body
    province.post(url("entry", report), typed(report, **{"5.9": "11", "5.8": "1.139", "nop": "1"}))
    fresh = ReportRequest.objects.get(pk=report.pk)
    office.post(url("accept", report), {"version": fresh.version, "comment": ""})
    body = office.get(url("entry", report)).content.decode()
    assert "Đã tiếp nhận biểu mẫu" in body and "Mở lại biểu mẫu đã tiếp nhận" in body
    assert "Lần 2" in body and "Lần 1" in body
    assert province.post(url("accept", report), {"version": fresh.version}).status_code == 422
    fresh = ReportRequest.objects.get(pk=report.pk)
    assert fresh.state == RequestState.ACCEPTED
    response = office.post(url("reopen", report), {"version": fresh.version, "reason": ""})
    assert "Hãy ghi lý do mở lại" in response.content.decode()
    office.post(url("reopen", report), {"version": fresh.version, "reason": "Sai cột 12."})
    assert ReportRequest.objects.get(pk=report.pk).state == RequestState.RETURNED
    assert ChangeRecord.objects.filter(action=ChangeKind.REPORT_REOPEN).exists()
    assert 'name="5.1"' in province.get(url("entry", report)).content.decode()


def test_the_reports_page_of_a_form_round_links_to_the_form(forms) -> None:
    report = hanoi_request()
    body = client_for(forms.hanoi).get(reverse("reports:request", args=[report.pk]))
    text = body.content.decode()
    assert url("entry", report) in text
    assert "Lưu và nộp báo cáo" not in text and "Lưu bản nháp" not in text


def test_a_form_round_without_a_form_version_is_not_found(forms) -> None:
    """A round opened for a period no version of the form applies to (2023: the form is
    valid from 2024) gives a page that says so, not a server error."""
    report = hanoi_request("2023-Q1")
    client = client_for(forms.hanoi)
    for name in ("entry", "template", "upload"):
        response = client.get(url(name, report))
        assert response.status_code == 404, name
    assert client.post(url("check", report), {"version": report.version}).status_code == 404
    rollup = reverse("statforms:rollup", args=["tthc", "2023-Q1"])
    assert client_for(forms.office).get(rollup).status_code == 404
