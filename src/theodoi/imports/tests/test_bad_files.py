"""Files that are not plans: each refused with a message naming what is wrong, nothing read."""

import io
import zipfile

import olefile
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from theodoi.core.errors import Code, ValidationFailed
from theodoi.imports.examples import excel, word
from theodoi.imports.files import MAX_BYTES
from theodoi.imports.reading import read_plan

ROWS = [
    ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện"],
    ["1", "Việc", "VP", "Năm 2024"],
]


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(ValidationFailed) as caught:
        read_plan(data, name)
    assert caught.value.code == Code.FILE_REFUSED
    return caught.value.errors["file"]


def encrypted(data: bytes) -> bytes:
    source = OOXMLFile(io.BytesIO(data))
    out = io.BytesIO()
    source.encrypt("matkhau", out)
    return out.getvalue()


def test_a_password_protected_plan_is_refused_by_name(sample_units) -> None:
    for data, name in ((word(ROWS), "kh.docx"), (excel(ROWS), "kh.xlsx")):
        locked = encrypted(data)
        assert olefile.isOleFile(io.BytesIO(locked))
        assert "bảo vệ bằng mật khẩu" in refusal(locked, name)


def test_a_file_of_another_kind_or_damaged_is_refused(sample_units) -> None:
    assert "không phải tệp Word (.docx) hay Excel (.xlsx)" in refusal(
        b"%PDF-1.7 not a plan", "kh.docx"
    )
    assert "không phải tệp Word" in refusal("STT;Nội dung\n".encode(), "kh.csv")
    assert "bị hỏng" in refusal(word(ROWS)[:3000], "kh.docx")
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body>")  # cut short
    assert "bị hỏng" in refusal(damaged.getvalue(), "kh.docx")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("anh.png", b"\x89PNG")
    assert "không phải văn bản Word" in refusal(other_zip.getvalue(), "kh.zip")


def test_an_old_word_file_is_refused_with_what_to_do(sample_units) -> None:
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
    assert ".doc/.xls" in refusal(ole, "kh.doc")


def test_a_file_over_20_mb_is_refused_before_it_is_opened(sample_units) -> None:
    message = refusal(b"PK\x03\x04" + b"\x00" * MAX_BYTES, "lon.docx")
    assert "quá giới hạn 20 MB" in message


def test_a_document_without_a_task_table_is_refused(sample_units) -> None:
    no_table = word(
        [["Họ và tên", "Chức vụ"], ["Nguyễn Văn A", "Trưởng ban"]], before=["QUYẾT ĐỊNH"]
    )
    assert "Không tìm thấy bảng nhiệm vụ" in refusal(no_table, "qd.docx")
    header_only = excel([ROWS[0]])
    assert "không có dòng nhiệm vụ nào" in refusal(header_only, "kh.xlsx")
