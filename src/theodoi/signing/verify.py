"""Checking the signatures of a PDF with pyHanko: for each, who signed (common name and
organisation), when (dd/mm/yyyy HH:MM, Vietnam time), whether the document was changed after
signing, and whether the certificate chains to a root the agency trusts
(THEODOI_SIGNING_TRUST_ROOTS). Every answer is in Vietnamese.

The file is untrusted: it is bounded in size before it is read, pyHanko reads it with its limits
for untrusted input (no stream may inflate without bound), revocation is not fetched from the
network, and anything pyHanko cannot read is a refusal that names the file, never a server
error.
"""

import logging
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from typing import IO

from django.utils import timezone
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import EmbeddedPdfSignature, validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from theodoi.core.errors import Code, ValidationFailed
from theodoi.signing import keys
from theodoi.signing.pades import off_the_loop

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # as for attachments (tasks/attachments.py)
# How pyHanko and asn1crypto fail on a damaged file or signature (pyHanko's own signature
# errors are ValueErrors); anything else is a fault of ours and is not passed off as the file's.
READ_ERRORS = (
    PdfError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    NotImplementedError,
    RecursionError,
    zlib.error,
)
VALID = "Chữ ký hợp lệ"
MODIFIED = "Tài liệu đã bị sửa sau khi ký"
INVALID = "Chữ ký không hợp lệ"
UNTRUSTED = "Không xác định được nguồn tin cậy của chứng thư"
TRUST_PROBLEMS = {  # pyHanko's AdES sub-indication → what it means to a reader
    "EXPIRED": "Chứng thư đã hết hạn.",
    "OUT_OF_BOUNDS_NO_POE": "Chứng thư đã hết hạn hoặc chưa có hiệu lực vào lúc kiểm tra.",
    "OUT_OF_BOUNDS_NOT_REVOKED": "Chứng thư đã hết hạn hoặc chưa có hiệu lực vào lúc kiểm tra.",
    "NOT_YET_VALID": "Chứng thư chưa có hiệu lực.",
    "REVOKED": "Chứng thư đã bị thu hồi.",
    "REVOKED_NO_POE": "Chứng thư đã bị thu hồi.",
    "NO_CERTIFICATE_CHAIN_FOUND": ("Chứng thư không dẫn về chứng thư gốc nào mà hệ thống tin cậy."),
}


@dataclass(frozen=True)
class SignatureCheck:
    """One signature as a reader is told about it."""

    field_name: str
    signer: str  # the certificate's common name
    organisation: str
    signed_at: str  # dd/mm/yyyy HH:MM, Asia/Ho_Chi_Minh ("" when the signature names none)
    time_source: str  # "dấu thời gian" (a timestamp server) or "máy của người ký"
    verdict: str  # VALID, MODIFIED, INVALID or UNTRUSTED
    intact: bool  # the signed bytes are as they were signed
    unmodified: bool  # nothing but signatures and timestamps was added after signing
    trusted: bool  # the certificate chains to a configured root
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verdict == VALID

    @property
    def tone(self) -> str:
        """ "ok", "warn" (sound, but of unknown trust) or "bad", for the page's colours."""
        if self.ok:
            return "ok"
        return "warn" if self.verdict == UNTRUSTED else "bad"

    @property
    def integrity_text(self) -> str:
        if not self.intact:
            return "Nội dung đã ký bị thay đổi"
        return "Còn nguyên như lúc ký" if self.unmodified else "Có thay đổi sau khi ký"

    @property
    def trust_text(self) -> str:
        if self.trusted:
            return "Chứng thư dẫn về chứng thư gốc tin cậy"
        return "Không xác định được"


@dataclass(frozen=True)
class PdfCheck:
    name: str
    signatures: list[SignatureCheck]
    trust_note: str  # why no signature can be trusted here, if so

    @property
    def summary(self) -> str:
        if not self.signatures:
            return f"Tệp «{self.name}» không có chữ ký số nào."
        good = sum(1 for s in self.signatures if s.ok)
        return f"Tệp «{self.name}» có {len(self.signatures)} chữ ký số, {good} chữ ký hợp lệ."


def _refused(name: str, why: str) -> ValidationFailed:
    return ValidationFailed({"file": f"Không kiểm tra được tệp «{name}»: {why}"}, Code.FILE_REFUSED)


def _shown(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}" if moment else ""


def _modified(status: PdfSignatureStatus) -> bool:
    level = status.modification_level
    return level is None or level == ModificationLevel.OTHER or status.docmdp_ok is False


def _judge(status: PdfSignatureStatus) -> tuple[str, list[str]]:
    if not status.intact:
        return MODIFIED, [f"{INVALID}: nội dung đã ký không còn khớp với chữ ký."]
    if not status.valid:
        return INVALID, ["Giá trị chữ ký không khớp với chứng thư của người ký."]
    notes = []
    level = status.modification_level
    if _modified(status):
        return MODIFIED, ["Phần đã ký còn nguyên nhưng tệp có thay đổi nội dung sau khi ký."]
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE and level in (
        ModificationLevel.FORM_FILLING,
        ModificationLevel.ANNOTATIONS,
    ):
        notes.append("Sau khi ký, tệp có thêm chữ ký hoặc ghi chú khác; nội dung đã ký không đổi.")
    stamp = status.timestamp_validity
    if stamp is not None and not (stamp.intact and stamp.valid and stamp.trusted):
        notes.append("Dấu thời gian trong chữ ký không được xác nhận là đáng tin cậy.")
    if not status.trusted:
        indication = status.trust_problem_indic
        name = getattr(indication, "standard_name", "")
        notes.insert(0, TRUST_PROBLEMS.get(name, "Không xác lập được chuỗi chứng thực tin cậy."))
        return UNTRUSTED, notes
    return VALID, notes


def _check(signature: EmbeddedPdfSignature, context: ValidationContext) -> SignatureCheck:
    try:
        status = off_the_loop(
            lambda: validate_pdf_signature(signature, signer_validation_context=context)
        )
    except READ_ERRORS:  # a signature whose data pyHanko cannot read at all
        log.info("unreadable signature %s", signature.field_name, exc_info=True)
        return SignatureCheck(
            field_name=str(signature.field_name),
            signer="(không đọc được)",
            organisation="",
            signed_at="",
            time_source="",
            verdict=INVALID,
            intact=False,
            unmodified=False,
            trusted=False,
            notes=["Dữ liệu chữ ký bị hỏng, không đọc được."],
        )
    cert = status.signing_cert
    stamp = status.timestamp_validity
    moment = stamp.timestamp if stamp is not None else status.signer_reported_dt
    verdict, notes = _judge(status)
    return SignatureCheck(
        field_name=str(signature.field_name),
        signer=keys.name_part(cert.subject, "common_name") or cert.subject.human_friendly,
        organisation=keys.name_part(cert.subject, "organization_name"),
        signed_at=_shown(moment),
        time_source="dấu thời gian" if stamp is not None else "máy của người ký",
        verdict=verdict,
        intact=status.intact and status.valid,
        unmodified=status.intact and not _modified(status),
        trusted=status.trusted,
        notes=notes,
    )


def check_pdf(data: bytes, name: str) -> PdfCheck:
    """The signatures of the PDF `data` (named `name` in messages), checked; refused with
    `Code.FILE_REFUSED` when it is too large or not a PDF that can be read."""
    if len(data) > MAX_BYTES:
        raise _refused(name, f"tệp nặng {len(data) / 1024 / 1024:.1f} MB, vượt giới hạn 20 MB.")
    if b"%PDF-" not in data[:1024]:
        raise _refused(name, "đây không phải tệp PDF.")
    roots, trust_note = keys.trust_roots()
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        if reader.encrypted:
            raise _refused(name, "tệp PDF được đặt mật khẩu nên không đọc được chữ ký.")
        checks = [_check(signature, context) for signature in reader.embedded_signatures]
    except ValidationFailed:
        raise
    except READ_ERRORS:  # pyHanko's reading of a damaged file fails in many ways
        log.info("PDF signature check refused %s", name, exc_info=True)
        raise _refused(name, "tệp PDF bị hỏng hoặc không đúng cấu trúc.") from None
    return PdfCheck(name=name, signatures=checks, trust_note=trust_note)


def check_file(handle: IO[bytes], name: str, size: int | None) -> PdfCheck:
    """`check_pdf` of an uploaded or stored file, refused by its size before it is read and
    never read past the bound."""
    if size is not None and size > MAX_BYTES:
        raise _refused(name, f"tệp nặng {size / 1024 / 1024:.1f} MB, vượt giới hạn 20 MB.")
    return check_pdf(handle.read(MAX_BYTES + 1), name)
