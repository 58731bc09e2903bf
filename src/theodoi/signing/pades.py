"""Signing a PDF with the agency's key: PAdES B-B (the signing time is a signed attribute), or
B-T when a timestamp server is configured, added as an incremental update so the document's
own bytes stay as LibreOffice wrote them.

The signature is visible at the top right of the first page, where the agency's digital
signature of an electronic document sits (Decree 30/2020/NĐ-CP, Appendix I): who signed, the
organisation and the time, in a Times-compatible serif font. pyHanko writes a TrueType font's
widths in the font's own units, which are right only for fonts of 1,000 units per em, so the
font is rescaled to 1,000 first. Without a font the signature is invisible (still valid).
"""

import asyncio
import functools
import hashlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.utils import timezone
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers import Signer
from pyhanko.sign.timestamps import TimestampRequestError
from pyhanko.stamp import TextStampStyle

from theodoi.signing import keys

log = logging.getLogger(__name__)
T = TypeVar("T")

FIELD = "ChuKySoCoQuan"
FONTS = (  # Liberation Serif has Times New Roman's metrics; DejaVu Serif as a fallback
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)
MM = 72 / 25.4
STAMP_WIDTH, STAMP_HEIGHT = 78 * MM, 15 * MM  # in the 20 mm top margin, above the header
RIGHT_MARGIN, TOP_GAP = 15 * MM, 2 * MM


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    sha256: str
    signed_at: datetime
    signer: str  # common name, organisation
    serial: str  # the certificate's serial number, in hexadecimal
    level: str  # "PAdES B-B" or "PAdES B-T"


def stamp_font() -> Path | None:
    chosen = settings.THEODOI_SIGNING_FONT
    candidates = (chosen,) if chosen else FONTS
    return next((Path(p) for p in candidates if Path(p).is_file()), None)


@functools.lru_cache(maxsize=4)
def _font_at_1000_units(path: Path) -> bytes:
    font = TTFont(path)
    if "FFTM" in font:  # FontForge's timestamps, which the subsetter would warn about
        del font["FFTM"]
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    out = BytesIO()
    font.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class _Font(FontEngineFactory):
    """pyHanko's GlyphAccumulatorFactory, from the rescaled font's bytes instead of a path."""

    path: Path
    font_size: int = 9

    def create_font_engine(
        self, writer: BasePdfFileWriter, obj_stream: object = None
    ) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=BytesIO(_font_at_1000_units(self.path)),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def _stamp(organisation: str) -> TextStampStyle | None:
    font = stamp_font()
    if font is None:
        return None
    lines = ["Ký bởi: %(signer)s"]
    if organisation:
        lines.append("Cơ quan: %(org)s")
    lines.append("Thời gian ký: %(ts)s")
    return TextStampStyle(
        stamp_text="\n".join(lines),
        timestamp_format="%d/%m/%Y %H:%M:%S %z",
        text_box_style=TextBoxStyle(font=_Font(font), leading=11),
        border_width=0,
    )


def _stamp_box(writer: IncrementalPdfFileWriter) -> tuple[int, int, int, int]:
    """The rectangle at the top right of the first page, in PDF points."""
    page = writer.root["/Pages"]
    while "/Kids" in page:
        page = page["/Kids"][0]
    _left, _bottom, right, top = (float(v) for v in page["/MediaBox"])
    x2, y2 = right - RIGHT_MARGIN, top - TOP_GAP
    return (round(x2 - STAMP_WIDTH), round(y2 - STAMP_HEIGHT), round(x2), round(y2))


def _why(exc: Exception) -> str:
    """What went wrong, in words for the Office: the library's own message is English and
    technical, and goes to the log only."""
    if isinstance(exc, TimestampRequestError):
        return (
            "máy chủ cấp dấu thời gian (THEODOI_SIGNING_TSA_URL) không trả lời hoặc từ chối; "
            "quản trị hệ thống cần kiểm tra địa chỉ và kết nối."
        )
    if isinstance(exc, PdfError):
        return "tệp PDF chuyển từ văn bản bị hỏng hoặc không đúng cấu trúc."
    return "thiết bị hoặc khoá ký từ chối thao tác ký; chi tiết đã được ghi vào nhật ký hệ thống."


def off_the_loop(call: Callable[[], T]) -> T:
    """`call()`, in a thread of its own when this thread runs an event loop. pyHanko's blocking
    calls start a loop of their own (`asyncio.run`), which Python refuses inside a running one:
    under an ASGI server, or in a process that also drives a browser (the tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def sign_pdf(pdf: bytes, *, signer: Signer, reason: str, location: str) -> SignedPdf:
    """`pdf` signed by `signer` (`keys.agency_signer`); refused (never a server error) when
    the file is not a PDF pyHanko can extend or the key or the timestamp server fails."""
    cert = signer.signing_cert
    if cert is None:
        raise keys.refused("Thiết bị ký số không có chứng thư cho khoá đã khai báo.")
    organisation = keys.name_part(cert.subject, "organization_name")
    stamper = keys.timestamper()
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        style = _stamp(organisation)
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(
                field_name=FIELD,
                md_algorithm="sha256",
                subfilter=fields.SigSeedSubFilter.PADES,
                reason=reason,
                location=location,
            ),
            signer=signer,
            timestamper=stamper,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(
                FIELD, on_page=0, box=_stamp_box(writer) if style is not None else None
            ),
        )
        params = {"org": organisation} if organisation else None
        output = off_the_loop(lambda: pdf_signer.sign_pdf(writer, appearance_text_params=params))
        data = output.getvalue()
        signed_at = PdfFileReader(BytesIO(data)).embedded_signatures[-1].self_reported_timestamp
    except Exception as exc:  # pyHanko's and the key's errors, and the timestamp server's
        log.warning("signing failed", exc_info=True)  # their own (English) words: for the log
        raise keys.refused(f"Không ký số được văn bản: {_why(exc)}") from exc
    return SignedPdf(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        signed_at=timezone.localtime(signed_at) if signed_at else timezone.localtime(),
        signer=keys.subject_line(cert),
        serial=format(cert.serial_number, "x"),
        level="PAdES B-T" if stamper is not None else "PAdES B-B",
    )
