"""A unit fills its Excel template and uploads it: the figures reach the draft through the
form's rules, or the file is refused with what is wrong named and nothing is kept."""

import io

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import load_workbook

from theodoi.reports.models import ReportSubmission, RequestState
from theodoi.statforms.models import FormEntry
from theodoi.statforms.services import form_save_draft
from theodoi.statforms.tests.filled import province_values
from theodoi.statforms.tests.sheets import (
    download,
    filled,
    request_of,
    sheet_of,
    upload,
    where,
)
from theodoi.statforms.upload import MAX_BYTES
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.content.decode().split())


def test_a_filled_template_becomes_the_draft_and_can_be_sent_at_once(forms) -> None:
    hanoi = client_for(forms.hanoi)
    request = request_of("HANOI")
    template = download(hanoi, request)
    figures = province_values(**{"5_2": "900", "5_1": "1.200", "6_2_total": 1200})
    shown = page_text(upload(hanoi, request, filled(template, figures)))
    assert "Đã đọc tệp «m.xlsx» và lưu thành bản nháp" in shown
    assert "số liệu không có lỗi hay cảnh báo" in shown
    entry = FormEntry.objects.get(request=request)
    assert entry.values == province_values()  # "1.200" is one thousand two hundred
    request.refresh_from_db()
    assert request.state == RequestState.DRAFT
    again = download(hanoi, request)  # the draft comes back in the next template
    sent = upload(hanoi, request, again, submit=True)
    assert sent.status_code == 302 and sent["Location"] == f"/bieu-mau/{request.pk}/"
    submission = ReportSubmission.objects.get(request=request)
    assert submission.number == 1 and submission.form_version.values == province_values()


def test_a_broken_rule_is_kept_in_the_draft_and_named_by_its_cells(forms) -> None:
    hanoi = client_for(forms.hanoi)
    request = request_of("HANOI")
    template = download(hanoi, request)
    data = filled(template, province_values(**{"5_1": 1199}))
    shown = page_text(upload(hanoi, request, data))
    assert "lưu thành bản nháp; còn 1 lỗi, 2 cảnh báo cần xem" in shown
    row = where(sheet_of(template), {"5.1": None})["5.1"][1:]  # section 5's row of inputs
    cells = ", ".join(f"{c}{row}" for c in "ABCDEF")
    assert f"Các ô {cells}: Quy tắc «5.1 = 5.2+5.3+5.4+5.5+5.6»" in shown
    assert FormEntry.objects.get(request=request).values["5.1"] == 1199
    refused = upload(hanoi, request, data, submit=True)  # sending it at once is refused
    assert "Không lưu gì" in page_text(refused)
    assert not ReportSubmission.objects.filter(request=request).exists()


def test_a_template_sent_at_once_with_a_rule_broken_keeps_nothing(forms) -> None:
    haiphong = client_for(forms.haiphong)
    request = request_of("HAIPHONG")
    data = filled(download(haiphong, request), province_values(**{"4b_total": 13}))
    shown = page_text(upload(haiphong, request, data, submit=True))
    assert "Không lưu gì" in shown and "Quy tắc «4b.total = 4b.new + 4b.carried»" in shown
    request.refresh_from_db()
    assert request.state == RequestState.OPEN and request.version == 1
    assert not FormEntry.objects.exists() and not ReportSubmission.objects.exists()


def test_a_decimal_comma_is_refused_naming_its_cell_and_nothing_is_kept(forms) -> None:
    hanoi = client_for(forms.hanoi)
    request = request_of("HANOI")
    before = request.version
    data = filled(download(hanoi, request), province_values(**{"5_5": "1,5", "4a_new": "nhiều"}))
    shown = page_text(upload(hanoi, request, data))
    assert "Không lưu gì" in shown
    column = "Ô E" + shown.split("Ô E", 1)[1].split(":", 1)[0]
    assert "(cột 5 (Tại Trung tâm phục vụ HCC các cấp))" in column
    assert "«1,5» có dấu phẩy" in shown and "«nhiều» không phải là số" in shown
    request.refresh_from_db()
    assert request.version == before and not FormEntry.objects.filter(request=request).exists()


def encrypted(data: bytes) -> bytes:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("matkhau", out)
    return out.getvalue()


def other_unit(forms, data: bytes) -> bytes:
    return download(client_for(forms.haiphong), request_of("HAIPHONG"))


def other_period(forms, data: bytes) -> bytes:
    return download(client_for(forms.hanoi), request_of("HANOI", "2026-Q2"))


def edited(change):
    def make(forms, data: bytes) -> bytes:
        book = load_workbook(io.BytesIO(data))
        change(book)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    return make


def _formula(book) -> None:
    sheet = book["Báo cáo"]
    numbers = next(r for r in sheet.iter_rows() if r[0].value == "1=2+3+4+5+6")
    sheet.cell(row=numbers[0].row + 1, column=1).value = "=B{0}+C{0}".format(numbers[0].row + 1)


BAD = {
    "another unit's template": (other_unit, "mẫu của đơn vị khác (mã «HAIPHONG»)"),
    "another period's template": (other_period, "mẫu của kỳ «2026-Q2», không phải kỳ Quý I/2026"),
    "a row inserted": (
        edited(lambda b: b["Báo cáo"].insert_rows(12)),
        "bố cục mẫu đã bị thay đổi",
    ),
    "a label rewritten": (
        edited(lambda b: setattr(b["Báo cáo"]["A5"], "value", "BÁO CÁO KHÁC")),
        "ô A5 phải là «CÔNG TÁC KIỂM SOÁT THỦ TỤC HÀNH CHÍNH», nay là «BÁO CÁO KHÁC»",
    ),
    "the hidden sheet rewritten": (
        edited(lambda b: setattr(b["_mau"]["B8"], "value", "0" * 24)),
        "bố cục mẫu không khớp với biểu mẫu hiện hành",
    ),
    "a formula in an input cell": (edited(_formula), "chứa công thức «=B"),
    "an empty file": (lambda forms, data: b"", "rỗng (0 byte)"),
    "a password": (lambda forms, data: encrypted(data), "được đặt mật khẩu"),
    "a PDF": (lambda forms, data: b"%PDF-1.7\n", "không phải tệp Excel .xlsx"),
    "a file too large": (lambda forms, data: data + bytes(MAX_BYTES), "quá giới hạn 5 MB"),
    "a damaged zip": (lambda forms, data: data[:2000], "bị hỏng"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_file_is_refused_by_name_and_nothing_is_kept(forms, case: str) -> None:
    make, words = BAD[case]
    hanoi = client_for(forms.hanoi)
    request = request_of("HANOI")
    form_save_draft(
        actor=forms.hanoi, request=request, expected_version=request.version,
        values={"5.1": 7}, texts={}, explanations={},
    )  # fmt: skip
    request.refresh_from_db()
    data = make(forms, filled(download(hanoi, request), province_values()))
    shown = page_text(upload(hanoi, request, data, submit=case == "a formula in an input cell"))
    assert words in shown
    request.refresh_from_db()
    assert request.version == 2 and request.state == RequestState.DRAFT
    assert FormEntry.objects.get(request=request).values == {"5.1": 7}
    assert not ReportSubmission.objects.exists()


def test_only_those_who_read_download_and_only_the_unit_uploads(forms) -> None:
    request = request_of("HANOI")
    template = download(client_for(forms.hanoi), request)
    haiphong = client_for(forms.haiphong)
    assert haiphong.get(f"/bieu-mau/{request.pk}/mau.xlsx").status_code == 404
    assert haiphong.get(f"/bieu-mau/{request.pk}/tai-len/").status_code == 404
    assert upload(haiphong, request, template).status_code == 404
    office = client_for(forms.office)
    assert office.get(f"/bieu-mau/{request.pk}/mau.xlsx").status_code == 200
    assert upload(office, request, template).status_code == 404
    assert not FormEntry.objects.filter(request=request).exists()
