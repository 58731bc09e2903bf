"""The seeds' targets (DOMAIN §12) in the demo: every target of seed 002 I.1.2.2-I.1.2.4 and
seed 001 Phụ lục I item 2.4, with actuals entered over several periods by the owner unit's
people (the Office where the demo has nobody in the unit), each with its evidence, through
`targets.services`. `ho-so-truc-tuyen` is computed from the demo's TTHC form data.

The seeds set the 002 targets for the end of 2025 and 001 item 2.4 for 2024, and give no
baselines: the baselines of the two reductions (8,0 days, a cost index of 100 for 2024) are
the demo's. So that the demo shows every status while it is loaded in 2026, the three targets
a plan repeats each year (satisfaction with TTHC, work records online, compliance cost) carry
the end of 2026 (marked DEMO_2026). "Trên 68%" is "at least 68,1" (one decimal).
Told once: a target that exists is left as it is (docs/targets.md, "The demo").
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from theodoi.accounts.models import Role, User
from theodoi.core.periods import parse_period
from theodoi.organisation.models import Unit
from theodoi.targets.models import Direction, Measure, Source, Target
from theodoi.targets.services import TargetFields, actual_enter, target_create
from theodoi.tasks.models import Document

END_2025, DEMO_2026 = date(2025, 12, 31), date(2026, 12, 31)
PLAN_2025 = "Kế hoạch cải cách hành chính năm 2025 của Bảo hiểm xã hội Việt Nam"
PLAN_2024 = "Kế hoạch kiểm soát thủ tục hành chính ngành Bảo hiểm xã hội Việt Nam năm 2024"
PCT, AT_LEAST, REDUCE = Measure.PERCENT, Direction.AT_LEAST, Direction.REDUCE_BY


@dataclass(frozen=True)
class DemoTarget:
    code: str
    name: str
    value: str
    unit: str
    direction: str
    deadline: date
    owner: str
    plan: str
    item: str
    actuals: tuple[tuple[str, str], ...] = ()  # (period, value)
    evidence: str = ""
    baseline: tuple[str, date] | None = None
    formula: str = ""


TARGETS = [
    DemoTarget(
        "dvc-toan-trinh", "100% TTHC đủ điều kiện theo quy định của pháp luật được cung cấp dưới "
        "hình thức dịch vụ công trực tuyến toàn trình", "100", PCT, AT_LEAST, END_2025, "CNTT",
        PLAN_2025, "I.1.2.2",
        (("2025-Q1", "91"), ("2025-Q2", "94,5"), ("2025-Q3", "97"), ("2025", "100")),
        "Danh mục DVC trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia và Cổng DVC của "
        "BHXH Việt Nam tại ngày cuối kỳ.",
    ),
    DemoTarget(
        "ho-so-truc-tuyen", "80% hồ sơ TTHC được xử lý trực tuyến", "80", PCT, AT_LEAST,
        END_2025, "VP", PLAN_2025, "I.1.2.2", formula="100 * [5.2] / [5.1]",
    ),
    DemoTarget(
        "nguoi-tham-gia-truc-tuyen", "40% người tham gia BHXH, BHYT, BHTN sử dụng dịch vụ công "
        "trực tuyến", "40", PCT, AT_LEAST, END_2025, "TTHT", PLAN_2025, "I.1.2.2",
        (("2025-Q1", "27,5"), ("2025-Q2", "30"), ("2025-Q3", "32,4"), ("2025", "35,8"),
         ("2026-Q1", "37,1"), ("2026-Q2", "38")),
        "Số tài khoản VssID và giao dịch điện tử đã phát sinh giao dịch trong kỳ, theo báo cáo "
        "của Trung tâm CNTT.",
    ),
    DemoTarget(
        "so-hoa-ket-qua", "Số hoá 100% kết quả giải quyết TTHC đang còn hiệu lực và có giá trị "
        "sử dụng thuộc thẩm quyền giải quyết của BHXH Việt Nam", "100", PCT, AT_LEAST, END_2025,
        "TTLT", PLAN_2025, "I.1.2.2",
        (("2025-Q2", "82"), ("2025-Q3", "90,5"), ("2025", "100")),
        "Biên bản nghiệm thu số hoá hồ sơ, kết quả giải quyết TTHC của kỳ.",
    ),
    DemoTarget(
        "hai-long-tthc", "Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC đạt tối "
        "thiểu 90%", "90", PCT, AT_LEAST, DEMO_2026, "VP", PLAN_2025, "I.1.2.2",
        (("2025-Q2", "85"), ("2025-Q3", "86,2"), ("2025", "87"), ("2026-Q1", "87,9"),
         ("2026-Q2", "88,7"), ("2026-Q3", "89,4")),
        "Kết quả khảo sát trên Cổng Dịch vụ công quốc gia (Bộ chỉ số phục vụ người dân, doanh "
        "nghiệp) của kỳ.",
    ),
    DemoTarget(
        "giam-thoi-gian", "Giảm ít nhất 30% thời gian giải quyết các TTHC", "30", Measure.DAYS,
        REDUCE, END_2025, "VP", PLAN_2025, "I.1.2.2",
        (("2025-Q1", "7,6"), ("2025-Q2", "7"), ("2025-Q3", "6,3"), ("2025", "5,5")),
        "Thời gian giải quyết bình quân một hồ sơ TTHC (ngày làm việc) trên phần mềm TNHS.",
        baseline=("8", date(2024, 12, 31)),
    ),
    DemoTarget(
        "giam-chi-phi", "Giảm ít nhất 30% chi phí tuân thủ TTHC", "30", PCT, REDUCE, DEMO_2026,
        "VP", PLAN_2025, "I.1.2.2",
        (("2025-Q2", "96"), ("2025", "93"), ("2026-Q1", "90"), ("2026-Q2", "88"),
         ("2026-Q3", "86,5")),
        "Chi phí tuân thủ TTHC tính theo phương pháp của Bộ Tài chính, theo % chi phí năm 2024.",
        baseline=("100", date(2024, 12, 31)),
    ),
    DemoTarget(
        "hai-long-phuc-vu", "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ "
        "quan BHXH đạt tối thiểu 90%", "90", PCT, AT_LEAST, END_2025, "TCCB", PLAN_2025,
        "I.1.2.3",
        (("2025-Q2", "88"), ("2025-Q3", "89,5"), ("2025", "90,4")),
        "Kết quả khảo sát sự hài lòng do Trung tâm Chăm sóc khách hàng thực hiện trong kỳ.",
    ),
    DemoTarget(
        "ho-so-cong-viec-truc-tuyen", "90% hồ sơ công việc được xử lý trên môi trường mạng (trừ "
        "hồ sơ công việc thuộc phạm vi bí mật nhà nước)", "90", PCT, AT_LEAST, DEMO_2026, "VP",
        PLAN_2025, "I.1.2.4",
        (("2025-Q3", "78"), ("2025", "82"), ("2026-Q1", "84,5"), ("2026-Q2", "86,9"),
         ("2026-Q3", "88,4")),
        "Thống kê hồ sơ công việc trên Hệ thống quản lý văn bản và điều hành của kỳ.",
    ),
    DemoTarget(
        "dinh-danh-dien-tu", "100% người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến được "
        "cấp định danh và xác thực điện tử thông suốt và hợp nhất trên tất cả các hệ thống thông "
        "tin của Bộ Tài chính", "100", PCT, AT_LEAST, END_2025, "CNTT", PLAN_2025, "I.1.2.4",
        (("2025-Q3", "96"), ("2025", "100")),
        "Số tài khoản đăng nhập bằng VNeID qua Trục liên thông dữ liệu của Bộ Tài chính.",
    ),
    DemoTarget(
        "chi-tra-khong-tien-mat", "Số người nhận các chế độ BHXH, BHYT, BHTN qua các phương "
        "thức thanh toán không dùng tiền mặt tại khu vực đô thị đạt trên tỷ lệ 68%", "68,1",
        PCT, AT_LEAST, date(2024, 12, 31), "TST", PLAN_2024, "Phụ lục I, mục 2.4",
        (("2024-Q2", "64"), ("2024-Q3", "66,5"), ("2024", "68,9"), ("2025", "71,2")),
        "Báo cáo chi trả qua tài khoản cá nhân của BHXH các tỉnh, thành phố (khu vực đô thị).",
    ),
]  # fmt: skip


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _writer(owner: Unit, office: User) -> User:
    """The owner unit's staff, else its head, else the Office."""
    people = User.objects.filter(unit=owner, is_active=True).order_by("username")
    for role in (Role.UNIT_STAFF, Role.UNIT_HEAD):
        found = next((p for p in people if role in p.roles), None)
        if found is not None:
            return found
    return office


def load_demo_targets(office: User) -> None:
    """The targets and their actuals, once; periods that have not ended yet are left out."""
    now = timezone.now()
    today = timezone.localdate(now)
    units = {u.code: u for u in Unit.objects.filter(code__in={d.owner for d in TARGETS})}
    documents = {d.summary: d for d in Document.objects.filter(summary__in=[PLAN_2024, PLAN_2025])}
    for demo in TARGETS:
        if Target.objects.filter(code=demo.code).exists():
            continue
        baseline = demo.baseline
        target = target_create(
            actor=office,
            fields=TargetFields(
                code=demo.code, name=demo.name, value=_amount(demo.value), unit=demo.unit,
                direction=demo.direction, deadline=demo.deadline, owner=units[demo.owner],
                source=Source.COMPUTED if demo.formula else Source.ENTERED,
                baseline_value=_amount(baseline[0]) if baseline else None,
                baseline_date=baseline[1] if baseline else None,
                document=documents.get(demo.plan), item=demo.item, form_code="tthc"
                if demo.formula else "", formula=demo.formula,
            ),
        )  # fmt: skip
        writer = _writer(target.owner, office)
        for slug, value in demo.actuals:
            period = parse_period(slug)
            if period.end >= today:
                continue
            day = min(period.end + timedelta(days=12), today)
            actual_enter(
                actor=writer, target=target, period=slug, value=_amount(value),
                evidence=f"{demo.evidence} {period.label}.", expected_number=0,
                at=now.replace(year=day.year, month=day.month, day=day.day, hour=3),
            )  # fmt: skip
