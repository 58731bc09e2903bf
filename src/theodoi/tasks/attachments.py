"""Checking and storing attached files: documents, images and archives up to 20 MB each."""

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from theodoi.core.errors import Code, ValidationFailed
from theodoi.tasks.models import Attachment, Document, Task, TaskEvent

MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 20

# extension → accepted first bytes (None: plain text, no signature to check)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "rtf": (b"{\\rtf",),
    "txt": None,
    "csv": None,
    "xml": None,
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "zip": _ZIP,
    "rar": (b"Rar!\x1a\x07",),
    "7z": (b"7z\xbc\xaf\x27\x1c",),
}
ACCEPTED_TEXT = "văn bản (pdf, doc, docx, xls, xlsx, odt, rtf, txt…), ảnh (jpg, png…) hoặc tệp nén"


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def check_files(files: Sequence[UploadedFile], field: str = "files") -> None:
    """Refuse the whole set if one file is too large, of another type, or not what it says."""
    if len(files) > MAX_FILES:
        raise ValidationFailed(
            {field: f"Mỗi lần chỉ đính kèm tối đa {MAX_FILES} tệp."}, Code.FILE_REFUSED
        )
    for upload in files:
        name = upload.name or "(không tên)"
        if upload.size is not None and upload.size > MAX_BYTES:
            megabytes = upload.size / (1024 * 1024)
            raise ValidationFailed(
                {field: f"Tệp «{name}» nặng {megabytes:.1f} MB, vượt giới hạn 20 MB."},
                Code.FILE_REFUSED,
            )
        ext = _extension(name)
        if ext not in SIGNATURES:
            raise ValidationFailed(
                {field: f"Tệp «{name}» không thuộc loại được nhận: {ACCEPTED_TEXT}."},
                Code.FILE_REFUSED,
            )
        expected = SIGNATURES[ext]
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if expected is not None and not any(head.startswith(sig) for sig in expected):
            message = f"Tệp «{name}» không đúng định dạng .{ext} (nội dung không khớp đuôi tệp)."
            raise ValidationFailed({field: message}, Code.FILE_REFUSED)
        if expected is None and b"\x00" in head:
            raise ValidationFailed(
                {field: f"Tệp «{name}» không phải tệp văn bản thuần."}, Code.FILE_REFUSED
            )


def save_files(
    files: Sequence[UploadedFile],
    *,
    actor: Any,
    document: Document | None = None,
    task: Task | None = None,
    event: TaskEvent | None = None,
) -> list[Attachment]:
    saved = []
    for upload in files:
        attachment = Attachment(
            name=(upload.name or "tep")[:255],
            size=upload.size or 0,
            document=document,
            task=task,
            event=event,
            uploaded_by=actor if actor is not None and actor.pk else None,
        )
        attachment.file.save(PurePath(attachment.name).name, upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved
