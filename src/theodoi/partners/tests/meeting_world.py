"""What the meetings' tests share: the partner's provincial federation of Nghệ An (an outside
unit below TLD, made by the organisation service as the demo makes it), the people who act,
and a provincial meeting recorded with its notice."""

import re
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.organisation.models import Unit, UnitKind
from theodoi.organisation.services import unit_create
from theodoi.partners.meetings import Person, meeting_record, meeting_register_notice
from theodoi.partners.models import Agreement, Meeting, MeetingKind, Side

HELD_ON = date(2026, 6, 26)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def words(response) -> str:
    """The page's main part as its words, without the markup."""
    body = response.content.decode()
    body = body[body.index("<main") :] if "<main" in body else body
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def federation(units: dict[str, Unit], code: str = "LDLD_NGHEAN", province: str = "Nghệ An"):
    return unit_create(
        actor=None,
        code=code,
        name=f"Liên đoàn Lao động tỉnh {province}",
        short_name=f"LĐLĐ {province}",
        kind=UnitKind.EXTERNAL,
        parent=units["TLD"],
    )


def person(role: str, unit: Unit, username: str = "") -> User:
    fields = {"username": username} if username else {}
    return UserFactory.create(roles=[role], unit=unit, **fields)


def leader(units: dict[str, Unit]) -> User:
    return person(Role.LEADER, units["LD"] if "LD" in units else units["VP"])


PEOPLE = [
    Person("Nguyễn Văn Hùng", "Giám đốc BHXH tỉnh", Side.OURS),
    Person("Trần Thị Mai", "Chủ tịch LĐLĐ tỉnh", Side.PARTNER),
]


def provincial_meeting(
    agreement: Agreement, units: dict[str, Unit], ldld: Unit, actor: User | None = None
) -> Meeting:
    return meeting_record(
        actor=actor,
        agreement=agreement,
        kind=MeetingKind.PROVINCIAL,
        held_on=HELD_ON,
        host=Side.OURS,
        unit=units["NGHEAN"],
        partner_unit=ldld,
        people=PEOPLE,
        place="Trụ sở BHXH tỉnh Nghệ An",
        summary="Đánh giá 6 tháng đầu năm 2026.",
        minutes=[pdf()],
    )


def with_notice(meeting: Meeting, actor: User | None = None, number: str = "15/TB-BHXH") -> None:
    meeting_register_notice(
        actor=actor,
        meeting=meeting,
        number=number,
        issued_on=date(2026, 6, 30),
        notice=[pdf("thong-bao.pdf")],
    )
