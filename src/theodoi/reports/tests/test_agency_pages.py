"""The Office's pages of the agency's report: the preview shows the figures of the Word file in
a fixed number of queries, the Office edits its words and issues it with a number as a
version kept read-only; leaders read, units do not."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document as WordFile

from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import with_token
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.reports.agency import services
from theodoi.reports.models import AgencyReport
from theodoi.reports.tests import agency_world
from theodoi.tasks.tests.conftest import World, client_for

heads, quarter, late_task = agency_world.heads, agency_world.quarter, agency_world.late_task
pytestmark = pytest.mark.django_db
URL = "/bao-cao/co-quan/2026-Q2/"


def test_the_preview_shows_the_figures_in_at_most_15_queries(world: World, late_task) -> None:
    office = client_for(world.office)
    office.get(URL)
    with CaptureQueriesContext(connection) as seen:
        page = office.get(URL)
    assert page.status_code == 200
    assert len(seen) <= 15, "\n".join(q["sql"][:90] for q in seen)
    html = page.content.decode()
    for words in (
        "Tình hình thực hiện nhiệm vụ được giao quý II năm 2026",
        "Thiếu số liệu của các tỉnh để tổng hợp",
        "đồng ý gia hạn đến 30/05/2026",
        "Tổng cộng",
        "Ban hành",
    ):
        assert words in html, words


def test_the_office_edits_the_words_and_issues_numbered_versions(
    world: World, late_task, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    office = client_for(world.office)
    saved = office.post(
        URL + "sua/",
        {
            "summary": "Tình hình thực hiện nhiệm vụ quý II năm 2026",
            "opening": "Văn phòng báo cáo như sau:",
            "closing": "Đề nghị Lãnh đạo Ngành chỉ đạo Ban Pháp chế hoàn thành./.",
            "signer_name": "Nguyễn Thị Lan",
            "revision": "0",
        },
    )
    assert saved.status_code == 302
    refused = office.post(URL + "ban-hanh/", with_token(world.office, {"issued_on": "30/11/2026"}))
    assert "Cần nhập số của báo cáo để ban hành." in refused.content.decode()
    assert not AgencyReport.objects.filter(version__isnull=False).exists()
    issued = office.post(
        URL + "ban-hanh/", with_token(world.office, {"number": "5", "issued_on": "30/11/2026"})
    )
    assert issued.status_code == 302
    first = AgencyReport.objects.get(version=1)
    text = "\n".join(p.text for p in WordFile(first.file.open("rb")).paragraphs)
    assert "Đề nghị Lãnh đạo Ngành chỉ đạo Ban Pháp chế hoàn thành./." in text
    cells = [c.text for t in WordFile(first.file.open("rb")).tables for c in t._cells]
    assert any(text.endswith("PHÓ GIÁM ĐỐC\nNguyễn Thị Lan") for text in cells)
    # a correction: the draft changes, a new version; the first stays as issued
    services.agency_draft_save(
        actor=world.office,
        period="2026-Q2",
        expected_revision=1,
        summary="Tình hình thực hiện nhiệm vụ quý II năm 2026 (bổ sung)",
        opening="",
        closing="Bổ sung./.",
    )
    second = services.agency_report_issue(
        actor=world.office, period="2026-Q2", number="12", issued_on=date(2026, 11, 30)
    )
    first.refresh_from_db()
    assert (second.version, first.version) == (2, 1)
    assert first.closing.startswith("Đề nghị Lãnh đạo") and second.closing == "Bổ sung./."
    page = office.get(URL).content.decode()
    assert "Tải Word lần 1" in page and "Tải Word lần 2" in page
    download = office.get(f"/bao-cao/co-quan/ban/{first.pk}/tai-ve/")
    assert download.status_code == 200
    kinds = list(
        ChangeRecord.objects.filter(object_type="reports.agencyreport").values_list(
            "action", flat=True
        )
    )
    assert sorted(kinds) == sorted(
        [ChangeKind.CREATE, ChangeKind.UPDATE, ChangeKind.ISSUE, ChangeKind.ISSUE]
    )


def test_a_stale_draft_and_an_unended_period_are_refused(world: World) -> None:
    def save(period: str, revision: int) -> AgencyReport:
        return services.agency_draft_save(
            actor=world.office,
            period=period,
            expected_revision=revision,
            summary="Tóm tắt",
            opening="",
            closing="",
        )

    save("2026-Q2", 0)
    with pytest.raises(ConflictError):
        save("2026-Q2", 0)
    with pytest.raises(ValidationFailed) as refused:
        save("2099-01", 0)
    assert refused.value.code == Code.INVALID and "chưa kết thúc" in str(refused.value)
    assert AgencyReport.objects.count() == 1


def test_leaders_read_units_do_not_and_only_the_office_writes(world: World) -> None:
    leader = client_for(world.leader)
    page = leader.get(URL)
    assert page.status_code == 200 and "Ban hành" not in page.content.decode()
    assert leader.get(URL + "tai-word/").status_code == 200
    assert (
        leader.post(URL + "ban-hanh/", with_token(world.leader, {"number": "1"})).status_code == 403
    )
    assert client_for(world.head).get(URL).status_code == 403
    assert client_for(world.office).get("/bao-cao/co-quan/2099/").status_code == 404


@pytest.mark.parametrize("number", ["-1", "abc", "5/BC", "0"])
def test_a_number_not_written_in_digits_is_refused(world: World, number: str) -> None:
    """Decree 30 (Phụ lục I) writes a document's number in Arabic digits: "-1" or "abc" would
    print "Số: -1" on an official report."""
    with pytest.raises(ValidationFailed) as refused:
        services.agency_report_issue(
            actor=world.office, period="2026-Q2", number=number, issued_on=date(2026, 7, 2)
        )
    assert refused.value.code == Code.INVALID
    assert f"Số «{number}»" in str(refused.value)
    assert not AgencyReport.objects.exists()


def test_a_date_before_the_period_ends_names_the_first_allowed_day(world: World) -> None:
    """The report may be dated on the period's last day: the refusal says "from" that day,
    not "after" it."""
    with pytest.raises(ValidationFailed) as refused:
        services.agency_report_issue(
            actor=world.office, period="2026-Q2", number="5", issued_on=date(2026, 6, 29)
        )
    assert "từ ngày cuối kỳ (30/06/2026) trở đi" in str(refused.value)
    issued = services.agency_report_issue(
        actor=world.office, period="2026-Q2", number="5", issued_on=date(2026, 6, 30)
    )
    assert issued.version == 1
