"""The inspection decision (Regulation 1142 Art. 15): its contents before it is issued, and
issuing it (docs/inspections.md, "Quyết định và Đoàn kiểm tra").

The Director General signs the decision on paper (Art. 15.1). In the system the Office
prepares its contents (the inspection's edit page, `inspections.creation.inspection_edit`)
and team (`inspections.team.team_add`), downloads
the draft Word file for signing, then records the signed decision: its number …/QĐ-BHXH, day
and signer (`decision_issue`). Issuing generates the Word file with that number, registers
the decision in the document register as a «Quyết định» (origin internal, the file attached)
and fixes the team, dates and units.
"""

import re
import unicodedata
from datetime import date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change, snapshot
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.inspections import checks
from theodoi.inspections.decision_word import (
    NUMBER_SUFFIX,
    build_decision,
    decision_text,
    subject_of,
)
from theodoi.inspections.models import Inspection
from theodoi.inspections.scope import SERVING
from theodoi.inspections.team import check_not_issued, claim, heads, unit_ended
from theodoi.organisation.labels import unit_label
from theodoi.tasks.models import Document, DocumentKind, Origin
from theodoi.tasks.services import document_register

NUMBER = re.compile(r"^[1-9][0-9]{0,5}/QĐ-BHXH$")
NO_BASIS = "Quyết định kiểm tra phải nêu căn cứ pháp lý (Điều 15.2.a)."


def file_name(number: str) -> str:
    return f"quyet-dinh-kiem-tra-{number.split('/')[0] or 'du-thao'}.docx"


def clean_number(number: str) -> str:
    """ "15/QĐ-BHXH" as the register keeps it ("15" alone gets its suffix); "" if malformed."""
    text = unicodedata.normalize("NFC", "".join(number.split())).upper()
    if text.isdigit():
        text = f"{int(text)}{NUMBER_SUFFIX}"
    return text if NUMBER.match(text) else ""


def check_ready(inspection: Inspection, day: date) -> None:
    """What a decision must state (Art. 15.2) and hold on `day`; a refusal names what is
    missing."""
    errors = {}
    if not inspection.legal_basis.strip():
        errors["legal_basis"] = NO_BASIS
    if not inspection.scope.strip():
        errors["scope"] = "Quyết định kiểm tra phải nêu phạm vi, đối tượng, nhiệm vụ kiểm tra."
    if not inspection.content.strip():
        errors["content"] = "Quyết định kiểm tra phải nêu nội dung kiểm tra."
    units = list(inspection.units.all())
    if not units:
        errors["units"] = "Quyết định kiểm tra phải nêu ít nhất một đơn vị được kiểm tra."
    gone = [u for u in units if not u.is_active_on(day)]
    if gone:
        names = ", ".join(f"«{unit_label(u)}»" for u in gone)
        errors["units"] = f"Đơn vị được kiểm tra {names} không còn hoạt động ngày "
        errors["units"] += f"{format_date(day)}."
    if len(heads(inspection)) != 1:
        errors["team"] = "Đoàn kiểm tra phải có đúng một Trưởng đoàn (Điều 15.2.đ)."
    members = inspection.team.filter(state__in=SERVING, user__isnull=False).select_related("unit")
    for member in members:
        if member.side == "ours" and unit_ended(member.unit, day):
            errors["team"] = f"{member.full_name}: {unit_ended(member.unit, day)}"
            break
    if errors:
        code = Code.REQUIRED if "legal_basis" in errors else Code.INVALID
        raise ValidationFailed(errors, code)


def draft_bytes(inspection: Inspection, *, today: date | None = None) -> bytes:
    """The draft Word file to sign: the number left open, today's date."""
    day = today or timezone.localdate()
    text = decision_text(inspection, number="", issued_on=day, signer_name="", signer_title="")
    return build_decision(text)


@transaction.atomic
def decision_issue(
    *,
    actor: User | None,
    inspection: Inspection,
    number: str,
    issued_on: date | None,
    signer_name: str,
    signer_title: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Document:
    """Record the signed decision: generate its Word file, register it as a «Quyết định» with
    the file, and fix the team, dates and units."""
    moment = at or timezone.now()
    check_not_issued(inspection)
    errors = {}
    cleaned = clean_number(number)
    if not cleaned:
        errors["number"] = f"Số quyết định «{number.strip()}» không đúng dạng «15/QĐ-BHXH»."
    if issued_on is None:
        errors["issued_on"] = "Cần nhập ngày ký quyết định (dd/mm/yyyy)."
    elif issued_on > timezone.localdate(moment):
        errors["issued_on"] = f"Ngày ký {format_date(issued_on)} ở tương lai: chỉ ghi quyết "
        errors["issued_on"] += "định đã ký."
    elif issued_on > inspection.start:
        errors["issued_on"] = f"Ngày ký {format_date(issued_on)} sau ngày bắt đầu kiểm tra "
        errors["issued_on"] += f"{format_date(inspection.start)}."
    if not signer_name.strip():
        errors["signer_name"] = "Cần ghi họ và tên người ký quyết định."
    if errors or issued_on is None:
        raise ValidationFailed(errors, Code.REQUIRED if issued_on is None else Code.INVALID)
    locked = claim(inspection, expected_version)
    check_not_issued(locked)  # issued by someone else while this request waited for the lock
    check_ready(locked, issued_on)
    text = decision_text(
        locked,
        number=cleaned,
        issued_on=issued_on,
        signer_name=signer_name,
        signer_title=signer_title,
    )
    upload = SimpleUploadedFile(file_name(cleaned), build_decision(text))
    decision = document_register(
        actor=actor,
        kind=DocumentKind.DECISION,
        number=cleaned,
        issued_on=issued_on,
        issuer=checks.AGENCY,
        summary=subject_of(locked.title),
        origin=Origin.INTERNAL,
        files=[upload],
        at=moment,
    )
    before = snapshot(locked, ["decision", "decision_file"])
    locked.decision = decision
    locked.decision_file = decision.attachments.get()
    locked.version += 1
    locked.save(update_fields=["decision", "decision_file", "version"])
    after = snapshot(locked, ["decision", "decision_file"], number=cleaned)
    record_change(actor=actor, action=ChangeKind.ISSUE, obj=locked, before=before, after=after)
    inspection.decision, inspection.decision_file = locked.decision, locked.decision_file
    inspection.version = locked.version
    return decision
