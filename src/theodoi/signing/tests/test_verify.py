"""Checking a PDF's signatures: a signed urging letter is valid with its signer and time; the
same file with one byte changed, or with content drawn after signing, shows as modified; a
root the system does not trust shows as of unknown trust; an unsigned PDF says so; a damaged,
foreign or oversized file is refused in Vietnamese."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import pytest
from django.test import override_settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from theodoi.core.errors import Code, ValidationFailed
from theodoi.signing import keys
from theodoi.signing.pades import sign_pdf, stamp_font
from theodoi.signing.tests.ca import AGENCY, PASSPHRASE, SIGNER, agency_key
from theodoi.signing.verify import (
    INVALID,
    MAX_BYTES,
    MODIFIED,
    UNTRUSTED,
    VALID,
    check_file,
    check_pdf,
)


@pytest.fixture
def trusted(signed_letter):
    data, made = signed_letter
    with override_settings(THEODOI_SIGNING_TRUST_ROOTS=str(made.roots_pem)):
        yield data


def first_revision(signed: bytes) -> bytes:
    """The PDF as LibreOffice wrote it, before the signature was appended."""
    end = signed.index(b"%%EOF") + len(b"%%EOF")
    return signed[:end] + b"\n"


def test_a_signed_letter_is_valid_with_its_signer_and_time(trusted) -> None:
    result = check_pdf(trusted, "don-doc.pdf")
    [signature] = result.signatures
    assert signature.verdict == VALID and signature.ok
    assert (signature.signer, signature.organisation) == (SIGNER, AGENCY)
    assert signature.signed_at[2] == "/" and signature.signed_at[5] == "/"  # dd/mm/yyyy HH:MM
    assert signature.integrity_text == "Còn nguyên như lúc ký"
    assert result.summary == "Tệp «don-doc.pdf» có 1 chữ ký số, 1 chữ ký hợp lệ."


def test_a_byte_changed_in_the_signed_content_is_modified_and_invalid(trusted) -> None:
    tampered = bytearray(trusted)
    at = tampered.index(b"stream", tampered.index(b"/FlateDecode")) + 40  # inside page content
    tampered[at] ^= 0x01
    [signature] = check_pdf(bytes(tampered), "sua.pdf").signatures
    assert signature.verdict == MODIFIED and not signature.ok
    assert not signature.intact
    assert signature.notes == [f"{INVALID}: nội dung đã ký không còn khớp với chữ ký."]


def test_content_drawn_after_signing_is_modified(trusted) -> None:
    writer = IncrementalPdfFileWriter(BytesIO(trusted))
    drawing = generic.StreamObject(stream_data=b"q 1 0 0 rg 100 400 200 50 re f Q")
    writer.add_stream_to_page(0, writer.add_object(drawing))
    out = BytesIO()
    writer.write(out)
    [signature] = check_pdf(out.getvalue(), "them.pdf").signatures
    assert signature.verdict == MODIFIED
    assert signature.intact and not signature.unmodified


@pytest.mark.parametrize(
    ("root_name", "note"),
    [
        ("CA khác", "Chứng thư không dẫn về chứng thư gốc nào mà hệ thống tin cậy."),
        ("CA thử nghiệm", "Không xác lập được chuỗi chứng thực tin cậy."),  # a namesake root
    ],
)
def test_a_root_not_trusted_here_is_of_unknown_trust(
    signed_letter, tmp_path, root_name, note
) -> None:
    data, _made = signed_letter
    other = agency_key(tmp_path, root_name)  # another CA, whose root alone is trusted
    with override_settings(THEODOI_SIGNING_TRUST_ROOTS=str(other.roots_pem)):
        [signature] = check_pdf(data, "la.pdf").signatures
    assert signature.verdict == UNTRUSTED and not signature.trusted
    assert signature.intact and signature.unmodified
    assert signature.notes == [note]


def test_without_trusted_roots_the_check_says_so(signed_letter) -> None:
    data, _made = signed_letter
    with override_settings(THEODOI_SIGNING_TRUST_ROOTS=""):
        result = check_pdf(data, "la.pdf")
    assert result.signatures[0].verdict == UNTRUSTED
    assert result.trust_note == "Hệ thống chưa được khai báo chứng thư gốc tin cậy nào."


def test_a_pdf_without_signatures_says_so(trusted) -> None:
    result = check_pdf(first_revision(trusted), "chua-ky.pdf")
    assert result.signatures == []
    assert result.summary == "Tệp «chua-ky.pdf» không có chữ ký số nào."


def test_a_damaged_signature_value_is_invalid_not_an_error(trusted) -> None:
    damaged = bytearray(trusted)
    start = damaged.index(b"/Contents <") + len(b"/Contents <")
    end = damaged.index(b">", start)
    value_end = len(damaged[start:end].rstrip(b"0")) + start  # the CMS ends with the signature
    at = value_end - 40
    damaged[at : at + 8] = bytes(
        ord("1") if c == ord("0") else ord("0") for c in damaged[at : at + 8]
    )
    [signature] = check_pdf(bytes(damaged), "hong.pdf").signatures
    assert signature.verdict == INVALID and not signature.ok and not signature.intact


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nrac rac rac", "bị hỏng"),
        (b"PK\x03\x04 a Word file, not a PDF", "không phải tệp PDF"),
        (b"", "không phải tệp PDF"),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused(content, why, settings) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_pdf(content, "x.pdf")
    assert refused.value.code == Code.FILE_REFUSED
    assert why in refused.value.errors["file"]


def test_a_truncated_signed_pdf_is_refused_or_invalid(trusted) -> None:
    try:
        result = check_pdf(trusted[: len(trusted) // 2], "cut.pdf")
    except ValidationFailed as refused:
        assert refused.code == Code.FILE_REFUSED
    else:
        assert not any(s.ok for s in result.signatures)


def test_an_oversized_file_is_refused_before_it_is_read() -> None:
    class Unreadable(BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise AssertionError("read")

    with pytest.raises(ValidationFailed) as refused:
        check_file(Unreadable(), "lon.pdf", MAX_BYTES + 1)
    assert refused.value.code == Code.FILE_REFUSED
    assert "vượt giới hạn 20 MB" in refused.value.errors["file"]


def test_the_signature_shows_at_the_top_right_of_the_first_page(trusted) -> None:
    """In the 20 mm top margin, right-aligned to the 15 mm right margin, as the agency's
    signature of an electronic document sits (Decree 30/2020/NĐ-CP, Appendix I)."""
    assert stamp_font() is not None  # scripts/system-deps.sh installs the fonts
    reader = PdfFileReader(BytesIO(trusted))
    [signature] = reader.embedded_signatures
    left, bottom, right, top = (float(v) for v in signature.sig_field["/Rect"])
    assert signature.sig_field["/P"] == reader.root["/Pages"]["/Kids"][0]
    assert "/N" in signature.sig_field["/AP"]
    a4_width, a4_height = 595.3, 841.9
    assert right == pytest.approx(a4_width - 15 * 72 / 25.4, abs=1)
    assert top <= a4_height and bottom >= a4_height - 20 * 72 / 25.4
    assert right - left > 150


def fonts_in(xobject) -> list:
    """The Type0 fonts used by a form XObject and the forms it draws."""
    resources = xobject.get("/Resources", {})
    fonts = [f.get_object() for f in resources.get("/Font", {}).values()]
    found = [f for f in fonts if "/DescendantFonts" in f]
    for inner in resources.get("/XObject", {}).values():
        found += fonts_in(inner.get_object())
    return found


def test_the_stamps_letters_are_spaced_as_the_font_draws_them(trusted) -> None:
    """The widths written for the stamp's font are in thousandths of an em, as PDF readers
    take them: no serif letter is wider than an em (a font of 2,048 units per em written
    as it is would space its letters twice as far apart)."""
    [signature] = PdfFileReader(BytesIO(trusted)).embedded_signatures
    [font] = fonts_in(signature.sig_field["/AP"]["/N"])
    widths = font["/DescendantFonts"][0]["/W"]
    numbers = [w for chunk in list(widths)[1::2] for w in chunk]
    assert len(numbers) > 20 and max(numbers) <= 1000 and min(numbers) > 0


def test_signing_and_checking_work_where_an_event_loop_runs(signed_letter, monkeypatch) -> None:
    """Under an ASGI server (or beside the browser in the tests) the calling thread runs an
    event loop; pyHanko's own loop used to fail there with a RuntimeError, a 500 for the user."""
    data, made = signed_letter
    monkeypatch.setenv(keys.PASSPHRASE_VARIABLE, PASSPHRASE)

    async def in_a_running_loop() -> tuple[str, str]:
        with keys.agency_signer() as signer:
            signed = sign_pdf(first_revision(data), signer=signer, reason="Thử", location="HN")
        [signature] = check_pdf(signed.data, "ky-lai.pdf").signatures
        return signature.verdict, signature.signer

    settings = {
        "THEODOI_SIGNING_PKCS12": str(made.pkcs12),
        "THEODOI_SIGNING_TRUST_ROOTS": str(made.roots_pem),
    }
    # a thread of its own: Playwright (the browser tests) may run a loop in this one already
    with override_settings(**settings), ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, in_a_running_loop()).result() == (VALID, SIGNER)
