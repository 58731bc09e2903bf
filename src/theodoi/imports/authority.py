"""On whose authority a plan's tasks are assigned, and whether the plan is new to the register.

A plan is a leader's assignment on paper: its tasks are "assigned" by the plan's signer on the
plan's date, as when the Office records a leader's paper assignment (tasks/steps/assignment.py:
the event's `leader_id` and `decided_on`). The signer is a leader's account, or a name when
the signer has none (a plan signed before the system, by a leader who has left).
"""

from datetime import date
from typing import Any

from django.db.models import Q

from theodoi.accounts.models import Role
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.imports.models import ImportStatus, PlanImport
from theodoi.tasks.models import Document

NO_DATE = (
    "Cần nhập ngày kế hoạch (dd/mm/yyyy): tệp không ghi ngày ban hành dạng «Hà Nội, ngày … "
    "tháng … năm …», nên hệ thống không đoán ngày."
)
NO_SIGNER = (
    "Cần chọn lãnh đạo ký kế hoạch, hoặc ghi họ tên người ký nếu người đó không có tài khoản."
)
REIMPORT = " Nếu đây là bản sửa đổi, hãy chọn «Nhập lại kế hoạch đã có» để cập nhật nhiệm vụ."


def signer_of(signer: Any, name: str) -> tuple[Any, str]:
    """The signer (an active leader) or the signer's name as written; one is required."""
    name = " ".join((name or "").split())
    if signer is None:
        if not name:
            raise ValidationFailed({"signer": NO_SIGNER}, Code.REQUIRED)
        if len(name) > 120:
            raise ValidationFailed({"signer_name": "Họ tên người ký dài quá 120 ký tự."})
        return None, name
    if not signer.is_active or Role.LEADER not in signer.roles:
        raise ValidationFailed(
            {"signer": f"{signer} không phải lãnh đạo Ngành đang làm việc."}, Code.INVALID
        )
    return signer, ""


def check_new(number: str, existing: Document | None, digest: str) -> None:
    """Refuse a plan already in the register (its number, or this very file already
    imported), saying which, so that the person chooses the re-import knowingly."""
    if existing is not None:
        day = format_date(existing.issued_on)
        raise ValidationFailed(
            {"reimport": f"Kế hoạch số {number} ngày {day} đã có trong sổ." + REIMPORT},
            Code.DUPLICATE,
        )
    done = (
        PlanImport.objects.filter(sha256=digest)
        .filter(Q(status=ImportStatus.COMMITTED) | Q(status=ImportStatus.COMMITTING))
        .defer("rows")
        .first()
    )
    if done is not None:
        raise ValidationFailed(
            {
                "reimport": f"Tệp này đã được nhập ngày {format_date(done.uploaded_at.date())} "
                f"(kế hoạch số {done.number}, lần nhập mã {done.pk})." + REIMPORT
            },
            Code.DUPLICATE,
        )


def basis(number: str, day: date | None, signer: str) -> str:
    """What the task and its timeline say of the assignment's authority."""
    text = f"Giao theo Kế hoạch số {number}"
    if day is not None:
        text += f" ngày {format_date(day)}"
    return f"{text} (người ký: {signer})" if signer else text
