"""Inspections in the demo (docs/inspections.md), told through the real services so that the
Office, the leader, the inspector `kiemtra` and the inspected units each have something to do:

- this year's plan, approved in January, and next year's plan, drafted by the Office;
- an inspection of BHXH Nghệ An and Ban Thực hiện chính sách BHXH that ended on the last
  working day before the last Tết holiday: its report fell due 5 working days later on the
  calendar, after the holiday, and was sent that day; its results notice, and two
  recommendations turned into tasks (one done, one overdue); the minutes filed; no urging
  letter, so item c) of its file is missing;
- an ad-hoc inspection of BHXH Hà Nội under way today, with a records request not yet
  answered and an extra member the head proposed, waiting for a leader;
- a joint inspection with Tổng LĐLĐ planned two weeks ahead, its team named, no decision yet.

Everything is placed relative to today, so the demo reads the same whenever it is loaded.
Loaded once: nothing is added when an inspection is there already.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.demo.meeting_stories import pdf
from theodoi.demo.tasks import Teller, _at
from theodoi.inspections.creation import inspection_create
from theodoi.inspections.decisions import decision_issue
from theodoi.inspections.filing import file_item_add
from theodoi.inspections.models import Ground, Inspection, InspectionPlan, Kind, MemberRole
from theodoi.inspections.notices import notice_issue, recommendation_assign
from theodoi.inspections.planning import Item, plan_approve, plan_draft
from theodoi.inspections.records import records_request
from theodoi.inspections.reporting import report_record
from theodoi.inspections.team import Person, member_propose, team_add
from theodoi.organisation.models import Unit
from theodoi.partners.models import Side
from theodoi.tasks import steps
from theodoi.tasks.models import Document, DocumentKind
from theodoi.workcalendar.services import WorkingCalendar

TET = "Tết Nguyên Đán"
BASIS = (
    "Quy chế theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ ban hành kèm theo Quyết định "
    "số 1142/QĐ-BHXH;\nKế hoạch kiểm tra năm {year} đã được phê duyệt"
)
SIGNER = ("Nguyễn Thị Lan", "Phó Giám đốc")


@dataclass(frozen=True)
class People:
    teller: Teller
    head: User  # the inspector who heads the teams
    calendar: WorkingCalendar

    def workday(self, day: date, n: int) -> date:
        return self.calendar.add_working_days(day, n)


def last_day_before_tet(today: date, calendar: WorkingCalendar) -> date:
    """The last working day before the latest Tết holiday that began at least 70 days ago (so
    that the whole story, report and follow-ups included, lies in the past)."""
    day = today - timedelta(days=70)
    while TET not in calendar.info(day).reason:
        day -= timedelta(days=1)
    while TET in calendar.info(day - timedelta(days=1)).reason:
        day -= timedelta(days=1)
    day -= timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _paper(name: str, title: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf(title), content_type="application/pdf")


def _plans(people: People, ended_on: date, ahead: date) -> dict[int, InspectionPlan]:
    """The plan of the year of the ended inspection (approved in January), with the joint
    inspection ahead when it falls in the same year, and next year's draft."""
    office, leader = people.teller.office, people.teller.leader
    year = ended_on.year
    items = [
        Item(
            "Kiểm tra việc triển khai và kết quả thực hiện nhiệm vụ Chính phủ, Thủ tướng "
            "Chính phủ giao; việc thực hiện chế độ thông tin, báo cáo",
            units=(_unit("NGHEAN"), _unit("CSXH")),
            conducted_by=_unit("VP"),
            month_from=ended_on.month,
            month_to=ended_on.month,
        )
    ]
    if ahead.year == year:
        items.append(
            Item(
                "Kiểm tra liên ngành với Tổng LĐLĐ Việt Nam việc thực hiện chính sách BHXH "
                "đối với người lao động",
                units=(_unit("DONGNAI"),),
                conducted_by=_unit("VP"),
                month_from=ahead.month,
                month_to=ahead.month,
            )
        )
    plan = plan_draft(
        actor=office,
        year=year,
        title=f"Kế hoạch kiểm tra việc thực hiện nhiệm vụ được giao năm {year}",
        items=items,
    )
    approved_on = people.workday(date(year, 1, 14), 1)
    plan = plan_approve(actor=leader, plan=plan, number="25/KH-BHXH", approved_on=approved_on)
    plans = {year: plan}
    following = timezone.localdate().year + 1
    if not InspectionPlan.objects.filter(year=following).exists():
        plans[following] = plan_draft(
            actor=office,
            year=following,
            title=f"Kế hoạch kiểm tra việc thực hiện nhiệm vụ được giao năm {following}",
            items=[
                Item(
                    "Kiểm tra việc thực hiện nhiệm vụ chuyển đổi số và kết nối dữ liệu",
                    units=(_unit("CNTT"), _unit("HANOI")),
                    conducted_by=_unit("VP"),
                    month_from=4,
                    month_to=5,
                ),
                Item(
                    "Kiểm tra việc thực hiện chế độ báo cáo định kỳ của BHXH tỉnh",
                    units=(_unit("NGHEAN"), _unit("HOCHIMINH")),
                    conducted_by=_unit("VP"),
                    month_from=9,
                    month_to=10,
                ),
            ],
        )
    return plans


def _team(people: People, inspection: Inspection) -> None:
    office = people.teller.office
    team_add(actor=office, inspection=inspection, person=Person(MemberRole.HEAD, user=people.head))
    team_add(actor=office, inspection=inspection, person=Person(MemberRole.MEMBER, user=office))


def _documents(units: list[str]) -> list[Document]:
    """Registered documents whose tasks the inspected units lead (item b of the file)."""
    found = (
        Document.objects.filter(Q(tasks__lead_unit__code__in=units))
        .exclude(kind=DocumentKind.COORDINATION)
        .distinct()
        .order_by("issued_on")
    )
    return list(found[:2])


def _ended(people: People, plan: InspectionPlan, end: date) -> Inspection:
    """Decided, inspected, reported after the holiday, notified, two follow-up tasks."""
    teller = people.teller
    start = people.workday(end, -4)
    units = ["NGHEAN", "CSXH"]
    inspection = inspection_create(
        actor=teller.office,
        kind=Kind.PERIODIC,
        plan_item=plan.items.order_by("order").first(),
        title=f"Kiểm tra việc thực hiện nhiệm vụ được giao năm {end.year - 1}",
        units=[_unit(code) for code in units],
        start=start,
        end=end,
        documents=_documents(units),
        legal_basis=BASIS.format(year=end.year),
        scope="BHXH tỉnh Nghệ An; Ban Thực hiện chính sách BHXH: các nhiệm vụ được giao "
        f"năm {end.year - 1}",
        content="Việc triển khai, tình hình, kết quả thực hiện nhiệm vụ; việc thực hiện chế "
        "độ thông tin, báo cáo",
    )
    _team(people, inspection)
    decided_on = people.workday(start, -5)
    decision_issue(
        actor=teller.office,
        inspection=inspection,
        number="12/QĐ-BHXH",
        issued_on=decided_on,
        signer_name=SIGNER[0],
        signer_title=SIGNER[1],
        at=_at(decided_on),
    )
    asked = records_request(
        actor=teller.office,
        inspection=inspection,
        unit=_unit("NGHEAN"),
        content="Báo cáo tình hình thực hiện nhiệm vụ năm trước kèm danh mục hồ sơ, tài liệu.",
        due=people.workday(start, 2),
        leader=teller.leader,
        at=_at(start),
    )
    province = teller.head_of(_unit("NGHEAN"))
    task = teller.step(steps.task_accept, province, asked.task, start, assignees=[])
    teller.step(
        steps.task_submit,
        province,
        task,
        people.workday(start, 1),
        result="Gửi báo cáo và danh mục hồ sơ theo yêu cầu của Đoàn kiểm tra.",
        files=[_paper("bao-cao-nghe-an.pdf", "Bao cao tinh hinh thuc hien nhiem vu")],
    )
    reported_on = people.workday(end, 5)  # on the day due, the holiday skipped
    report = report_record(
        actor=people.head,
        inspection=inspection,
        reported_on=reported_on,
        evaluation="Các đơn vị đã triển khai kịp thời; 9/11 nhiệm vụ hoàn thành đúng hạn. "
        "Chế độ báo cáo định kỳ được thực hiện, 2 kỳ báo cáo gửi muộn.",
        shortcomings="02 nhiệm vụ chậm do chờ hướng dẫn nghiệp vụ; trách nhiệm thuộc bộ phận "
        "theo dõi của đơn vị chưa đôn đốc kịp thời.",
        recommendations=[
            (
                "BHXH tỉnh Nghệ An rà soát, hoàn thành các nhiệm vụ còn chậm và báo cáo kết quả.",
                _unit("NGHEAN"),
                reported_on + timedelta(days=40),
            ),
            (
                "Ban Thực hiện chính sách BHXH chấn chỉnh việc gửi báo cáo định kỳ đúng hạn.",
                _unit("CSXH"),
                reported_on + timedelta(days=55),
            ),
        ],
        number="05/BC-ĐKT",
    )
    noticed_on = people.workday(reported_on, 3)
    notice_issue(
        actor=teller.office,
        inspection=inspection,
        number="8/TB-BHXH",
        issued_on=noticed_on,
        signer_name=SIGNER[0],
        signer_title=SIGNER[1],
        at=_at(noticed_on),
    )
    given = _at(people.workday(noticed_on, 1))
    rows = list(report.inspection.recommendations.order_by("order"))
    done = recommendation_assign(
        actor=teller.office, recommendation=rows[0], leader=teller.leader, at=given
    )
    late = recommendation_assign(
        actor=teller.office, recommendation=rows[1], leader=teller.leader, at=given
    )
    accepted = people.workday(noticed_on, 3)
    done = teller.step(steps.task_accept, province, done, accepted, assignees=[])
    deadline = rows[0].deadline
    result = "Đã hoàn thành 2 nhiệm vụ còn chậm; báo cáo số 112/BC-BHXH gửi Đoàn kiểm tra."
    done = teller.step(
        steps.task_submit, province, done, deadline - timedelta(days=5), result=result
    )
    done = teller.step(steps.task_forward, teller.office, done, deadline - timedelta(days=4))
    teller.step(steps.task_approve, teller.leader, done, deadline - timedelta(days=3))
    board = teller.head_of(_unit("CSXH"))
    late = teller.step(steps.task_accept, board, late, accepted, assignees=[])
    teller.step(
        steps.task_progress,
        board,
        late,
        accepted + timedelta(days=20),
        note="Đã ban hành văn bản nhắc các phòng; đang rà soát lịch gửi báo cáo.",
        progress=40,
    )
    file_item_add(
        actor=people.head,
        inspection=inspection,
        letter="e",
        title="Biên bản làm việc với BHXH tỉnh Nghệ An",
        upload=_paper("bien-ban-nghe-an.pdf", "Bien ban lam viec"),
    )
    return inspection


def _under_way(people: People, today: date) -> Inspection:
    """Ad hoc, decided, between its first and last day, a records request open."""
    teller = people.teller
    start, end = people.workday(today, -3), people.workday(today, 5)
    inspection = inspection_create(
        actor=teller.office,
        kind=Kind.AD_HOC,
        ground=Ground.SIGNS,
        ground_detail="Báo cáo quý III cho thấy BHXH thành phố Hà Nội chậm 4 nhiệm vụ chuyển "
        "đổi số được giao; ý kiến chỉ đạo của Phó Giám đốc Nguyễn Thị Lan.",
        title="Kiểm tra đột xuất việc thực hiện nhiệm vụ chuyển đổi số tại BHXH Hà Nội",
        units=[_unit("HANOI")],
        start=start,
        end=end,
        legal_basis="Quy chế ban hành kèm theo Quyết định số 1142/QĐ-BHXH (Điều 14.3)",
        scope="BHXH thành phố Hà Nội: nhiệm vụ chuyển đổi số được giao",
        content="Tiến độ, kết quả các nhiệm vụ chuyển đổi số; nguyên nhân chậm",
    )
    _team(people, inspection)
    decided_on = people.workday(start, -2)
    decision_issue(
        actor=teller.office,
        inspection=inspection,
        number="241/QĐ-BHXH",
        issued_on=decided_on,
        signer_name=SIGNER[0],
        signer_title=SIGNER[1],
        at=_at(decided_on),
    )
    records_request(
        actor=teller.office,
        inspection=inspection,
        unit=_unit("HANOI"),
        content="Cung cấp báo cáo tiến độ và hồ sơ các nhiệm vụ chuyển đổi số đang chậm.",
        due=people.workday(today, 2),
        leader=teller.leader,
        at=_at(start),
    )
    member_propose(
        actor=people.head,
        inspection=inspection,
        person=Person(MemberRole.MEMBER, user=User.objects.get(username="cntt.chuyenvien")),
        reason="Cần chuyên viên Trung tâm CNTT đánh giá số liệu hệ thống.",
    )
    return inspection


def _ahead(people: People, plan: InspectionPlan | None, start: date) -> Inspection:
    """A joint inspection with Tổng LĐLĐ, hosted by us, team named, no decision yet."""
    teller = people.teller
    item = plan.items.order_by("-order").first() if plan is not None else None
    planned = item is not None and item.units.filter(code="DONGNAI").exists()
    partner = _unit("TLD")
    inspection = inspection_create(
        actor=teller.office,
        kind=Kind.PERIODIC if planned else Kind.AD_HOC,
        plan_item=item if planned else None,
        ground="" if planned else Ground.LEADER,
        ground_detail="" if planned else "Kết luận Hội nghị tổng kết phối hợp với Tổng LĐLĐ.",
        title="Kiểm tra liên ngành việc thực hiện chính sách BHXH tại tỉnh Đồng Nai",
        units=[_unit("DONGNAI")],
        start=start,
        end=people.workday(start, 4),
        partner_unit=partner,
        host=Side.OURS,
        legal_basis="Quy chế phối hợp số 1394/QCPH-TLĐ-BHXH (Điều 7)",
        scope="BHXH tỉnh Đồng Nai và một số doanh nghiệp trên địa bàn",
        content="Việc thực hiện chế độ, chính sách BHXH đối với người lao động",
    )
    team_add(
        actor=teller.office, inspection=inspection, person=Person(MemberRole.HEAD, user=people.head)
    )
    team_add(
        actor=teller.office,
        inspection=inspection,
        person=Person(
            MemberRole.MEMBER,
            side=Side.PARTNER,
            full_name="Phan Văn Lực",
            position="Phó Trưởng ban Chính sách - Pháp luật",
            unit=Unit.objects.filter(code="TLD_CSPL").first() or partner,
        ),
    )
    return inspection


def load_inspections(password: str) -> int:
    """The plans and three inspections, once; how many inspections were added."""
    if Inspection.objects.exists():
        return 0
    today = timezone.localdate()
    calendar = WorkingCalendar()
    people = People(Teller(password), User.objects.get(username="kiemtra"), calendar)
    end = last_day_before_tet(today, calendar)
    ahead = people.workday(today, 10)
    plans = _plans(people, end, ahead)
    _ended(people, plans[end.year], end)
    _under_way(people, today)
    _ahead(people, plans.get(ahead.year), ahead)
    return 3
