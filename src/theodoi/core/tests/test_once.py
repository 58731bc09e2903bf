"""Every form that creates something acts once per drawing of the form (`core/once.py`): the
same POST twice — a double click, Back and send again, two at the same moment — makes one
record and sends the second to what the first made; refused input leaves the form usable."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import TEST_PASSWORD, UserFactory, code_at, give_app
from theodoi.api.models import ApiToken
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import database_for_threads, in_threads
from theodoi.core import once
from theodoi.imports.examples import excel
from theodoi.imports.models import PlanImport
from theodoi.inspections.models import (
    FileItem,
    Inspection,
    InspectionPlan,
    InspectionReport,
    Kind,
    MemberRole,
    Recommendation,
    TeamMember,
)
from theodoi.inspections.planning import Item as PlanEntry
from theodoi.inspections.planning import plan_draft
from theodoi.inspections.reporting import report_record
from theodoi.inspections.tests.results.conftest import notified
from theodoi.inspections.tests.results.world import decided_inspection
from theodoi.monitoring.models import UrgingLetter
from theodoi.monitoring.tests.conftest import task_for
from theodoi.organisation.models import Unit, UnitName, UnitSuccession
from theodoi.organisation.services import unit_succeed
from theodoi.organisation.tests.factories import UnitFactory
from theodoi.partners import catalog
from theodoi.partners.conclusions import conclusion_add
from theodoi.partners.models import Conclusion, Meeting, Obligation
from theodoi.partners.tests.meeting_world import federation, provincial_meeting, with_notice
from theodoi.reports.models import AgencyReport, ReportRound, ReportType
from theodoi.targets.models import Direction, Measure, Source, Target, TargetActual
from theodoi.targets.services import TargetFields, target_create
from theodoi.tasks.models import Attachment, Document, EventKind, Obstacle, Task, TaskEvent
from theodoi.tasks.tests.conftest import World, client_for
from theodoi.tasks.tests.conftest import world as world  # the fixture
from theodoi.tasks.tests.test_obstacles import raised, referred
from theodoi.tasks.tests.test_steps import in_progress
from theodoi.webhooks.models import Subscription
from theodoi.workcalendar.models import CalendarOverride

PDF = b"%PDF-1.4\n%%EOF\n"
SENT_AGAIN = "Biểu mẫu này đã được gửi"


@dataclass
class Setup:
    """One form that creates something: who sends it, where, with what; what it makes."""

    user: User
    url: str
    data: Callable[[], dict[str, Any]]  # fresh each time (a file is read once)
    made: Callable[[], int]


def _admin(w: World) -> User:
    return UserFactory.create(username="quantri", roles=[Role.ADMIN], unit=w.units["VP"])


def _document(w: World) -> Setup:
    data = {
        "kind": "quyet_dinh",
        "number": "9/QĐ-TTg",
        "issued_on": "05/01/2026",
        "issuer": "Thủ tướng Chính phủ",
        "summary": "Giao nhiệm vụ",
        "origin": "government",
    }
    return Setup(w.office, "/van-ban/moi/", lambda: dict(data), Document.objects.count)


def _document_files(w: World) -> Setup:
    document = w.document()
    data = {
        "kind": document.kind,
        "number": document.number,
        "issued_on": "05/01/2024",
        "issuer": document.issuer,
        "summary": document.summary,
        "origin": document.origin,
        "version": document.version,
        "reason": "Bổ sung bản chụp",
    }
    return Setup(
        w.office,
        f"/van-ban/{document.pk}/sua/",
        lambda: data | {"files": SimpleUploadedFile("ban-chup.pdf", PDF)},
        Attachment.objects.count,
    )


def _draft(w: World) -> Setup:
    document = w.document()
    return Setup(
        w.office,
        f"/van-ban/{document.pk}/nhiem-vu-moi/",
        lambda: {"content": "Dự thảo nhiệm vụ", "leads": "TST"},
        Task.objects.count,
    )


def _progress(w: World) -> Setup:
    task = task_for(w, date(2026, 12, 31))
    return Setup(
        w.staff,
        f"/nhiem-vu/{task.pk}/progress/",
        lambda: {
            "version": task.version,
            "note": "Đã rà soát",
            "progress": 30,
            "files": SimpleUploadedFile("bao-cao.pdf", PDF),
        },
        lambda: (
            TaskEvent.objects.filter(action=EventKind.PROGRESS).count() + Attachment.objects.count()
        ),
    )


def _handover(w: World) -> Setup:
    task = task_for(w, date(2026, 12, 31))
    new = UnitFactory.create(code="TSTM", name="Ban Thu mới", valid_from=date(2026, 2, 1))
    unit_succeed(
        actor=None, predecessors=[w.units["TST"]], successors=[new], effective_date=date(2026, 2, 1)
    )
    return Setup(
        w.office,
        f"/don-vi/{w.units['TST'].pk}/chuyen-nhiem-vu/",
        lambda: {"successor": new.pk, "led": [task.pk], "reason": "QĐ 5"},
        lambda: TaskEvent.objects.filter(action=EventKind.HAND_OVER).count(),
    )


def _urging(w: World) -> Setup:
    task_for(w, timezone.localdate() - timedelta(days=10), content="Việc quá hạn")
    data = {
        "issued_on": f"{timezone.localdate():%d/%m/%Y}",
        "soon_days": "5",
        "signer_authority": "TL. TỔNG GIÁM ĐỐC",
        "signer_title": "CHÁNH VĂN PHÒNG",
    }
    url = f"/don-vi/{w.units['TST'].pk}/don-doc/"
    return Setup(w.office, url, lambda: dict(data), UrgingLetter.objects.count)


def _agency_report(w: World) -> Setup:
    data = {"number": "5", "issued_on": f"{timezone.localdate():%d/%m/%Y}"}
    made = AgencyReport.objects.filter(version__isnull=False).count
    return Setup(w.office, "/bao-cao/co-quan/2025/ban-hanh/", lambda: dict(data), made)


def _plan(w: World) -> Setup:
    rows = [
        ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện"],
        ["1", "Rà soát quy trình", "Văn phòng", "Quý I/2026"],
    ]
    return Setup(
        w.office,
        "/ke-hoach/nhap/",
        lambda: {
            "file": SimpleUploadedFile("kh.xlsx", excel(rows)),
            "number": "5/KH-BHXH",
            "plan_date": "02/01/2026",
            "signer_name": "Nguyễn Văn Ký",
        },
        PlanImport.objects.count,
    )


def _unit(w: World) -> Setup:
    data = {"code": "MOI", "name": "Ban Mới", "kind": "central"}
    return Setup(_admin(w), "/don-vi/moi/", lambda: dict(data), Unit.objects.count)


def _rename(w: World) -> Setup:
    data = {"name": "Ban Pháp chế mới", "effective_date": "01/03/2026", "reason": "QĐ 7"}
    url = f"/don-vi/{w.units['PC'].pk}/doi-ten/"
    return Setup(_admin(w), url, lambda: dict(data), UnitName.objects.count)


def _succession(w: World) -> Setup:
    new = UnitFactory.create(code="KTM", name="Ban Kiểm tra mới", valid_from=date(2026, 3, 1))
    data = {
        "predecessors": [w.units["KT"].pk],
        "successors": [new.pk],
        "effective_date": "01/03/2026",
        "reason": "QĐ 8",
    }
    return Setup(_admin(w), "/don-vi/ke-thua/", lambda: dict(data), UnitSuccession.objects.count)


def _override(w: World) -> Setup:
    data = {"day": "02/01/2026", "kind": "day_off", "document": "12729/VPCP-KGVX"}
    url = "/lich/dieu-chinh/moi/"
    return Setup(_admin(w), url, lambda: dict(data), CalendarOverride.objects.count)


def _report_type(w: World) -> Setup:
    data = {
        "name": "Báo cáo kiểm soát TTHC quý",
        "frequency": "quarter",
        "collector": w.units["VP"].pk,
        "reporters": "@PROVINCES",
        "due_rule": "before_day_last_month",
        "due_day": "19",
        "window_rule": "calendar",
        "active": "on",
    }
    url = "/bao-cao/loai/moi/"
    return Setup(_admin(w), url, lambda: dict(data), ReportType.objects.count)


def _webhook(w: World) -> Setup:
    data = {"url": "https://vpdt.bhxh.test/webhook", "events": ["task.assigned"]}
    url = "/quan-tri/webhook/moi/"
    return Setup(_admin(w), url, lambda: dict(data), Subscription.objects.count)


def _account(w: World) -> Setup:
    data = {
        "username": "nguoimoi",
        "full_name": "Người Mới",
        "unit": w.units["TST"].pk,
        "roles": [Role.UNIT_STAFF],
        "is_active": "on",
        "password": "Mot-mat-khau-dai-2026",
    }
    return Setup(_admin(w), "/nguoi-dung/moi/", lambda: dict(data), User.objects.count)


def _second_factor(w: World) -> Setup:
    def data() -> dict[str, Any]:  # a code of the app being set up (made when the page opens)
        device = TOTPDevice.objects.filter(user=w.staff).order_by("-pk").first()
        assert device is not None
        return {"code": code_at(device.key, TOTP(b"").t()), "current_password": TEST_PASSWORD}

    return Setup(w.staff, "/tai-khoan/xac-thuc-hai-buoc/", data, _second_factor_changes)


def _recovery_codes(w: World) -> Setup:
    give_app(w.staff)
    return Setup(
        w.staff,
        "/tai-khoan/ma-du-phong/",
        lambda: {"current_password": TEST_PASSWORD},
        _second_factor_changes,
    )


def _second_factor_changes() -> int:
    kinds = [ChangeKind.SECOND_FACTOR_ON, ChangeKind.RECOVERY_CODES]
    return ChangeRecord.objects.filter(action__in=kinds).count()


def _api_token(w: World) -> Setup:
    data = {"name": "Văn thư điện tử", "days": "30"}
    url = "/tai-khoan/khoa-api/moi/"
    return Setup(w.staff, url, lambda: dict(data), ApiToken.objects.count)


def _obstacle(w: World) -> Setup:
    task = in_progress(w)
    data = {"difficulty": "Thiếu số liệu", "proposal": "Đề nghị chỉ đạo"}
    return Setup(
        w.coord, f"/nhiem-vu/{task.pk}/kho-khan/", lambda: dict(data), Obstacle.objects.count
    )


def _refer(w: World) -> Setup:
    obstacle = raised(w)
    data = {"version": obstacle.version, "leader": w.leader.pk, "note": "Đề nghị đồng ý"}
    return Setup(
        w.office,
        f"/kho-khan/{obstacle.pk}/trinh/",
        lambda: dict(data),
        lambda: TaskEvent.objects.filter(action=EventKind.OBSTACLE_REFER).count(),
    )


def _decide(w: World) -> Setup:
    obstacle = referred(w, raised(w))
    data = {"version": obstacle.version, "decision": "Đồng ý"}
    return Setup(
        w.leader,
        f"/kho-khan/{obstacle.pk}/chi-dao/",
        lambda: dict(data),
        lambda: TaskEvent.objects.filter(action=EventKind.OBSTACLE_DECIDE).count(),
    )


def _adhoc(w: World) -> Setup:
    data = {
        "title": "Báo cáo đột xuất",
        "content": "Đề nghị báo cáo số hồ sơ.",
        "units": [w.units["TST"].pk],
        "due_date": f"{timezone.localdate():%d/%m/%Y}",
    }
    return Setup(w.office, "/bao-cao/dot-xuat/moi/", lambda: dict(data), ReportRound.objects.count)


def _obligations(w: World) -> Setup:
    url = "/phoi-hop/tao-nhiem-vu/?nam=2026"
    return Setup(w.office, url, lambda: {"nam": "2026"}, Obligation.objects.count)


def _target(w: World) -> Setup:
    data = {
        "code": "hai-long",
        "name": "Mức độ hài lòng đạt tối thiểu 90%",
        "direction": Direction.AT_LEAST,
        "value": "90",
        "unit": Measure.PERCENT,
        "deadline": "31/12/2026",
        "owner": w.units["TST"].pk,
        "source": Source.ENTERED,
    }
    return Setup(w.office, "/chi-tieu/them/", lambda: dict(data), Target.objects.count)


def _actual(w: World) -> Setup:
    fields = TargetFields(
        code="hai-long",
        name="Mức độ hài lòng đạt tối thiểu 90%",
        value=Decimal(90),
        unit=Measure.PERCENT,
        direction=Direction.AT_LEAST,
        deadline=date(2026, 12, 31),
        owner=w.units["TST"],
        source=Source.ENTERED,
    )
    target_create(actor=None, fields=fields)
    data = {"period": "2025", "value": "88,5", "evidence": "Khảo sát năm 2025."}
    return Setup(
        w.office, "/chi-tieu/hai-long/nhap/", lambda: dict(data), TargetActual.objects.count
    )


def _meeting_form(w: World) -> dict[str, Any]:
    return {
        "kind": "provincial",
        "held_on": "26/06/2026",
        "host": "ours",
        "unit": w.units["NGHEAN"].pk,
        "partner_unit": Unit.objects.get(code="LDLD_NGHEAN").pk,
        "p1_side": "ours",
        "p1_name": "Nguyễn Văn Hùng",
        "p2_side": "partner",
        "p2_name": "Trần Thị Mai",
        "minutes": SimpleUploadedFile("bien-ban.pdf", PDF),
    }


def _meeting(w: World) -> Setup:
    federation(w.units)
    url = "/phoi-hop/hop/ghi/"
    return Setup(w.office, url, lambda: _meeting_form(w), Meeting.objects.count)


def _a_meeting(w: World) -> Meeting:
    return provincial_meeting(catalog.agreement(), w.units, federation(w.units), w.office)


def _conclusion(w: World) -> Setup:
    meeting = _a_meeting(w)
    data = {
        "text": "Rà soát nợ đóng",
        "lead": f"ours:{w.units['TST'].pk}",
        "deadline": "30/09/2026",
    }
    url = f"/phoi-hop/hop/{meeting.pk}/ket-luan/"
    return Setup(w.office, url, lambda: dict(data), Conclusion.objects.count)


def _notice(w: World) -> Setup:
    meeting = _a_meeting(w)
    data = {"number": "15/TB-BHXH", "issued_on": "30/06/2026"}
    return Setup(
        w.office,
        f"/phoi-hop/hop/{meeting.pk}/thong-bao/",
        lambda: data | {"notice": SimpleUploadedFile("tb.pdf", PDF)},
        Document.objects.count,
    )


def _file_item(w: World) -> Setup:
    inspection = Inspection.objects.create(
        kind=Kind.PERIODIC,
        conducted_by=w.units["VP"],
        title="Kiểm tra việc thực hiện nhiệm vụ năm 2026",
        start=date(2026, 11, 2),
        end=date(2026, 11, 6),
    )
    inspection.units.add(w.units["CNTT"])
    return Setup(
        w.office,
        f"/kiem-tra/{inspection.pk}/ho-so/them/",
        lambda: {"letter": "e", "title": "Biên bản", "file": SimpleUploadedFile("bb.pdf", PDF)},
        FileItem.objects.count,
    )


def _follow_up(w: World) -> Setup:
    meeting = _a_meeting(w)
    with_notice(meeting, w.office)
    conclusion = conclusion_add(
        actor=w.office,
        meeting=meeting,
        text="Rà soát nợ đóng",
        lead_side="ours",
        lead_unit=w.units["TST"],
        deadline=date(2026, 9, 30),
    )
    url = f"/phoi-hop/ket-luan/{conclusion.pk}/giao/"
    return Setup(w.office, url, lambda: {"leader": w.leader.pk}, Task.objects.count)


def _inspection_plan(w: World) -> Setup:
    data = {
        "year": "2027",
        "title": "Kế hoạch kiểm tra năm 2027",
        "muc-TOTAL_FORMS": "1",
        "muc-INITIAL_FORMS": "0",
        "muc-0-content": "Kiểm tra nhiệm vụ Chính phủ giao",
        "muc-0-units": "BHXH Nghệ An",
        "muc-0-conducted_by": w.units["VP"].pk,
        "muc-0-month_from": "3",
        "muc-0-month_to": "4",
    }
    return Setup(
        w.office, "/kiem-tra/ke-hoach/them/", lambda: dict(data), InspectionPlan.objects.count
    )


def _plan_approval(w: World) -> Setup:
    items = [PlanEntry("Chế độ báo cáo", (w.units["NGHEAN"],), w.units["VP"], 5, 6)]
    plan = plan_draft(actor=w.office, year=2026, title="Kế hoạch kiểm tra năm 2026", items=items)
    data = {"number": "25/KH-BHXH", "approved_on": "05/01/2026", "version": plan.version}
    return Setup(
        w.leader, "/kiem-tra/ke-hoach/2026/phe-duyet/", lambda: dict(data), Document.objects.count
    )


def _inspection(w: World) -> Setup:
    data = {
        "title": "Kiểm tra đột xuất BHXH Nghệ An",
        "ground": "leader",
        "ground_detail": "Ý kiến chỉ đạo của Tổng Giám đốc",
        "units": "BHXH Nghệ An",
        "conducted_by": w.units["VP"].pk,
        "start": "02/11/2026",
        "end": "06/11/2026",
        "host": "ours",
    }
    return Setup(w.office, "/kiem-tra/them/", lambda: dict(data), Inspection.objects.count)


def _an_inspection(w: World, *, decided: bool) -> Inspection:
    """An inspection of TST running today, its decision issued or not."""
    today = timezone.localdate()
    decision = w.document(origin="internal", issued=today) if decided else None
    inspection = Inspection.objects.create(
        kind=Kind.AD_HOC, conducted_by=w.units["VP"], title="Kiểm tra việc thực hiện nhiệm vụ",
        legal_basis="Quy chế 1142", start=today, end=today, decision=decision,
    )  # fmt: skip
    inspection.units.add(w.units["TST"])
    return inspection


def _team_member(w: World) -> Setup:
    inspection = _an_inspection(w, decided=False)
    data = {"step": "member", "user": w.head.pk, "role": "head", "version": 1}
    url = f"/kiem-tra/{inspection.pk}/quyet-dinh/"
    return Setup(w.office, url, lambda: dict(data), TeamMember.objects.count)


def _proposal(w: World) -> Setup:
    inspection = _an_inspection(w, decided=True)
    head = UserFactory.create(username="truongdoan", roles=[Role.INSPECTOR], unit=w.units["KT"])
    TeamMember.objects.create(inspection=inspection, user=head, full_name="Trưởng Đoàn",
                              unit=w.units["KT"], role=MemberRole.HEAD)  # fmt: skip
    data = {"user": w.staff.pk, "role": "member", "reason": "Cần người nắm nghiệp vụ"}
    url = f"/kiem-tra/{inspection.pk}/thanh-vien/"
    return Setup(head, url, lambda: dict(data), TeamMember.objects.count)


def _records_request(w: World) -> Setup:
    inspection = decided_inspection(w.units, w.office)
    data = {"unit": w.units["TST"].pk, "content": "Hồ sơ năm 2026", "due": "04/11/2026",
            "leader": w.leader.pk}  # fmt: skip
    url = f"/kiem-tra/{inspection.pk}/yeu-cau-ho-so/"
    return Setup(w.office, url, lambda: data, Task.objects.count)


def _inspection_report(w: World) -> Setup:
    inspection = decided_inspection(w.units, w.office)
    data = {"reported_on": "12/11/2026", "evaluation": "Đạt yêu cầu.", "rec_text_1": "Rà soát",
            "rec_unit_1": w.units["TST"].pk, "rec_deadline_1": "15/12/2026"}  # fmt: skip
    url = f"/kiem-tra/{inspection.pk}/bao-cao/"
    return Setup(w.office, url, lambda: data, InspectionReport.objects.count)


def _reported(w: World, **fields: Any) -> Any:
    inspection = decided_inspection(w.units, w.office)
    if fields:
        type(inspection).objects.filter(pk=inspection.pk).update(**fields)
        inspection.refresh_from_db()
    recommendation = ("Rà soát", w.units["TST"], date(2026, 12, 15))
    report_record(actor=w.office, inspection=inspection, reported_on=date(2026, 11, 12),
                  evaluation="Đạt yêu cầu.", recommendations=[recommendation])  # fmt: skip
    return inspection


def _report_sent(w: World) -> Setup:
    inspection = _reported(w, partner_unit=w.units["TLD"], host="ours")
    sent = InspectionReport.objects.filter(sent_to_other_side_on__isnull=False).count
    url = f"/kiem-tra/{inspection.pk}/bao-cao/gui-doi-tac/"
    return Setup(w.office, url, lambda: {"sent_on": "13/11/2026"}, sent)


def _inspection_notice(w: World) -> Setup:
    inspection = _reported(w)
    data = {"number": "12", "issued_on": "16/11/2026", "signer_title": "Phó Giám đốc",
            "signer_name": "Nguyễn Lãnh Đạo"}  # fmt: skip
    url = f"/kiem-tra/{inspection.pk}/thong-bao/"
    return Setup(w.office, url, lambda: data, Document.objects.count)


def _recommendation(w: World) -> Setup:
    inspection = _reported(w)
    notified(inspection, w.office)
    assigned = Recommendation.objects.filter(task__isnull=False).count
    url = f"/kiem-tra/{inspection.pk}/kien-nghi/1/giao/"
    return Setup(w.office, url, lambda: {"leader": w.leader.pk}, assigned)


# the URL name of every view marked @once_per_form, and how to send its form
SETUPS: dict[str, Callable[[World], Setup]] = {
    "tasks:document_create": _document,
    "tasks:document_edit": _document_files,
    "tasks:task_create": _draft,
    "tasks:act": _progress,
    "tasks:handover": _handover,
    "tasks:obstacle_raise": _obstacle,
    "tasks:obstacle_refer": _refer,
    "tasks:obstacle_decide": _decide,
    "monitoring:urge": _urging,
    "reports_agency:issue": _agency_report,
    "imports:upload": _plan,
    "organisation:create": _unit,
    "organisation:rename": _rename,
    "organisation:succession": _succession,
    "workcalendar:override_create": _override,
    "report_types:create": _report_type,
    "accounts:create": _account,
    "profile:enrol": _second_factor,
    "profile:recovery_codes": _recovery_codes,
    "profile:token_create": _api_token,
    "reports:adhoc_create": _adhoc,
    "webhooks:create": _webhook,
    "partners:generate": _obligations,
    "targets:create": _target,
    "targets:enter": _actual,
    "partners:meeting_create": _meeting,
    "partners:conclusion_add": _conclusion,
    "partners:notice": _notice,
    "partners:conclusion_assign": _follow_up,
    "inspections:plan_create": _inspection_plan,
    "inspections:plan_approve": _plan_approval,
    "inspections:create": _inspection,
    "inspections:file_add": _file_item,
    "inspections:decision": _team_member,
    "inspections:propose": _proposal,
    "inspections:records_request": _records_request,
    "inspections:report": _inspection_report,
    "inspections:report_send": _report_sent,
    "inspections:notice": _inspection_notice,
    "inspections:recommendation_assign": _recommendation,
}


def token_on(client: Client, url: str) -> str:
    """The one-time token the form's page carries."""
    page = client.get(url)
    assert page.status_code == 200, url
    found = re.search(r'name="form_token" value="([^"]+)"', page.content.decode())
    assert found, f"{url}: the form carries no one-time token"
    return found.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(SETUPS))
def test_the_same_form_sent_twice_makes_one_record(world: World, name: str, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    setup = SETUPS[name](world)
    client = client_for(setup.user)
    token = token_on(client, setup.url)
    before = setup.made()
    first = client.post(setup.url, setup.data() | {once.FIELD: token})
    assert first.status_code == 302, first.content.decode()[-2000:]
    made = setup.made()
    assert made > before
    again = client.post(setup.url, setup.data() | {once.FIELD: token})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert setup.made() == made
    assert SENT_AGAIN in client.get(again["Location"]).content.decode()


def _marked(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _marked(pattern.url_patterns, inner)
        elif getattr(pattern.callback, once.MARK, False):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_view_marked_once_per_form_is_tried_above() -> None:
    assert _marked(get_resolver().url_patterns) == set(SETUPS)


# POST forms that carry no token, and why sending them twice is harmless
WITHOUT_TOKEN = {
    "accounts/login.html": "signing in creates nothing",
    "base.html": "signing out",
    "notifications/list.html": "marking as read and a choice: the same result twice",
    "imports/_row_form.html": "a correction carrying the plan's version",
    "imports/_actions.html": "commit and discard carry the plan's version; a second is stale",
    "imports/preview.html": "«Nhập tiếp» carries the import's version; a second is stale",
    "accounts/signin_code.html": "a step of signing in: nobody is signed in yet",
    "accounts/password_forgot.html": "nobody is signed in; a second sends the link again",
    "accounts/password_reset.html": "the first spends the link's token; a second is refused",
    "accounts/second_factor_reset.html": "removes an app: a second finds none to remove",
    "accounts/token_revoke.html": "revokes a token: a second finds it revoked and says so",
    "monitoring/sign.html": "a letter is signed and issued once (signing.services)",
    "signing/check.html": "checks a PDF and writes nothing",
    "reports/request.html": "every step carries the report's version; a second is stale",
    "reports/round.html": "a reminder tells each person once a day",
    "statforms/upload.html": "an upload carries the report's version; a second is stale",
    "statforms/entry.html": "every step carries the report's version; a second is stale",
    "targets/edit.html": "an edit carries the target's version; a second is stale (409)",
    "targets/retire.html": "carries the target's version; a second is stale (409)",
    "webhooks/detail.html": "a new secret carries the version (a second is stale); a delivery "
    "sent again is queued, and a second finds it no longer failed",
}


def test_every_post_form_carries_a_token_or_says_why_not() -> None:
    root = Path(once.__file__).parent.parent
    for path in root.glob("*/templates/**/*.html"):
        name = str(path).split("/templates/", 1)[1]
        text = path.read_text()
        if 'method="post"' in text and "{% form_token %}" not in text:
            assert name in WITHOUT_TOKEN, f"{name}: a POST form without {{% form_token %}}"


@pytest.mark.django_db
def test_refused_input_leaves_the_form_usable(world: World) -> None:
    setup = _document(world)
    client = client_for(setup.user)
    token = token_on(client, setup.url)
    refused = client.post(setup.url, setup.data() | {"issued_on": "31/02/2026", once.FIELD: token})
    assert refused.status_code == 200 and "Ngày không hợp lệ" in refused.content.decode()
    assert not Document.objects.exists()
    done = client.post(setup.url, setup.data() | {once.FIELD: token})
    assert done.status_code == 302 and Document.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "giả-mạo", "other person's"])
def test_a_form_without_a_token_of_its_own_writes_nothing(world: World, token: str) -> None:
    setup = _document(world)
    if token == "other person's":
        token = once.new_token(world.leader.pk)
    client = client_for(setup.user)
    response = client.post(setup.url, setup.data() | {once.FIELD: token})
    assert response.status_code == 302 and response["Location"] == setup.url
    assert "Biểu mẫu đã mở quá lâu hoặc không còn hợp lệ" in client.get(setup.url).content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_the_same_moment_makes_one_record(
    world: World, tmp_path
) -> None:
    setup = _document(world)
    clients = [client_for(setup.user), client_for(setup.user)]
    token = token_on(clients[0], setup.url)
    with database_for_threads(tmp_path):
        responses = in_threads(
            *[lambda c=c: c.post(setup.url, setup.data() | {once.FIELD: token}) for c in clients]
        )
        counts = in_threads(lambda: (Document.objects.count(), TaskEvent.objects.count()))[0]
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert counts == (1, 0)
