"""Demo documents and tasks, told through the real services with dates over 2024-2026.

Contents come from the seeds: the 2024 plan for controlling administrative procedures
(`001_…`, Phụ lục I), the tasks of Decision 206/QĐ-TTg cited in its footnote, and the 2025
administrative reform plan (`002_…`). The document numbers the seeds leave blank stay blank;
the November 2026 meeting notice is a demo document so that some deadlines lie ahead.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from theodoi.accounts.models import Role, User
from theodoi.accounts.services import user_create
from theodoi.organisation.groups import Group, group_members
from theodoi.organisation.models import Unit
from theodoi.tasks import services, steps
from theodoi.tasks.models import Document, DocumentKind, Origin, Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class DemoDocument:
    kind: str
    number: str
    issued_on: date
    issuer: str
    summary: str
    origin: str


@dataclass(frozen=True)
class DemoTask:
    code: str
    content: str
    lead: str  # a unit code or a group token
    coordinating: tuple[str, ...]
    deadline: date | None
    product: str
    story: str


PLAN_2024 = DemoDocument(
    DocumentKind.PLAN, "", date(2024, 2, 1), "Bảo hiểm xã hội Việt Nam",
    "Kế hoạch kiểm soát thủ tục hành chính ngành Bảo hiểm xã hội Việt Nam năm 2024",
    Origin.INTERNAL,
)  # fmt: skip
DECISION_206 = DemoDocument(
    DocumentKind.DECISION, "206/QĐ-TTg", date(2024, 2, 28), "Thủ tướng Chính phủ",
    "Phê duyệt Danh mục nhóm dịch vụ công trực tuyến liên thông ưu tiên tái cấu trúc quy trình, "
    "tích hợp, cung cấp trên Cổng Dịch vụ công quốc gia năm 2024",
    Origin.GOVERNMENT,
)  # fmt: skip
PLAN_2025 = DemoDocument(
    DocumentKind.PLAN, "", date(2025, 7, 15), "Bảo hiểm xã hội Việt Nam",
    "Kế hoạch cải cách hành chính năm 2025 của Bảo hiểm xã hội Việt Nam", Origin.INTERNAL,
)  # fmt: skip
MEETING_2026 = DemoDocument(
    DocumentKind.CONCLUSION, "Mẫu-01/TB-BHXH", date(2026, 11, 2), "Bảo hiểm xã hội Việt Nam",
    "(Văn bản mẫu) Kết luận của Lãnh đạo Ngành tại cuộc họp giao ban tháng 10/2026",
    Origin.INTERNAL,
)  # fmt: skip
PROVINCES_2026 = DemoDocument(
    DocumentKind.PLAN, "Mẫu-02/KH-BHXH", date(2026, 1, 12), "Bảo hiểm xã hội Việt Nam",
    "(Văn bản mẫu) Kế hoạch triển khai nhiệm vụ trọng tâm năm 2026 đối với BHXH các tỉnh, "
    "thành phố", Origin.INTERNAL,
)  # fmt: skip
VP_ALL = ("TST", "CSXH", "CSYT", "TCKT", "PC", "CNTT", "TTTT")

STORIES: list[tuple[DemoDocument, list[DemoTask]]] = [
    (PLAN_2024, [
        DemoTask("1.1", "Xây dựng Kế hoạch kiểm soát TTHC năm 2024", "VP", VP_ALL,
                 date(2024, 3, 31), "Kế hoạch kiểm soát TTHC của BHXH Việt Nam năm 2024",
                 "done_on_time"),
        DemoTask("1.2", "Tiếp tục tập trung số hoá, gắn việc số hoá hồ sơ, kết quả giải quyết "
                 "TTHC với việc tiếp nhận, giải quyết TTHC; xây dựng Danh mục thành phần hồ sơ "
                 "thực hiện số hoá theo Thông tư số 01/2023/TT-VPCP", "VP",
                 ("CNTT", "TTLT", "TST", "CSXH", "CSYT", "TCKT"), date(2024, 12, 31),
                 "Danh mục thành phần hồ sơ thực hiện số hoá", "done_late"),
        DemoTask("2.1", "Hoàn thiện, tích hợp, cung cấp nhóm DVC trực tuyến liên thông trên Cổng "
                 "DVC quốc gia năm 2024", "CNTT", ("VP", "CSXH", "CSYT", "TST", "TCKT", "PC"),
                 date(2024, 12, 31), "DVC được tích hợp, cung cấp trên Cổng DVC quốc gia",
                 "extended_late"),
        DemoTask("2.3", "Rà soát, chuẩn hóa tờ khai, biểu mẫu; tái cấu trúc quy trình đối với các "
                 "DVC trực tuyến ngành BHXH đang cung cấp", "VP",
                 ("CNTT", "CSXH", "CSYT", "TST", "TCKT", "PC"), date(2024, 12, 31),
                 "Báo cáo kết quả rà soát TTHC", "done_on_time"),
        DemoTask("3", "Công khai, minh bạch TTHC; cập nhật thủ tục hành chính trên Cơ sở dữ liệu "
                 "quốc gia về TTHC", "VP", ("PC",), None, "TTHC được công khai đầy đủ",
                 "in_progress"),
    ]),
    (DECISION_206, [
        DemoTask("2.2.a", "Rà soát, tái cấu trúc quy trình, phối hợp xây dựng quy trình liên thông "
                 "cung cấp DVC trực tuyến «Giải quyết hưởng chế độ ốm đau, thai sản, trợ cấp "
                 "dưỡng sức phục hồi sức khoẻ» mức độ toàn trình", "CSXH",
                 ("VP", "CNTT", "TST", "CSYT", "TCKT", "PC"), date(2024, 7, 31),
                 "Tờ trình trình Thủ tướng Chính phủ", "done_on_time"),
        DemoTask("2.2.b", "Phối hợp hoàn thiện DVC trực tuyến liên thông trình Thủ tướng Chính phủ "
                 "ban hành quy định thực hiện liên thông điện tử", "VP",
                 ("CSXH", "CNTT", "TST", "CSYT", "TCKT", "PC"), date(2024, 8, 31),
                 "Tờ trình trình Thủ tướng Chính phủ", "done_late"),
        DemoTask("2.2.c", "Hoàn thiện, tích hợp, cung cấp nhóm DVC trực tuyến liên thông trên Cổng "
                 "DVC Quốc gia", "CNTT", ("VP", "CSXH", "CSYT", "TST", "TCKT", "PC"),
                 date(2024, 11, 30), "DVC trực tuyến được cung cấp trên Cổng DVC quốc gia",
                 "approved"),
    ]),
    (PLAN_2025, [
        DemoTask("1", "Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2025 của BHXH tỉnh, "
                 "thành phố", "@PROVINCES", (), date(2025, 9, 30),
                 "Kế hoạch CCHC năm 2025 của BHXH tỉnh", "fan_out"),
        DemoTask("2", "Đôn đốc các đơn vị cập nhật kết quả thực hiện nhiệm vụ cải cách hành chính "
                 "vào báo cáo định kỳ", "PC", ("VP",), date(2025, 12, 31),
                 "Báo cáo CCHC năm 2025", "sent_back"),
        DemoTask("3", "Rà soát quy trình thu, cấp sổ BHXH, thẻ BHYT theo địa giới hành chính mới",
                 "TST", ("CNTT", "CSYT"), date(2025, 12, 31), "Quy trình được sửa đổi",
                 "suspended"),
        DemoTask("4", "Tổ chức hội nghị trực tuyến về cải cách hành chính với BHXH các tỉnh",
                 "TTTT", ("VP",), date(2025, 10, 31), "Hội nghị", "cancelled"),
    ]),
    # three tasks for every province through 2026, so that the year's ranking judges them all
    (PROVINCES_2026, [
        DemoTask("1", "Báo cáo kết quả thực hiện cải cách hành chính quý I/2026", "@PROVINCES",
                 (), date(2026, 3, 20), "Báo cáo quý I/2026", "fan_out"),
        DemoTask("2", "Báo cáo sơ kết 6 tháng đầu năm 2026 về kiểm soát thủ tục hành chính",
                 "@PROVINCES", (), date(2026, 6, 18), "Báo cáo sơ kết 6 tháng", "fan_out"),
        DemoTask("3", "Rà soát, cập nhật dữ liệu người tham gia BHXH, BHYT theo địa giới hành "
                 "chính mới", "@PROVINCES", (), date(2026, 9, 30), "Dữ liệu được cập nhật",
                 "fan_out"),
    ]),
    (MEETING_2026, [
        DemoTask("1", "Hoàn thiện chức năng ký số trên ứng dụng VssID", "CNTT", ("TST", "CSXH"),
                 date(2026, 12, 15), "Chức năng ký số trên VssID", "in_progress"),
        DemoTask("2", "Báo cáo tình hình thu BHXH, BHYT 11 tháng năm 2026", "TST", ("TCKT",),
                 date(2026, 12, 10), "Báo cáo", "assigned"),
        DemoTask("3", "Đề xuất phương án xử lý hồ sơ hưởng chế độ còn tồn đọng", "CNTT", ("CSXH",),
                 date(2026, 12, 20), "Phương án", "returned"),
        DemoTask("4", "Rà soát danh mục dịch vụ công trực tuyến năm 2027", "VP", ("CNTT",),
                 date(2026, 12, 31), "Danh mục", "proposed"),
        DemoTask("5", "Tổng hợp kiến nghị của BHXH các tỉnh về phần mềm nghiệp vụ", "CNTT",
                 ("TST",), date(2026, 12, 25), "Báo cáo tổng hợp", "draft"),
        DemoTask("6", "Chuẩn bị báo cáo tổng kết công tác năm 2026 của Trung tâm", "CNTT", (),
                 date(2026, 11, 30), "Báo cáo tổng kết", "submitted"),
        DemoTask("7", "Báo cáo kết quả thực hiện Chỉ thị về chuyển đổi số năm 2026", "CNTT",
                 ("VP",), date(2026, 11, 27), "Báo cáo", "checked"),
    ]),
]  # fmt: skip


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=VN)


class Teller:
    """Runs a task's story step by step at the given dates, as the right person."""

    def __init__(self, password: str) -> None:
        self.password = password
        self.password_hash = make_password(password)
        self.office = User.objects.get(username="vanphong")
        self.leader = User.objects.get(username="lanhdao")
        self.coordinator = User.objects.get(username="tst.chuyenvien")

    def head_of(self, unit: Unit) -> User:
        head = User.objects.filter(unit=unit, role_grants__role=Role.UNIT_HEAD).first()
        if head is None:
            head = user_create(
                actor=None,
                username=f"thutruong.{unit.code.lower()}",
                password="",
                password_hash=self.password_hash,
                roles=[Role.UNIT_HEAD],
                full_name=f"Lãnh đạo {unit}",
                position="Thủ trưởng đơn vị",
                unit=unit,
            )
        return head

    def staff_of(self, unit: Unit) -> list[User]:
        return list(User.objects.filter(unit=unit, role_grants__role=Role.UNIT_STAFF))

    def step(self, fn: Callable[..., Any], actor: User, task: Task, day: date, **kw: Any) -> Task:
        moment = min(_at(day), timezone.now())  # a story never runs ahead of today
        result = fn(actor=actor, task=task, expected_version=task.version, at=moment, **kw)
        return result if isinstance(result, Task) else Task.objects.get(pk=task.pk)

    def tell(self, task: Task, demo: DemoTask, doc: Document) -> None:
        s, d, story = (
            doc.issued_on,
            demo.deadline or doc.issued_on + timedelta(days=200),
            demo.story,
        )
        if story == "draft":
            return
        task = self.step(
            steps.task_propose, self.office, task, s + timedelta(days=2), leader=self.leader
        )
        if story == "proposed":
            return
        if story == "fan_out":
            self._fan_out(task, demo, doc)
            return
        lead = task.lead_unit
        if lead is None:
            raise ValueError(f"demo task {demo.code} names no lead unit")
        leads = [lead]
        coordinating = list(Unit.objects.filter(code__in=demo.coordinating))
        task = self.step(
            steps.task_assign, self.leader, task, s + timedelta(days=3), leads=leads,
            coordinating=coordinating, deadline=demo.deadline,
            instruction="Đề nghị đơn vị khẩn trương triển khai, báo cáo đúng hạn.",
        )  # fmt: skip
        head = self.head_of(lead)
        if story == "assigned":
            return
        if story == "returned":
            self.step(
                steps.task_return, head, task, s + timedelta(days=5),
                reason="Nội dung thuộc chức năng của Ban Thực hiện chính sách BHXH.",
                proposal="Đề nghị giao CSXH chủ trì, Trung tâm phối hợp.",
            )  # fmt: skip
            return
        if story == "cancelled":
            self.step(
                steps.task_cancel,
                self.leader,
                task,
                s + timedelta(days=10),
                reason="Theo kết luận giao ban, không tổ chức.",
            )
            return
        staff = self.staff_of(lead)
        task = self.step(steps.task_accept, head, task, s + timedelta(days=4), assignees=staff)
        worker = staff[0] if staff else head
        task = self.step(
            steps.task_progress,
            worker,
            task,
            s + timedelta(days=8),
            note="Đã xây dựng đề cương, đang thu thập số liệu.",
            progress=30,
        )
        if lead.code != "TST" and self.coordinator.unit_id in {u.pk for u in coordinating}:
            task = self.step(
                steps.task_contribute,
                self.coordinator,
                task,
                s + timedelta(days=9),
                note="Ban Thu - Sổ, thẻ gửi số liệu phối hợp.",
            )
        if story == "in_progress":
            return
        if story == "suspended":
            self.step(
                steps.task_suspend,
                self.leader,
                task,
                s + timedelta(days=20),
                reason="Tạm dừng chờ hướng dẫn về địa giới hành chính mới.",
            )
            return
        if story == "extended_late":
            task = self.step(
                steps.extension_request,
                head,
                task,
                d - timedelta(days=20),
                reason="Chờ VPCP hoàn thiện nền tảng tích hợp.",
                proposed_deadline=d + timedelta(days=90),
            )
            task = self.step(
                steps.extension_decide,
                self.leader,
                task,
                d - timedelta(days=15),
                approve=True,
                note="Đồng ý gia hạn.",
            )
        late = story in {"done_late", "extended_late"}
        submit_day = d + timedelta(days=40 if story == "extended_late" else 10 if late else -8)
        task = self.step(
            steps.task_submit,
            head,
            task,
            submit_day,
            result="Đã hoàn thành; gửi kèm báo cáo kết quả.",
        )
        if story == "submitted":
            return
        if story == "sent_back":
            self.step(
                steps.task_send_back,
                self.office,
                task,
                submit_day + timedelta(days=1),
                comment="Số liệu chưa khớp với báo cáo quý; đề nghị rà soát.",
            )
            return
        task = self.step(steps.task_forward, self.office, task, submit_day + timedelta(days=1))
        if story == "checked":
            return
        task = self.step(steps.task_approve, self.leader, task, submit_day + timedelta(days=2))
        if story == "approved" or not doc.reports_upwards:
            return
        report_day = submit_day + timedelta(days=3)
        self.step(
            steps.task_report, self.office, task, report_day, reported_on=report_day,
            number=f"{100 + task.pk}/BC-BHXH", channel="Hệ thống theo dõi nhiệm vụ của VPCP",
        )  # fmt: skip

    def _fan_out(self, task: Task, demo: DemoTask, doc: Document) -> None:
        day = doc.issued_on + timedelta(days=3)
        provinces = list(group_members(Group(demo.lead), day).order_by("code"))
        task = self.step(
            steps.task_assign, self.leader, task, day, leads=provinces, deadline=demo.deadline
        )
        deadline = demo.deadline
        if deadline is None:
            raise ValueError(f"demo task {demo.code} is given to units without a deadline")
        # 2025: a third not yet accepted, some accepted and not done; 2026: one in seven of
        # each, a different mix per task (`shift`), so that the year's ranking spreads out
        yearly = doc.issued_on.year > 2025
        shift = sum(map(ord, demo.code)) if yearly else 0
        for position, child in enumerate(
            task.children.select_related("lead_unit").order_by("lead_unit__code")
        ):
            index = position + shift
            waits = index % 7 == 0 if yearly else index % 3 == 2
            if waits or child.lead_unit is None:
                continue
            head = self.head_of(child.lead_unit)
            child = self.step(steps.task_accept, head, child, day + timedelta(days=2), assignees=[])
            if (index % 7 == 1) if yearly else (index % 3 == 1 and index > 20):
                continue
            finish = deadline + timedelta(days=(index % 5) * 6 - 12)
            child = self.step(
                steps.task_submit, head, child, finish, result=f"Đã hoàn thành: {demo.product}."
            )
            child = self.step(steps.task_forward, self.office, child, finish + timedelta(days=1))
            self.step(steps.task_approve, self.leader, child, finish + timedelta(days=2))


def load_demo_tasks(password: str) -> int:
    """Add the demo documents and tasks once; returns how many tasks were added."""
    teller, added = Teller(password), 0
    for demo_doc, demo_tasks in STORIES:
        if Document.objects.filter(summary=demo_doc.summary, issued_on=demo_doc.issued_on).exists():
            continue
        doc = services.document_register(
            actor=teller.office, kind=demo_doc.kind, number=demo_doc.number,
            issued_on=demo_doc.issued_on, issuer=demo_doc.issuer, summary=demo_doc.summary,
            origin=demo_doc.origin, at=_at(demo_doc.issued_on),
        )  # fmt: skip
        for demo in demo_tasks:
            group = demo.lead.startswith("@")
            task = services.task_create(
                actor=teller.office, document=doc, content=demo.content, code=demo.code,
                product=demo.product, deadline=demo.deadline,
                lead_units=[] if group else [Unit.objects.get(code=demo.lead)],
                lead_text=demo.lead if group else "",
                coordinating=list(Unit.objects.filter(code__in=demo.coordinating)),
                update_period="quarter" if demo.deadline is None else "",
                at=_at(doc.issued_on + timedelta(days=1)),
            )  # fmt: skip
            teller.tell(task, demo, doc)
            added += 1
    return added
