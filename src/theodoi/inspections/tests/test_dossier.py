"""The inspection file (Art. 18.1) fills itself from what the system holds, shows what is
missing, takes papers people add, and goes to the archive (Art. 18.2) only when complete."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.audit.models import ChangeRecord
from theodoi.core.errors import Code, ValidationFailed
from theodoi.inspections.dossier import dossier, dossiers, with_papers
from theodoi.inspections.filing import file_archive, file_item_add
from theodoi.inspections.models import FileItem, Ground, Inspection, Kind
from theodoi.inspections.tests import papers

DURING = date(2026, 11, 4)
AFTER = date(2026, 11, 20)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_bare_inspection_misses_all_but_its_decision_and_the_papers_due_later(inspection):
    during = dossier(inspection, DURING)
    assert during.missing == ["b", "c", "d", "đ", "e"]
    assert [i.letter for i in during.items if i.due_later] == ["g", "h"]
    assert dossier(inspection, AFTER).missing == ["b", "c", "d", "đ", "e", "g", "h"]


def test_the_file_fills_itself_from_linked_records(make_inspection, office, head, sample_units):
    cntt, nghean, tst = (sample_units[c] for c in ("CNTT", "NGHEAN", "TST"))
    directive = papers.document(office, "10/NQ-CP", date(2026, 1, 10))
    other = papers.document(office, "11/NQ-CP", date(2026, 2, 10))
    led = papers.task(directive, cntt)
    coordinated = papers.task(directive, tst, coordinating=nghean)
    not_ours = papers.task(directive, tst)
    elsewhere = papers.task(other, cntt)
    inspection = make_inspection(head=head, plan_item=papers.plan_item(office, sample_units))
    inspection.documents.set([directive])
    papers.urging(office, cntt, date(2026, 10, 1), led)
    papers.urging(office, nghean, date(2026, 10, 2), coordinated)
    papers.urging(office, tst, date(2026, 10, 3), not_ours)  # not an inspected unit
    papers.urging(office, cntt, date(2026, 10, 4), elsewhere)  # not an inspected task
    papers.urging(office, cntt, date(2026, 11, 10), led)  # after the inspection
    papers.unit_report(cntt, sample_units["VP"], date(2026, 7, 5), "Báo cáo 6 tháng 2026")
    papers.unit_report(cntt, sample_units["VP"], date(2025, 12, 20), "Báo cáo năm 2025")
    papers.unit_report(tst, sample_units["VP"], date(2026, 7, 5), "Báo cáo 6 tháng của TST")
    papers.records_answer(inspection, cntt, office)

    found = dossier(inspection, AFTER)
    labels = {i.letter: [p.label for p in i.papers] for i in found.items}
    assert labels["a"] == ["Quyết định số 15/QĐ-BHXH ngày 02/11/2026"]
    assert labels["b"] == ["Nghị quyết số 10/NQ-CP ngày 10/01/2026: Văn bản 10/NQ-CP"]
    assert labels["c"] == [
        "Văn bản đôn đốc số 1/BHXH-VP ngày 01/10/2026",
        "Văn bản đôn đốc số 2/BHXH-VP ngày 02/10/2026",
    ]
    assert labels["d"] == [
        "Báo cáo 6 tháng 2026 (nộp ngày 05/07/2026)",
        "Hồ sơ cung cấp: ho-so-cung-cap.pdf",
    ]
    assert labels["đ"] == ["Kế hoạch số 3/KH-BHXH ngày 15/01/2026"]
    assert found.missing == ["e", "g", "h"]

    papers.report(inspection, date(2026, 11, 12))
    papers.notice(inspection, office, date(2026, 11, 16))
    file_item_add(
        actor=head,
        inspection=inspection,
        letter="e",
        title="Biên bản làm việc với Trung tâm CNTT",
        upload=SimpleUploadedFile("bien-ban.pdf", papers.PDF),
    )
    found = dossier(inspection, AFTER)
    assert found.missing == []
    assert [p.label for p in found.item("g").papers] == [
        "Báo cáo kết quả kiểm tra số 20/BC-ĐKT ngày 12/11/2026"
    ]
    assert [p.label for p in found.item("e").papers] == ["Biên bản làm việc với Trung tâm CNTT"]


def test_an_ad_hoc_inspection_needs_the_leaders_instruction_added(make_inspection, head):
    inspection = make_inspection(
        head=head,
        kind=Kind.AD_HOC,
        ground=Ground.LEADER,
        ground_detail="Ý kiến chỉ đạo của Tổng Giám đốc tại cuộc họp giao ban",
    )
    assert "đ" in dossier(inspection, AFTER).missing
    file_item_add(
        actor=head,
        inspection=inspection,
        letter="đ",
        title="Ý kiến chỉ đạo của Tổng Giám đốc",
        upload=SimpleUploadedFile("chi-dao.pdf", papers.PDF),
    )
    assert "đ" not in dossier(inspection, AFTER).missing


def test_a_planned_inspection_whose_plan_has_no_document_misses_its_plan(
    make_inspection, office, sample_units
):
    inspection = make_inspection(
        plan_item=papers.plan_item(office, sample_units, with_document=False)
    )
    assert "đ" in dossier(inspection, AFTER).missing


def test_the_file_of_many_inspections_takes_the_queries_of_one(
    make_inspection, office, head, sample_units
):
    def count(numbers: range) -> int:
        for number in numbers:
            made = make_inspection(head=head, number=f"{number + 100}/QĐ-BHXH")
            doc = papers.document(office, f"{number + 50}/NQ-CP", date(2026, 1, 5))
            made.documents.set([doc])
            papers.urging(office, sample_units["CNTT"], date(2026, 3, 1), papers.task(doc, None))
            papers.records_answer(made, sample_units["CNTT"], office)
        loaded = list(with_papers(Inspection.objects.all()))
        with CaptureQueriesContext(connection) as queries:
            found = dossiers(loaded, AFTER)
        assert len(found) == len(loaded)
        return len(queries)

    assert count(range(1)) == 8
    assert count(range(1, 4)) == 8


def test_a_paper_of_another_type_is_refused_and_nothing_is_written(inspection, head):
    with pytest.raises(ValidationFailed) as refused:
        file_item_add(
            actor=head,
            inspection=inspection,
            letter="e",
            title="Biên bản",
            upload=SimpleUploadedFile("bien-ban.exe", b"MZ\x90\x00"),
        )
    assert refused.value.code == Code.FILE_REFUSED
    assert "không thuộc loại được nhận" in refused.value.errors["file"]
    assert not FileItem.objects.exists()


def test_the_inspected_units_head_adds_nothing(inspection, sample_units):
    unit_head = UserFactory.create(roles=[Role.UNIT_HEAD], unit=sample_units["CNTT"])
    with pytest.raises(ValidationFailed) as refused:
        file_item_add(
            actor=unit_head,
            inspection=inspection,
            letter="e",
            title="Biên bản",
            upload=SimpleUploadedFile("bien-ban.pdf", papers.PDF),
        )
    assert refused.value.code == Code.NOT_PERMITTED
    assert not FileItem.objects.exists()


def test_the_archive_waits_for_the_notice_then_for_the_report(inspection, head, office):
    with pytest.raises(ValidationFailed) as early:
        file_archive(actor=head, inspection=inspection, archived_on=date(2026, 11, 20))
    assert early.value.code == Code.WRONG_STATE
    assert "Chưa có thông báo kết quả" in early.value.errors["__all__"]
    papers.notice(inspection, office, date(2026, 11, 16))
    with pytest.raises(ValidationFailed) as incomplete:
        file_archive(actor=head, inspection=inspection, archived_on=date(2026, 11, 20))
    assert incomplete.value.code == Code.WRONG_STATE
    assert "g) Báo cáo kết quả kiểm tra" in incomplete.value.errors["__all__"]
    inspection.refresh_from_db()
    assert inspection.archived_on is None


def test_the_archive_is_recorded_and_closes_the_file(inspection, head, office):
    papers.report(inspection, date(2026, 11, 12))
    papers.notice(inspection, office, date(2026, 11, 16))
    done = file_archive(
        actor=head, inspection=inspection, archived_on=date(2026, 11, 20), note="32 trang"
    )
    assert (done.archived_on, done.archived_by, done.archive_note) == (
        date(2026, 11, 20),
        head,
        "32 trang",
    )
    change = ChangeRecord.objects.get(object_type="inspections.inspection")
    assert change.after == {"archived_on": "2026-11-20", "archive_note": "32 trang"}
    with pytest.raises(ValidationFailed) as closed:
        file_item_add(
            actor=office,
            inspection=inspection,
            letter="i",
            title="Tài liệu khác",
            upload=SimpleUploadedFile("khac.pdf", papers.PDF),
        )
    assert closed.value.code == Code.WRONG_STATE
    assert "đã bàn giao lưu trữ ngày 20/11/2026" in closed.value.errors["__all__"]


@pytest.mark.parametrize(
    ("letter", "title", "upload", "code", "field"),
    [
        ("e", "Biên bản", None, Code.REQUIRED, "file"),
        ("k", "Biên bản", "bb.pdf", Code.INVALID, "letter"),
        ("e", "Biên bản " * 40, "bb.pdf", Code.INVALID, "title"),
    ],
)
def test_a_paper_without_its_file_letter_or_a_short_title_is_refused(
    inspection, office, letter, title, upload, code, field
):
    given = SimpleUploadedFile(upload, papers.PDF) if upload else None
    with pytest.raises(ValidationFailed) as refused:
        file_item_add(actor=office, inspection=inspection, letter=letter, title=title, upload=given)
    assert refused.value.code == code and field in refused.value.errors
    assert not FileItem.objects.exists()
