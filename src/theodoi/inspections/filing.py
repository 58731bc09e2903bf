"""Writes to the inspection file (Regulation 1142 Art. 18): a paper added under a letter, and
the file handed to the Office's archive (Art. 18.2). Who may: `scope.may_manage` (the Office,
a serving member of the team). After the hand-over nothing more is added."""

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.text import collapse_spaces
from theodoi.inspections import scope
from theodoi.inspections.dossier import archive_blockers, dossier
from theodoi.inspections.models import FileItem, FileLetter, Inspection
from theodoi.tasks import attachments

NOT_PERMITTED = "Chỉ Văn phòng và thành viên Đoàn kiểm tra mới cập nhật hồ sơ kiểm tra."
ARCHIVED = "Hồ sơ kiểm tra đã bàn giao lưu trữ ngày {day}: không thêm, không sửa được nữa."


def _locked(actor: User, inspection: Inspection) -> Inspection:
    if not scope.may_manage(actor, inspection):
        raise ValidationFailed({"__all__": NOT_PERMITTED}, Code.NOT_PERMITTED)
    current = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if current.archived_on is not None:
        message = ARCHIVED.format(day=f"{current.archived_on:%d/%m/%Y}")
        raise ValidationFailed({"__all__": message}, Code.WRONG_STATE)
    return current


@transaction.atomic
def file_item_add(
    *, actor: User, inspection: Inspection, letter: str, title: str, upload: UploadedFile | None
) -> FileItem:
    """Add one paper under `letter`: its title and its file (checked like every attachment)."""
    current = _locked(actor, inspection)
    errors = {}
    if letter not in FileLetter.values:
        errors["letter"] = "Hãy chọn mục của hồ sơ (a, b, c, d, đ, e, g, h, i)."
    title = collapse_spaces(title)
    if upload is None:
        errors["file"] = "Hãy chọn tệp tài liệu."
    elif not title:
        title = (upload.name or "")[:300]
    if not title and "file" not in errors:
        errors["title"] = "Hãy nhập tên tài liệu."
    elif len(title) > 300:
        errors["title"] = f"Tên tài liệu dài {len(title)} ký tự, tối đa 300."
    if errors or upload is None:
        wrong = "letter" in errors or len(title) > 300
        raise ValidationFailed(errors, Code.INVALID if wrong else Code.REQUIRED)
    attachments.check_files([upload], "file")
    (saved,) = attachments.save_files([upload], actor=actor)
    item = FileItem.objects.create(
        inspection=current, letter=letter, title=title, attachment=saved, added_by=actor
    )
    record_change(
        actor=actor,
        action=ChangeKind.CREATE,
        obj=item,
        before=None,
        after={"letter": letter, "title": title},
    )
    return item


@transaction.atomic
def file_archive(
    *, actor: User, inspection: Inspection, archived_on: date, note: str = ""
) -> Inspection:
    """Record that the team handed the file to the Office's archive (Art. 18.2). Refused before
    the results notice, and while the decision, the report or the notice is missing."""
    current = _locked(actor, inspection)
    if current.notice_id is None:
        message = "Chưa có thông báo kết quả kiểm tra: chưa bàn giao hồ sơ lưu trữ được."
        raise ValidationFailed({"__all__": message}, Code.WRONG_STATE)
    blockers = archive_blockers(dossier(current, timezone.localdate()))
    if blockers:
        names = "; ".join(f"{letter}) {FileLetter(letter).label}" for letter in blockers)
        message = f"Hồ sơ còn thiếu: {names}. Hãy bổ sung trước khi bàn giao lưu trữ."
        raise ValidationFailed({"__all__": message}, Code.WRONG_STATE)
    today = timezone.localdate()
    if archived_on > today:
        message = f"Ngày bàn giao {archived_on:%d/%m/%Y} chưa đến (hôm nay {today:%d/%m/%Y})."
        raise ValidationFailed({"archived_on": message}, Code.INVALID)
    if archived_on < current.end:
        message = (
            f"Ngày bàn giao {archived_on:%d/%m/%Y} trước ngày kết thúc kiểm tra "
            f"{current.end:%d/%m/%Y}."
        )
        raise ValidationFailed({"archived_on": message}, Code.INVALID)
    note = note.strip()
    current.archived_on = archived_on
    current.archived_by = actor
    current.archive_note = note
    current.version += 1
    current.save(update_fields=["archived_on", "archived_by", "archive_note", "version"])
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE,
        obj=current,
        before={"archived_on": None},
        after={"archived_on": archived_on.isoformat(), "archive_note": note},
    )
    return current
