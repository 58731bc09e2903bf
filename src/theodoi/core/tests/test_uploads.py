"""The files of the probe that exhausted memory or tried to read local files: each refused by
`core.uploads` with a message naming the problem, from the archive's directory and the first
bytes of its parts (the memory it takes is measured), and nothing is written."""

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.conftest import with_token
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.tests import corpus
from theodoi.imports.models import PlanImport
from theodoi.imports.reading import read_plan
from theodoi.tasks.models import Task
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def refusal(data: bytes, name: str) -> tuple[str, int]:
    """The refusal's message, and the most memory (bytes) Python held while reading."""
    tracemalloc.start()
    try:
        with pytest.raises(ValidationFailed) as caught:
            read_plan(data, name)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == Code.FILE_REFUSED
    return caught.value.errors["file"], peak


ZIP_BOMBS: list[tuple[str, Callable[[], bytes], str]] = [
    ("kh.docx", corpus.word_bomb, "«word/document.xml» giải nén ra 48,0 MB, quá giới hạn 16,0"),
    ("kh.xlsx", corpus.excel_bomb, "«xl/worksheets/sheet2.xml» giải nén ra 48,0 MB"),
    (
        "kh.docx",
        lambda: corpus.declared(corpus.plan_word(), corpus.WORD_PARTS, 4_000_000_000),
        "«word/document.xml» giải nén ra 3.814,7 MB",
    ),
    ("kh.docx", corpus.ratio_bomb, "bất thường với tệp Word/Excel (tối đa 200 lần"),
    ("kh.docx", corpus.many_parts, "gồm 1.517 phần nén, quá giới hạn 1.000 phần"),
    ("kh.docx", corpus.many_declared, "«kh.docx» giải nén ra 70,8 MB, quá giới hạn 64,0 MB"),
    ("kh.docx", corpus.other_compression, "dùng kiểu nén mà Word/Excel không dùng"),
]


@pytest.mark.parametrize(("name", "make", "expected"), ZIP_BOMBS)
def test_a_zip_bomb_is_refused_before_it_inflates(
    sample_units, name: str, make: Callable[[], bytes], expected: str
) -> None:
    data = make()
    assert len(data) < 300_000  # small files, each would inflate to tens of MB or more
    message, peak = refusal(data, name)
    assert expected in message, message
    assert peak < 4 * MB, f"{peak / MB:.1f} MB held"


FAR: list[tuple[str, Callable[[], bytes], str]] = [
    (
        "kh.xlsx",
        corpus.far_dimension,
        "trang tính «Phụ lục» khai báo: vùng dữ liệu 1.048.576 dòng × 16.384 cột, quá giới "
        "hạn 20.000 dòng × 200 cột",
    ),
    ("kh.xlsx", corpus.far_cell, "trang tính «Phụ lục»: vùng dữ liệu 20.001 dòng"),
    ("kh.docx", corpus.wide_word_cell, "bảng 1: vùng dữ liệu 1 dòng × 1.000.000.000 cột"),
]


@pytest.mark.parametrize(("name", "make", "expected"), FAR)
def test_a_table_reaching_far_is_refused_without_filling_it(
    sample_units, name: str, make: Callable[[], bytes], expected: str
) -> None:
    message, peak = refusal(make(), name)
    assert expected in message, message
    assert "Hãy xóa các dòng, cột thừa" in message
    assert peak < 16 * MB, f"{peak / MB:.1f} MB held"


def test_a_sheet_that_declares_no_dimension_is_read_as_it_is(sample_units) -> None:
    reading = read_plan(corpus.no_dimension(), "kh.xlsx")
    assert [(r.code, r.content) for r in reading.rows] == [("1", "Rà soát quy trình thu")]


def test_a_sheet_that_declares_a_larger_range_than_it_uses_is_read(sample_units) -> None:
    reading = read_plan(corpus.far_dimension("A1:GR20000"), "kh.xlsx")  # within the limits
    assert [(r.code, r.content) for r in reading.rows] == [("1", "Rà soát quy trình thu")]


@pytest.mark.parametrize(
    ("name", "make"), [("kh.docx", corpus.xxe_word), ("kh.xlsx", corpus.xxe_excel)]
)
def test_an_external_entity_never_reads_a_local_file(
    sample_units, tmp_path: Path, name: str, make: Callable[[Path], bytes]
) -> None:
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("MAT-KHAU-MAY-CHU", encoding="utf-8")
    message, _ = refusal(make(secret), name)
    assert "khai báo DTD/thực thể XML" in message and "XXE" in message
    assert "MAT-KHAU" not in message


def test_entities_of_entities_are_refused_unexpanded(sample_units) -> None:
    message, peak = refusal(corpus.laughs_excel(), "kh.xlsx")
    assert "khai báo DTD/thực thể XML" in message
    assert peak < 4 * MB


def test_a_bomb_uploaded_on_the_page_is_named_and_nothing_is_written(
    sample_units, make_user, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    office = make_user(Role.TRACKER, unit="VP", username="vp1")
    response = client_for(office).post(
        reverse("imports:upload"),
        with_token(
            office,
            {"file": SimpleUploadedFile("ke-hoach.docx", corpus.word_bomb()), "number": "7/KH"},
        ),
    )
    assert response.status_code == 200
    assert "phần «word/document.xml» giải nén ra 48,0 MB" in response.content.decode()
    assert PlanImport.objects.count() == 0 and Task.objects.count() == 0
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
