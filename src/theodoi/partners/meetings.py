"""Recording a meeting held under an agreement (Art. 6.4, 19.4): who took part from both sides,
its minutes, and its conclusion notice registered as a document (docs/partners.md, "Họp, kết
luận và nhiệm vụ sau họp"). Conclusions and their follow-up tasks: partners.conclusions.

A meeting is recorded once held: its day is not in the future, nor before the agreement took
effect. Our unit at a provincial meeting is the province (in force that day); at a central
one, one of our units (the Office for the annual review). The partner's unit is the
agreement's partner or an outside unit below it. The files pass tasks.attachments.check_files
(size, type, first bytes) before anything is written; a refusal writes nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit, UnitKind
from theodoi.partners.models import (
    Agreement,
    Level,
    Meeting,
    MeetingKind,
    Obligation,
    Participant,
    Side,
)
from theodoi.partners.scope import partner_units
from theodoi.tasks import attachments
from theodoi.tasks.models import Document, DocumentKind, Origin
from theodoi.tasks.services import document_register
from theodoi.tasks.steps.base import Files

MEETING_FIELDS = [
    "kind",
    "level",
    "held_on",
    "host",
    "place",
    "unit",
    "partner_unit",
    "summary",
    "obligation",
    "minutes",
]
CENTRAL_BODIES = "BHXH Việt Nam và Tổng LĐLĐ Việt Nam"


@dataclass(frozen=True)
class Person:
    """One participant as the form gives it."""

    name: str
    position: str
    side: str
    unit: Unit | None = None


def level_of(kind: str, unit: Unit) -> str:
    """A provincial meeting, or any meeting where our unit is a province, is provincial."""
    provincial = kind == MeetingKind.PROVINCIAL or unit.kind == UnitKind.PROVINCE
    return Level.PROVINCIAL if provincial else Level.CENTRAL


def notice_recipients(meeting: Meeting) -> str:
    """Who the conclusion notice of a provincial meeting also goes to (Art. 19.4); ""."""
    return CENTRAL_BODIES if meeting.level == Level.PROVINCIAL else ""


def _check_day(agreement: Agreement, held_on: date | None, today: date) -> date:
    if held_on is None:
        raise ValidationFailed({"held_on": "Cần nhập ngày họp (dd/mm/yyyy)."}, Code.REQUIRED)
    if held_on > today:
        raise ValidationFailed(
            {
                "held_on": f"Ngày họp {format_date(held_on)} ở tương lai (hôm nay là "
                f"{format_date(today)}): chỉ ghi cuộc họp đã diễn ra."
            }
        )
    if held_on < agreement.valid_from:
        raise ValidationFailed(
            {
                "held_on": f"Ngày họp {format_date(held_on)} trước ngày quy chế phối hợp có "
                f"hiệu lực ({format_date(agreement.valid_from)})."
            }
        )
    return held_on


def _check_units(
    agreement: Agreement, kind: str, unit: Unit | None, partner_unit: Unit | None, day: date
) -> None:
    errors = {}
    if unit is None:
        errors["unit"] = "Cần chọn đơn vị của BHXH Việt Nam dự họp."
    elif not unit.can_lead or not unit.is_active_on(day):
        errors["unit"] = f"«{unit_label(unit)}» không phải đơn vị của BHXH Việt Nam đang hoạt "
        errors["unit"] += f"động ngày {format_date(day)}."
    elif kind == MeetingKind.PROVINCIAL and unit.kind != UnitKind.PROVINCE:
        errors["unit"] = "Cuộc họp định kỳ cấp tỉnh do BHXH tỉnh dự: hãy chọn một BHXH tỉnh."
    if partner_unit is None:
        errors["partner_unit"] = "Cần chọn đơn vị của đối tác dự họp."
    elif partner_unit not in partner_units(agreement):
        errors["partner_unit"] = f"«{unit_label(partner_unit)}» không phải đơn vị của đối tác."
    if errors:
        raise ValidationFailed(errors, Code.INVALID)


def _check_obligation(
    obligation: Obligation | None, agreement: Agreement, unit: Unit, host: str
) -> None:
    if obligation is None:
        return
    if obligation.duty.agreement_id != agreement.pk or obligation.unit_id != unit.pk:
        raise ValidationFailed(
            {"obligation": "Nhiệm vụ định kỳ này không phải của đơn vị dự họp."}, Code.INVALID
        )
    if obligation.host and obligation.host != host:
        who = Side(obligation.host).label if obligation.host == Side.OURS else "đối tác"
        raise ValidationFailed(
            {"host": f"Năm {obligation.year} theo luân phiên, {who} chủ trì hội nghị."},
            Code.INVALID,
        )


def _check_people(people: Sequence[Person]) -> list[Person]:
    cleaned = [
        Person(" ".join(p.name.split()), " ".join(p.position.split()), p.side, p.unit)
        for p in people
        if p.name.strip() or p.position.strip()
    ]
    nameless = [p for p in cleaned if not p.name]
    if nameless:
        message = f"Cần ghi họ và tên người dự họp (chức vụ «{nameless[0].position}»)."
        raise ValidationFailed({"participants": message}, Code.REQUIRED)
    sides = {p.side for p in cleaned}
    if not set(Side.values) <= sides:
        raise ValidationFailed(
            {"participants": "Cần ghi thành phần dự họp của cả hai bên."}, Code.REQUIRED
        )
    return cleaned


def _people_text(people: Sequence[Person]) -> str:
    return "; ".join(f"{p.name} ({p.position})" if p.position else p.name for p in people)


@transaction.atomic
def meeting_record(
    *,
    actor: Actor,
    agreement: Agreement,
    kind: str,
    held_on: date | None,
    host: str,
    unit: Unit | None,
    partner_unit: Unit | None,
    people: Sequence[Person],
    place: str = "",
    summary: str = "",
    obligation: Obligation | None = None,
    minutes: Files = (),
    at: datetime | None = None,
) -> Meeting:
    """A meeting held, with its participants from both sides and its minutes."""
    moment = at or timezone.now()
    if kind not in MeetingKind.values:
        raise ValidationFailed({"kind": "Cần chọn loại cuộc họp."}, Code.REQUIRED)
    if host not in Side.values:
        raise ValidationFailed({"host": "Cần chọn bên chủ trì cuộc họp."}, Code.REQUIRED)
    day = _check_day(agreement, held_on, timezone.localdate(moment))
    _check_units(agreement, kind, unit, partner_unit, day)
    assert unit is not None
    _check_obligation(obligation, agreement, unit, host)
    people = _check_people(people)
    attachments.check_files(minutes, "minutes")
    meeting = Meeting.objects.create(
        agreement=agreement,
        duty=obligation.duty if obligation else None,
        obligation=obligation,
        kind=kind,
        level=level_of(kind, unit),
        held_on=day,
        host=host,
        place=" ".join(place.split()),
        unit=unit,
        partner_unit=partner_unit,
        summary=summary.strip(),
        created_by=actor if actor is not None and actor.pk else None,
        created_at=moment,
    )
    Participant.objects.bulk_create(
        Participant(meeting=meeting, side=p.side, unit=p.unit, name=p.name, position=p.position,
                    order=n)
        for n, p in enumerate(people, start=1)
    )  # fmt: skip
    saved = attachments.save_files(minutes, actor=actor)
    if saved:
        meeting.minutes = saved[0]
        meeting.save(update_fields=["minutes"])
    after = snapshot(meeting, MEETING_FIELDS, participants=_people_text(people))
    record_change(actor=actor, action=ChangeKind.CREATE, obj=meeting, before=None, after=after)
    return meeting


def _issuer(meeting: Meeting) -> str:
    """Who signs the notice: the host's Office at central level (Art. 6.4), the host's body
    at provincial level (Art. 19.4)."""
    ours = meeting.host == Side.OURS
    unit = meeting.unit if ours else meeting.partner_unit
    if meeting.level == Level.CENTRAL:
        return "BHXH Việt Nam" if ours else meeting.agreement.partner.name
    return unit.name if unit is not None else ""


@transaction.atomic
def meeting_register_notice(
    *,
    actor: Actor,
    meeting: Meeting,
    number: str,
    issued_on: date | None,
    notice: Files,
    at: datetime | None = None,
) -> Document:
    """The conclusion notice: registered as a document (Thông báo kết luận) with its file, so
    that the follow-up tasks hang from it; a provincial meeting's notice also goes to both
    central bodies (Art. 19.4), which the record keeps."""
    if meeting.notice_id is not None:
        raise ValidationFailed(
            {"notice": "Cuộc họp đã có thông báo kết luận được vào sổ."}, Code.DUPLICATE
        )
    if not notice:
        raise ValidationFailed({"notice": "Cần chọn tệp thông báo kết luận."}, Code.REQUIRED)
    attachments.check_files(notice[:1], "notice")
    if issued_on is None:
        message = "Cần nhập ngày của thông báo kết luận (dd/mm/yyyy)."
        raise ValidationFailed({"issued_on": message}, Code.REQUIRED)
    if issued_on < meeting.held_on:
        raise ValidationFailed(
            {
                "issued_on": f"Ngày thông báo {format_date(issued_on)} trước ngày họp "
                f"({format_date(meeting.held_on)})."
            }
        )
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    sent_to = notice_recipients(locked)
    summary = f"Kết luận {locked.get_kind_display().lower()} ngày {format_date(locked.held_on)}"
    if sent_to:
        summary += f" (đồng gửi {sent_to}, Điều 19.4)"
    document = document_register(
        actor=actor,
        kind=DocumentKind.CONCLUSION,
        number=number,
        issued_on=issued_on,
        issuer=_issuer(locked),
        summary=summary,
        origin=Origin.INTERNAL,
        files=notice[:1],
        at=at,
    )
    before = snapshot(locked, ["notice"])
    locked.notice = document.attachments.get()
    locked.version += 1
    locked.save(update_fields=["notice", "version"])
    after = snapshot(locked, ["notice"], sent_to=sent_to)
    record_change(actor=actor, action=ChangeKind.UPDATE, obj=locked, before=before, after=after)
    return document
