"""A filled Excel template coming back: read, checked, and kept through the same rules as the
form's page (`services.form_save_draft`, or `form_submit` when the person sends it at once).

The file is refused, with what is wrong named in Vietnamese and nothing written, when it is
empty, too large, password-protected (Excel then writes an encrypted OLE file, not a zip),
not an .xlsx, damaged (`core.uploads` checks the archive first), not a template of this
system, a template of another unit, period or form version, or one whose layout was changed
(the labels and input cells are compared with the layout worked out again from the form's
definition, never taken from the file). Then each input cell is read: a formula or an error
value is refused; a number must be a whole number, text goes through `numbers.parse_count`
("1.234" is 1234; "1,5" and words are refused), each finding naming its cell ("Ô F20 (cột 5
…): …"). The findings of the form's rules name their cells the same way.
"""

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import olefile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from theodoi.accounts.models import User
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.text import clean_text
from theodoi.core.uploads import open_workbook, refused
from theodoi.reports.models import ReportRequest, ReportSubmission
from theodoi.statforms.checks import Checked, Finding
from theodoi.statforms.definition import NUMBER, Definition
from theodoi.statforms.models import FormEntry
from theodoi.statforms.numbers import NotACount, parse_count
from theodoi.statforms.selectors import audience_of, definition_of
from theodoi.statforms.services import (
    FormRefused,
    form_check,
    form_save_draft,
    form_submit,
    period_of,
)
from theodoi.statforms.template_layout import COLUMNS, Layout, plan
from theodoi.statforms.workbook import MAGIC, META, META_KEYS, SHEET

FIELD = "upload"
MAX_BYTES = 5 * 1024 * 1024  # a template is some 15 KB; long narratives keep it far below
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class CellFinding:
    cells: list[str]  # addresses: "F20"
    message: str
    warning: bool = False
    about: str = ""  # the one cell's field, as people read it: "(cột 5 (…))"

    def __str__(self) -> str:
        if not self.cells:
            return self.message
        where = ("Ô " if len(self.cells) == 1 else "Các ô ") + ", ".join(self.cells)
        return f"{where} {self.about}: {self.message}" if self.about else f"{where}: {self.message}"


class TemplateRefused(ValidationFailed):
    """The template's figures were refused; `findings` names each cell. Nothing was kept."""

    def __init__(self, findings: list[CellFinding]) -> None:
        super().__init__({FIELD: str(findings[0])}, Code.INVALID)
        self.findings = findings


@dataclass
class Reading:
    values: dict[str, object] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # code → address


@dataclass
class Uploaded:
    findings: list[CellFinding]
    submission: ReportSubmission | None = None


def file_bytes(upload: UploadedFile) -> bytes:
    """The uploaded file's content, refused unread when it is too large."""
    name = upload.name or "(không tên)"
    if upload.size is not None and upload.size > MAX_BYTES:
        megabytes = f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")
        raise refused(
            f"Tệp «{name}» nặng {megabytes} MB, quá giới hạn {MAX_BYTES // 1024 // 1024} MB của "
            "một mẫu biểu đã điền. Hãy tải lên đúng tệp mẫu.",
            FIELD,
        )
    upload.seek(0)
    return upload.read()


def check_bytes(data: bytes, name: str) -> None:
    if not data:
        raise refused(f"Tệp «{name}» rỗng (0 byte). Hãy chọn tệp mẫu đã điền.", FIELD)
    if len(data) > MAX_BYTES:
        raise refused(f"Tệp «{name}» quá lớn để là một mẫu biểu đã điền.", FIELD)
    if data.startswith(OLE):
        if _encrypted(data):
            raise refused(
                f"Tệp «{name}» được đặt mật khẩu (mã hóa) nên không đọc được. Hãy mở tệp, bỏ "
                "mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu: để "
                "trống), lưu lại rồi tải lên.",
                FIELD,
            )
        raise refused(
            f"Tệp «{name}» là tệp Excel 97-2003 (.xls), không phải mẫu .xlsx tải từ hệ thống. "
            "Hãy điền vào tệp mẫu .xlsx và tải lên đúng tệp đó.",
            FIELD,
        )
    if not data.startswith(b"PK\x03\x04"):
        raise refused(
            f"Tệp «{name}» không phải tệp Excel .xlsx. Hãy tải lên tệp mẫu đã điền.", FIELD
        )


def _encrypted(data: bytes) -> bool:
    """An OLE container holding an encrypted Office file (what Excel saves with a password)."""
    try:
        return bool(olefile.OleFileIO(io.BytesIO(data)).exists("EncryptedPackage"))
    except (OSError, ValueError):  # a damaged container
        return False


def read_template(request: ReportRequest, data: bytes, name: str) -> Reading:
    """The figures and texts of a filled template of `request` (nothing is written)."""
    check_bytes(data, name)
    definition = definition_of(request.round)
    layout = plan(definition, audience_of(request.unit), period_of(request))
    book = open_workbook(data, name, FIELD)
    try:
        if META not in book.sheetnames or SHEET not in book.sheetnames:
            raise refused(
                f"Tệp «{name}» không phải mẫu biểu tải từ hệ thống (thiếu trang «{SHEET}» hoặc "
                "trang thông tin của mẫu). Hãy tải mẫu của đơn vị, điền vào đó rồi tải lên.",
                FIELD,
            )
        _check_meta(_meta(book[META], name), request, definition, layout, name)
        cells: dict[tuple[int, int], Any] = {}
        sheet = book[SHEET]
        for row in sheet.iter_rows(min_row=1, max_row=layout.last_row, max_col=COLUMNS):
            for cell in row:
                if cell.value is not None or cell.data_type == "f":
                    cells[(cell.row, cell.column)] = cell
        _check_labels(layout, cells, name)
        return _inputs(definition, layout, cells)
    finally:
        book.close()


def _meta(sheet: Any, name: str) -> dict[str, str]:
    rows = list(sheet.iter_rows(min_row=1, max_row=1 + len(META_KEYS), max_col=2, values_only=True))
    if not rows or rows[0][0] != MAGIC:
        raise refused(f"Tệp «{name}» không phải mẫu biểu tải từ hệ thống.", FIELD)
    return {str(r[0]): "" if r[1] is None else str(r[1]) for r in rows[1:] if r and r[0]}


def _check_meta(
    meta: Mapping[str, str],
    request: ReportRequest,
    definition: Definition,
    layout: Layout,
    name: str,
) -> None:
    unit = request.unit
    period = period_of(request)
    expected = (
        (
            "form",
            definition.code,
            f"là mẫu của biểu «{meta.get('form', '')}», không phải biểu «{definition.title}».",
        ),
        (
            "unit_id",
            str(unit.pk),
            f"là mẫu của đơn vị khác (mã «{meta.get('unit', '')}»), không phải của "
            f"{unit.name}. Hãy tải mẫu của đơn vị mình rồi điền lại.",
        ),
        (
            "period",
            period.slug,
            f"là mẫu của kỳ «{meta.get('period', '')}», không phải kỳ {period.label}. "
            f"Hãy tải mẫu của kỳ {period.label}.",
        ),
        (
            "version",
            str(definition.version),
            f"là mẫu phiên bản {meta.get('version', '')} của biểu mẫu; kỳ {period.label} "
            f"dùng phiên bản {definition.version}. Hãy tải mẫu mới.",
        ),
        (
            "fingerprint",
            layout.fingerprint,
            "có bố cục mẫu không khớp với biểu mẫu hiện hành (mẫu cũ hoặc trang thông tin "
            "của mẫu đã bị sửa). Hãy tải mẫu mới.",
        ),
    )
    for key, value, wrong in expected:
        if meta.get(key) != value:
            raise refused(f"Tệp «{name}» {wrong}", FIELD)


def _shown(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return text if len(text) <= 60 else text[:57] + "…"


def _check_labels(layout: Layout, cells: Mapping[tuple[int, int], object], name: str) -> None:
    changed = []
    for place in layout.labels:
        cell = cells.get((place.row, place.first))
        value = getattr(cell, "value", None)
        if _shown(value) != _shown(place.text):
            changed.append(
                f"ô {place.address} phải là «{_shown(place.text)}», nay là «{_shown(value)}»"
            )
    if changed:
        more = f" (và {len(changed) - 3} ô khác)" if len(changed) > 3 else ""
        raise refused(
            f"Tệp «{name}»: bố cục mẫu đã bị thay đổi: {'; '.join(changed[:3])}{more}. Hãy tải "
            "mẫu mới và nhập lại, không chèn, xóa dòng, cột hay sửa tiêu đề.",
            FIELD,
        )


def _label(definition: Definition, code: str) -> str:
    return definition.fields[code].label


def _inputs(
    definition: Definition, layout: Layout, cells: Mapping[tuple[int, int], object]
) -> Reading:
    reading = Reading()
    findings: list[CellFinding] = []
    for code, place in layout.inputs.items():
        reading.cells[code] = place.address
        cell = cells.get((place.row, place.first))
        value = getattr(cell, "value", None)
        about = f"({_label(definition, code)})"
        kind = getattr(cell, "data_type", "n")
        if kind == "f":
            message = f"chứa công thức «{_shown(value)}»; hãy nhập số liệu, không dùng công thức"
            findings.append(CellFinding([place.address], message + ".", about=about))
            continue
        if kind == "e":
            findings.append(CellFinding([place.address], f"có lỗi {_shown(value)}.", about=about))
            continue
        if definition.fields[code].kind == NUMBER:
            try:
                reading.values[code] = parse_count(value)
            except NotACount as exc:
                findings.append(CellFinding([place.address], f"{exc}.", about=about))
        else:
            reading.texts[code] = clean_text(_text(value))
    if findings:
        raise TemplateRefused(findings)
    return reading


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _position(address: str) -> tuple[int, int]:
    letters, row = coordinate_from_string(address)
    return row, column_index_from_string(letters)


def findings_of(checked: Checked, cells: Mapping[str, str]) -> list[CellFinding]:
    def one(finding: Finding, warning: bool) -> CellFinding:
        where = sorted({cells[c] for c in finding.fields if c in cells}, key=_position)
        return CellFinding(where, finding.message, warning)

    return [one(f, False) for f in checked.errors] + [one(f, True) for f in checked.warnings]


def check_template(request: ReportRequest, data: bytes, name: str) -> list[CellFinding]:
    """Every finding on a filled template, as a draft of it would be kept (nothing is kept)."""
    reading = read_template(request, data, name)
    entry = FormEntry.objects.filter(request=request).first()
    checked = form_check(
        request,
        values=reading.values,
        texts=reading.texts,
        explanations=dict(entry.explanations) if entry else {},
    )
    return findings_of(checked, reading.cells)


@transaction.atomic
def form_upload(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    data: bytes,
    name: str,
    submit: bool = False,
    today: date | None = None,
    at: datetime | None = None,
) -> Uploaded:
    """Keep a filled template as the unit's draft (the findings listed by cell), or send it
    at once as the next version when `submit`; refused with every finding, nothing kept."""
    reading = read_template(request, data, name)
    entry = FormEntry.objects.filter(request=request).first()
    explanations = dict(entry.explanations) if entry else {}  # written on the form's page
    try:
        if submit:
            submission, checked = form_submit(
                actor=actor,
                request=request,
                expected_version=expected_version,
                values=reading.values,
                texts=reading.texts,
                explanations=explanations,
                today=today,
                at=at,
            )
            return Uploaded(findings_of(checked, reading.cells), submission)
        _, checked = form_save_draft(
            actor=actor,
            request=request,
            expected_version=expected_version,
            values=reading.values,
            texts=reading.texts,
            explanations=explanations,
            at=at,
        )
    except FormRefused as exc:
        raise TemplateRefused(findings_of(exc.checked, reading.cells)) from None
    return Uploaded(findings_of(checked, reading.cells))
