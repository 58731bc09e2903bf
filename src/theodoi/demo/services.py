"""The demo organisation, calendar and people loaded by `theodoi load_demo` (idempotent)."""

import os
from base64 import b32encode
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from theodoi.accounts import second_factor
from theodoi.accounts.models import Role, User
from theodoi.accounts.services import user_create
from theodoi.demo.inspection_stories import load_inspections
from theodoi.demo.meeting_stories import load_meetings, partner_units
from theodoi.demo.partner_stories import load_partner_duties
from theodoi.demo.reports import load_demo_reports
from theodoi.demo.targets import load_demo_targets
from theodoi.demo.tasks import load_demo_tasks
from theodoi.organisation.loading import LoadReport, load_units
from theodoi.organisation.models import Unit, UnitName
from theodoi.workcalendar.models import CalendarOverride, OverrideKind
from theodoi.workcalendar.services import override_create

DATA = Path(__file__).parent / "data"
DEVELOPMENT_PASSWORD = "TheoDoi@2026"
# The second factor of the demo's administrator, leader and Office in development: one
# documented secret (the bytes of "theodoi-demo-2fa-key"), so that `make run` can be tried
# with any authenticator app or with `theodoi demo_code`. Production gets no known secret:
# there those people set up their own app at their first sign-in (docs/operations.md).
DEMO_TOTP_KEY = b"theodoi-demo-2fa-key".hex()

# Names the central units carried before the 1 March 2025 reorganisation ("Vụ" → "Ban").
PAST_NAMES = [
    ("PC", "Vụ Pháp chế", "Pháp chế", date(2025, 2, 28)),
    ("TCKT", "Vụ Tài chính - Kế toán", "Tài chính - Kế toán", date(2025, 2, 28)),
    ("TCCB", "Vụ Tổ chức cán bộ", "Tổ chức cán bộ", date(2025, 2, 28)),
    ("KT", "Vụ Kiểm tra", "Kiểm tra", date(2025, 2, 28)),
    ("CNTT", "Trung tâm Công nghệ thông tin", "Trung tâm CNTT", date(2025, 2, 28)),
]

OVERRIDES = [
    (date(2026, 1, 2), OverrideKind.DAY_OFF, "12729/VPCP-KGVX", "Nghỉ bù Tết Dương lịch 2026"),
    (date(2026, 1, 10), OverrideKind.WORKING_DAY, "12729/VPCP-KGVX", "Làm bù cho ngày 02/01/2026"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    position: str
    unit: str
    roles: tuple[str, ...]


DEMO_USERS = [
    DemoUser("quantri", "Trần Minh Quân", "Quản trị hệ thống", "VP", (Role.ADMIN,)),
    DemoUser("lanhdao", "Nguyễn Thị Lan", "Phó Giám đốc", "LD", (Role.LEADER,)),
    DemoUser("vanphong", "Lê Văn Phong", "Chuyên viên Văn phòng", "VP", (Role.TRACKER,)),
    DemoUser("cntt.truongban", "Phạm Quốc Trung", "Giám đốc Trung tâm", "CNTT", (Role.UNIT_HEAD,)),
    DemoUser("cntt.chuyenvien", "Đỗ Thu Hà", "Chuyên viên", "CNTT", (Role.UNIT_STAFF,)),
    DemoUser("tst.chuyenvien", "Trịnh Thu Trang", "Chuyên viên", "TST", (Role.UNIT_STAFF,)),
    DemoUser("hanoi.giamdoc", "Vũ Đức Hải", "Giám đốc BHXH Hà Nội", "HANOI", (Role.UNIT_HEAD,)),
    DemoUser("kiemtra", "Bùi Thanh Tâm", "Chuyên viên Ban Kiểm tra", "KT", (Role.INSPECTOR,)),
    DemoUser("congdoan", "Hoàng Văn Đoàn", "Chuyên viên Tổng LĐLĐ", "TLD", (Role.PARTNER,)),
    DemoUser(
        "congdoan.nghean",
        "Phan Thị Hoài",
        "Chuyên viên LĐLĐ Nghệ An",
        "LDLD_NGHEAN",
        (Role.PARTNER,),
    ),
    DemoUser("kiemsoat", "Ngô Thị Soát", "Kiểm soát viên", "BHXHVN", (Role.AUDITOR,)),
]


def demo_password() -> str:
    password = os.environ.get("THEODOI_DEMO_PASSWORD", "")
    if password:
        return password
    if getattr(settings, "PRODUCTION", False):
        raise RuntimeError(
            "Môi trường production: đặt THEODOI_DEMO_PASSWORD để nạp người dùng mẫu "
            "(không có mật khẩu mặc định)."
        )
    return DEVELOPMENT_PASSWORD


@transaction.atomic
def load_demo(password: str) -> tuple[LoadReport, list[DemoUser]]:
    """The demo: a second load adds nothing (each part checks what is there)."""
    label = "dữ liệu mẫu"
    report = load_units((DATA / "units.csv").read_bytes(), actor_label=label)
    load_units((DATA / "grassroots.csv").read_bytes(), actor_label=label)
    for code, name, short_name, valid_to in PAST_NAMES:
        unit = Unit.objects.get(code=code)
        UnitName.objects.get_or_create(
            unit=unit, valid_to=valid_to, defaults={"name": name, "short_name": short_name}
        )
    for day, kind, document, note in OVERRIDES:
        if not CalendarOverride.objects.filter(date=day).exists():
            override_create(actor=None, day=day, kind=kind, document=document, note=note)
    # the partner's units (LĐLĐ of each province) before the people who work in them
    partner_units(Unit.objects.get(code="TLD"), timezone.localdate())
    for demo in DEMO_USERS:
        if not User.objects.filter(username=demo.username).exists():
            user_create(
                actor=None,
                username=demo.username,
                password=password,
                roles=list(demo.roles),
                full_name=demo.full_name,
                position=demo.position,
                unit=Unit.objects.get(code=demo.unit),
            )
    if not getattr(settings, "PRODUCTION", False):
        _enrol_demo_people()
    load_demo_tasks(password)
    load_partner_duties(password)
    load_meetings(password)
    load_demo_reports(User.objects.get(username="quantri"))
    load_demo_targets(User.objects.get(username="vanphong"))
    load_inspections(password)
    return report, DEMO_USERS


def demo_secret() -> str:
    """The demo key as an authenticator app asks for it (base32)."""
    return b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def _enrol_demo_people() -> None:
    for demo in DEMO_USERS:
        user = User.objects.get(username=demo.username)
        if second_factor.is_required(user) and not second_factor.has_app(user):
            second_factor.app_set_key(
                actor=None, user=user, key=DEMO_TOTP_KEY, reason="Khóa mẫu của dữ liệu mẫu"
            )
