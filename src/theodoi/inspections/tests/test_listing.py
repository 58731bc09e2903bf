"""The inspections as rows: `theodoi inspections list`, the list page and its filters."""

import json
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from theodoi.inspections.listing import KEYS, inspection_list, inspection_rows
from theodoi.inspections.models import Recommendation
from theodoi.inspections.tests import papers
from theodoi.tasks.tests.conftest import client_for
from theodoi.workcalendar.models import CalendarOverride, OverrideKind

pytestmark = pytest.mark.django_db
AFTER = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def ended(inspection, office, sample_units):
    """Reported and notified, with two recommendations of which one became a task."""
    papers.report(inspection, date(2026, 11, 12))
    papers.notice(inspection, office, date(2026, 11, 16))
    doc = inspection.notice
    Recommendation.objects.create(
        inspection=inspection,
        text="Cập nhật tiến độ nhiệm vụ đúng kỳ",
        unit=sample_units["CNTT"],
        deadline=date(2026, 12, 31),
        task=papers.task(doc, sample_units["CNTT"]),
    )
    Recommendation.objects.create(
        inspection=inspection,
        text="Bổ sung báo cáo quý",
        unit=sample_units["NGHEAN"],
        deadline=date(2026, 12, 31),
    )
    return inspection


def _json(*args: str) -> list[dict]:
    out = StringIO()
    call_command("inspections", "list", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_every_inspection_with_the_issues_keys(
    ended, make_inspection, monkeypatch
):
    planned = make_inspection(decided=False, units=("TST",), start=date(2027, 3, 1))
    planned.end = date(2027, 3, 5)
    planned.save()
    monkeypatch.setattr(timezone, "localdate", lambda *a: AFTER)
    rows = _json("--json")
    assert [tuple(r) for r in rows] == [KEYS, KEYS]
    assert rows[1] == {
        "id": ended.pk,
        "number": "15/QĐ-BHXH",
        "kind": "periodic",
        "units": ["CNTT", "NGHEAN"],
        "start": "2026-11-02",
        "end": "2026-11-06",
        "report_due": "2026-11-13",
        "status": "notified",
        "record_missing": ["b", "c", "d", "đ", "e"],
        "recommendations": 2,
        "followup_tasks": 1,
    }
    assert rows[0]["id"] == planned.pk
    assert (rows[0]["number"], rows[0]["status"]) == ("", "planned")
    assert rows[0]["record_missing"] == ["a", "b", "c", "d", "đ", "e"]


def test_the_report_due_skips_a_holiday_the_administrator_announced(make_inspection, office):
    inspection = make_inspection(start=date(2026, 11, 2), end=date(2026, 11, 6))
    CalendarOverride.objects.create(
        date=date(2026, 11, 10), kind=OverrideKind.DAY_OFF, document="Thông báo 1/TB-BHXH"
    )
    (row,) = inspection_rows(None, AFTER)
    assert row["id"] == inspection.pk and row["report_due"] == date(2026, 11, 16)


def test_the_command_reads_as_a_vietnamese_table_without_json(ended, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: AFTER)
    out = StringIO()
    call_command("inspections", "list", stdout=out)
    text = out.getvalue()
    assert "15/QĐ-BHXH · Định kỳ · CNTT, NGHEAN · 02/11/2026–06/11/2026" in text
    assert "hạn báo cáo 13/11/2026 · Đã thông báo kết quả" in text
    assert "hồ sơ thiếu: b, c, d, đ, e · 2 kiến nghị, 1 nhiệm vụ" in text
    assert "Tổng: 1 cuộc kiểm tra." in text


def test_the_rows_of_many_inspections_take_the_queries_of_one(ended, make_inspection, head):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = inspection_list(head, AFTER)
        assert rows
        return len(queries)

    inspection_list(head, AFTER)  # the person's roles, read once
    one = count()
    for number in range(3):
        other = make_inspection(head=head, number=f"{number + 30}/QĐ-BHXH")
        papers.records_answer(other, other.units.first(), head)
    assert one == count() == 11


def test_the_list_page_shows_the_rows_and_filters_them(ended, make_inspection, office, monkeypatch):
    make_inspection(decided=False, units=("TST",), start=date(2025, 3, 2), end=date(2025, 3, 6))
    monkeypatch.setattr(timezone, "localdate", lambda *a: AFTER)
    client = client_for(office)
    page = client.get("/kiem-tra/").content.decode()
    assert "15/QĐ-BHXH" in page and "Đã thông báo kết quả" in page
    assert "b, c, d, đ, e" in page and "13/11/2026" in page and "2 / 1" in page
    assert "Chưa có" in page  # the planned one has no decision number
    assert ">BHXH Nghệ An</span>" in page  # units by the names people know, not their codes
    only_2025 = client.get("/kiem-tra/?nam=2025").content.decode()
    assert "15/QĐ-BHXH" not in only_2025 and "Chưa ra quyết định" in only_2025
    notified = client.get("/kiem-tra/?trang_thai=notified").content.decode()
    assert "15/QĐ-BHXH" in notified and "TST" not in notified
    wrong = client.get("/kiem-tra/?nam=abc&trang_thai=xyz").content.decode()
    assert "Năm «abc» không hợp lệ" in wrong and "Trạng thái đã chọn không có" in wrong


def test_the_list_exports_the_same_rows_to_excel(ended, make_inspection, office, monkeypatch):
    make_inspection(decided=False, units=("TST",), start=date(2025, 3, 2), end=date(2025, 3, 6))
    monkeypatch.setattr(timezone, "localdate", lambda *a: AFTER)
    client = client_for(office)
    page = client.get("/kiem-tra/?nam=2026").content.decode()
    assert 'href="?nam=2026&amp;xuat=xlsx"' in page
    response = client.get("/kiem-tra/?nam=2026&xuat=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-kiem-tra.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value.startswith("Năm 2026, mọi trạng thái; lập lúc ")
    header = [c.value for c in sheet[4]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert len(rows) == 1
    (row,) = rows
    assert (row["Số quyết định"], row["Đơn vị được kiểm tra"]) == ("15/QĐ-BHXH", "CNTT, NGHEAN")
    assert row["Hạn báo cáo kết quả"].date() == date(2026, 11, 13)
    assert row["Trạng thái"] == "Đã thông báo kết quả"
    assert row["Hồ sơ còn thiếu (Điều 18.1)"] == "b, c, d, đ, e"
    assert (row["Kiến nghị"], row["Nhiệm vụ thực hiện kiến nghị"]) == (2, 1)
