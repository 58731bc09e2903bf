"""One change of every kind the system records today, each made through its real service, for
the tests of how the change log reads."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from theodoi.accounts import second_factor
from theodoi.accounts.models import Role, User
from theodoi.accounts.services import user_create, user_set_password, user_update
from theodoi.accounts.tests.factories import UserFactory
from theodoi.api.tokens import token_create, token_revoke
from theodoi.conftest import SAMPLE_UNITS
from theodoi.evaluation.scoring import KEYS
from theodoi.evaluation.services import formula_update
from theodoi.imports import services as imports
from theodoi.imports.examples import excel
from theodoi.inspections.creation import Details, inspection_create, inspection_edit
from theodoi.inspections.models import Ground, Kind, Recommendation
from theodoi.inspections.notices import notice_issue, recommendation_assign
from theodoi.inspections.planning import Item as PlanEntry
from theodoi.inspections.planning import plan_approve, plan_draft, plan_edit
from theodoi.inspections.records import records_request
from theodoi.inspections.reporting import report_record
from theodoi.inspections.tests.results.world import decided_inspection
from theodoi.monitoring.services import policy_update
from theodoi.organisation.loading import load_units
from theodoi.organisation.models import Unit, UnitKind
from theodoi.organisation.services import unit_create, unit_rename, unit_succeed, unit_update
from theodoi.partners import catalog
from theodoi.partners.conclusions import conclusion_add, conclusion_assign
from theodoi.partners.counterparts import counterpart_set
from theodoi.partners.models import Side
from theodoi.partners.tests.meeting_world import (
    federation,
    leader,
    person,
    provincial_meeting,
    with_notice,
)
from theodoi.reports.adhoc import ANSWER_KEY, adhoc_create
from theodoi.reports.agency.services import agency_draft_save, agency_report_issue
from theodoi.reports.models import DueRule, Frequency, ReportRequest, WindowRule
from theodoi.reports.services import (
    report_accept,
    report_reopen,
    report_return,
    report_save_draft,
    report_submit,
)
from theodoi.reports.types import (
    TypeFields,
    parse_sections,
    report_type_create,
    report_type_update,
)
from theodoi.targets.models import Direction, Measure, Source
from theodoi.targets.retiring import target_retire
from theodoi.targets.services import TargetFields, actual_enter, target_create, target_edit
from theodoi.tasks.handover import tasks_hand_over
from theodoi.tasks.models import Document, DocumentKind, Origin, Task
from theodoi.tasks.services import document_register, document_update
from theodoi.webhooks import services as webhooks
from theodoi.webhooks.models import Delivery, DeliveryState
from theodoi.workcalendar.models import OverrideKind
from theodoi.workcalendar.services import override_create, override_delete, override_update

PASSWORD = "Mat-khau-kiem-thu-2026"
APP_KEY = "3132333435363738393031323334353637383930"
HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]


@dataclass
class Made:
    admin: User
    person: User
    document: Document
    task: Task
    merged: Unit


def _units(admin: User, units: dict[str, Unit]) -> Unit:
    """Units created, corrected, renamed, merged, split and replaced."""
    first = date(2024, 1, 1)

    def new(code: str, name: str) -> Unit:
        return unit_create(
            actor=admin,
            code=code,
            name=name,
            short_name=name,
            kind=UnitKind.CENTRAL,
            parent=units["BHXHVN"],
            valid_from=first,
        )

    a, b = new("KTA", "Ban Kiểm tra A"), new("KTB", "Ban Kiểm tra B")
    a = unit_update(
        actor=admin,
        unit=a,
        expected_version=a.version,
        aliases=["Ban KT A"],
        valid_to=date(2030, 12, 31),
        reason="Theo quyết định 5/QĐ-BHXH",
    )
    unit_rename(
        actor=admin,
        unit=b,
        name="Ban Kiểm tra nội bộ B",
        short_name="Ban KTNB B",
        effective_date=date(2025, 1, 1),
        reason="Đổi tên theo quyết định",
    )
    c = new("KTC", "Ban Kiểm tra hợp nhất")
    unit_succeed(actor=admin, predecessors=[a, b], successors=[c], effective_date=date(2026, 1, 1))
    d, e = new("KTD", "Ban Thanh tra D"), new("KTE", "Ban Thanh tra E")
    unit_succeed(actor=admin, predecessors=[c], successors=[d, e], effective_date=date(2026, 6, 1))
    load_units(
        SAMPLE_UNITS.read_text()
        .replace(
            "CSKH,Trung tâm Chăm sóc khách hàng,CSKH",
            "CSKH,Trung tâm Chăm sóc khách hàng mới,CSKH",
        )
        .encode(),
        actor_label="Nạp danh mục đơn vị",
    )
    return c


def _people(admin: User, units: dict[str, Unit]) -> User:
    person = user_create(
        actor=admin,
        username="kt.nguyenvana",
        password=PASSWORD,
        roles=[Role.UNIT_STAFF],
        full_name="Nguyễn Văn An",
        unit=units["TST"],
        email="an@example.vn",
    )
    person = user_update(
        actor=admin,
        user=person,
        expected_version=person.version,
        roles=[Role.UNIT_HEAD],
        unit=units["CSXH"],
        is_active=False,
        reason="Điều động",
    )
    user_set_password(actor=admin, user=person, password=PASSWORD + "x")
    person.set_password(PASSWORD)
    person.save()
    second_factor.app_set_key(actor=admin, user=person, key=APP_KEY, reason="Cấp lại điện thoại")
    second_factor.recovery_codes_renew(user=person, current_password=PASSWORD)
    second_factor.second_factor_reset(actor=admin, user=person, reason="Mất điện thoại")
    return person


def _tokens(admin: User) -> None:
    """An API token made for a script, then revoked."""
    made = token_create(actor=admin, user=admin, name="Văn thư điện tử", days=90)
    token_revoke(actor=admin, token=made.token)


def _calendar(admin: User) -> None:
    override = override_create(
        actor=admin, day=date(2026, 12, 2), kind=OverrideKind.DAY_OFF, document="1/TB-BHXH"
    )
    override = override_update(
        actor=admin,
        override=override,
        expected_version=override.version,
        day=date(2026, 12, 3),
        kind=OverrideKind.DAY_OFF,
        document="2/TB-BHXH",
        reason="Đổi ngày",
    )
    override_delete(actor=admin, override=override, reason="Thông báo bị thu hồi")


def _document(admin: User) -> Document:
    document = document_register(
        actor=admin,
        kind=DocumentKind.DECISION,
        number="15/QĐ-BHXH",
        issued_on=date(2026, 1, 5),
        issuer="Bảo hiểm xã hội Việt Nam",
        summary="Giao nhiệm vụ kiểm tra năm 2026",
        origin=Origin.GOVERNMENT,
    )
    return document_update(
        actor=admin,
        document=document,
        expected_version=document.version,
        kind=DocumentKind.DIRECTIVE,
        number="16/QĐ-BHXH",
        issued_on=date(2026, 1, 6),
        issuer="Bảo hiểm xã hội Việt Nam",
        summary="Giao nhiệm vụ kiểm tra năm 2026",
        origin=Origin.INTERNAL,
        reason="Sai số hiệu",
    )


def _plan_and_handover(admin: User, units: dict[str, Unit]) -> Task:
    rows = [HEADER, ["1", "Rà soát quy trình thu nợ đọng", "Văn phòng", "", "Quý IV/2026"]]
    plan = imports.plan_upload(
        actor=admin,
        file=SimpleUploadedFile("kh.xlsx", excel(rows)),
        number="20/KH-BHXH",
        plan_date=date(2026, 1, 6),
        signer_name="Nguyễn Văn Ký",
    )
    imports.plan_commit(actor=admin, plan_import=plan, expected_version=plan.version)
    task = Task.objects.get(content="Rà soát quy trình thu nợ đọng")
    today = timezone.localdate()
    successor = unit_create(
        actor=admin,
        code="VPM",
        name="Văn phòng (mới)",
        short_name="Văn phòng mới",
        kind=UnitKind.CENTRAL,
        parent=units["BHXHVN"],
        valid_from=today,
    )
    unit_succeed(
        actor=admin, predecessors=[units["VP"]], successors=[successor], effective_date=today
    )
    tasks_hand_over(
        actor=admin,
        unit=units["VP"],
        successor=successor,
        led=[task.pk],
        coordinated=[],
        reason="Sắp xếp tổ chức",
    )
    return task


def _settings(admin: User) -> None:
    weights = {key: "1" for key in KEYS} | {KEYS[0]: "0,5"}
    formula_update(actor=admin, expected_version=1, weights=weights, min_judged=5)
    policy_update(actor=admin, expected_version=1, on_day=False, overdue_every=3)


def _report_type(admin: User, units: dict[str, Unit]) -> None:
    fields = TypeFields(
        name="Báo cáo kiểm soát TTHC quý",
        frequency=Frequency.QUARTER,
        collector=units["TST"],
        reporters="@PROVINCES; TST",
        due_rule=DueRule.BEFORE_DAY_OF_LAST_MONTH,
        due_day=19,
        window_rule=WindowRule.CUTOFF,
        window_cutoff_day=14,
        period_numbers=[1, 2, 3],
        sections=parse_sections("Kết quả thực hiện | bắt buộc"),
    )
    made = report_type_create(actor=admin, fields=fields)
    report_type_update(
        actor=admin,
        report_type=made,
        expected_version=1,
        fields=replace(fields, due_day=20, window_rule=WindowRule.CALENDAR),
    )


def _reports(units: dict[str, Unit]) -> None:
    """An ad-hoc request of the Office, answered, returned, answered again and accepted."""
    office = UserFactory.create(
        username="vp.theodoi", full_name="Lê Theo Dõi", roles=[Role.TRACKER], unit=units["VP"]
    )
    head = UserFactory.create(
        username="tst.lanhdao", full_name="Phan Văn Thu", roles=[Role.UNIT_HEAD], unit=units["TST"]
    )
    today = timezone.localdate()
    asked = adhoc_create(
        actor=office,
        title="Báo cáo nhanh số hồ sơ tồn",
        content="Đề nghị báo cáo số hồ sơ tồn.",
        units=[units["TST"]],
        due_date=today,
    )
    request = ReportRequest.objects.get(round=asked)

    def answer(text: str) -> None:
        current = ReportRequest.objects.get(pk=request.pk)
        current = report_save_draft(
            actor=head,
            request=current,
            expected_version=current.version,
            sections={ANSWER_KEY: text},
        )
        report_submit(actor=head, request=current, expected_version=current.version)

    answer("Còn 12 hồ sơ.")
    current = ReportRequest.objects.get(pk=request.pk)
    report_return(
        actor=office,
        request=current,
        expected_version=current.version,
        comment="Ghi rõ nguyên nhân",
    )
    answer("Còn 12 hồ sơ do thiếu giấy tờ.")
    current = ReportRequest.objects.get(pk=request.pk)
    report_accept(actor=office, request=current, expected_version=current.version)
    current = ReportRequest.objects.get(pk=request.pk)
    report_reopen(
        actor=office, request=current, expected_version=current.version, reason="Sửa số liệu"
    )


def _agency_report(admin: User) -> None:
    """The agency's report of 2025: its draft written, corrected, then issued."""
    draft = agency_draft_save(
        actor=admin,
        period="2025",
        expected_revision=0,
        summary="Tình hình thực hiện nhiệm vụ năm 2025",
        opening="",
        closing="Đề nghị các đơn vị hoàn thành./.",
    )
    agency_draft_save(
        actor=admin,
        period="2025",
        expected_revision=draft.revision,
        summary="Tình hình thực hiện nhiệm vụ được giao năm 2025",
        opening="",
        closing="Đề nghị các đơn vị hoàn thành./.",
    )
    agency_report_issue(actor=admin, period="2025", number="5", issued_on=date(2026, 1, 8))


def _webhooks(admin: User) -> None:
    """A subscription registered, changed, given a new secret; a failed delivery sent again."""
    made = webhooks.subscription_create(
        actor=admin,
        url="https://vpdt.bhxh.test/webhook",
        events=["task.assigned", "task.overdue"],
        description="Văn phòng điện tử",
    )
    made = webhooks.subscription_update(
        actor=admin,
        subscription=made,
        expected_version=made.version,
        events=["task.overdue"],
        active=False,
        description="Văn phòng điện tử",
    )
    webhooks.subscription_new_secret(actor=admin, subscription=made, expected_version=made.version)
    failed = Delivery.objects.create(
        subscription=made, event="task.overdue", body="{}", state=DeliveryState.FAILED, attempts=12
    )
    webhooks.delivery_resend(actor=admin, delivery=failed)


def _targets(admin: User, units: dict[str, Unit]) -> None:
    """A target set, then corrected (name, deadline, owner); its actual of 2025 entered by the
    owner's staff, then corrected; the target no longer followed."""
    fields = TargetFields(
        code="hai-long",
        name="Mức độ hài lòng đạt tôi thiểu 90%",
        value=Decimal(90),
        unit=Measure.PERCENT,
        direction=Direction.AT_LEAST,
        deadline=date(2026, 12, 31),
        owner=units["TST"],
        source=Source.ENTERED,
    )
    target = target_create(actor=admin, fields=fields)
    changed = replace(
        fields, name="Mức độ hài lòng đạt tối thiểu 90%", deadline=date(2027, 6, 30),
        owner=units["CSXH"],
    )  # fmt: skip
    target_edit(
        actor=admin, target=target, expected_version=1, fields=changed, reason="Sai chính tả"
    )
    staff = UserFactory.create(
        username="csxh.chitieu", full_name="Đỗ Thị Chỉ", roles=[Role.UNIT_STAFF],
        unit=units["CSXH"],
    )  # fmt: skip
    for number, value, reason in ((0, "86.5", ""), (1, "87.5", "Cộng thiếu phiếu cấp xã")):
        actual_enter(
            actor=staff, target=target, period="2025", value=Decimal(value),
            evidence="Khảo sát năm 2025", expected_number=number, reason=reason,
        )  # fmt: skip
    target_retire(actor=admin, target=target, expected_version=2, reason="Kế hoạch đã thay thế")


def _meetings(admin: User, units: dict[str, Unit]) -> None:
    """The province's counterpart set and changed, a provincial meeting with its notice and a
    conclusion turned into a task."""
    office = person(Role.TRACKER, units["VP"])  # the Office turns conclusions into tasks
    agreement = catalog.agreement()
    ldld = federation(units)
    other = federation(units, "LDLD_NGHEAN_CU", "Nghệ An (cũ)")
    counterpart_set(actor=admin, agreement=agreement, province=units["NGHEAN"], partner_unit=other)
    counterpart_set(actor=admin, agreement=agreement, province=units["NGHEAN"], partner_unit=ldld)
    meeting = provincial_meeting(agreement, units, ldld, admin)
    with_notice(meeting, office)
    conclusion = conclusion_add(
        actor=admin,
        meeting=meeting,
        text="Rà soát doanh nghiệp nợ đóng",
        lead_side=Side.PARTNER,
        lead_unit=meeting.partner_unit,
        deadline=date(2026, 9, 30),
    )
    conclusion_assign(actor=office, conclusion=conclusion, leader=leader(units))


def _inspections(units: dict[str, Unit]) -> None:
    """The year's inspection plan drafted, edited and approved; an ad hoc inspection created
    and edited."""
    office = person(Role.TRACKER, units["VP"])
    item = PlanEntry("Chế độ báo cáo", (units["NGHEAN"],), units["VP"], 5, 6)
    plan = plan_draft(actor=office, year=2026, title="Kế hoạch kiểm tra 2026", items=[item])
    plan = plan_edit(
        actor=office, plan=plan, expected_version=1, title="Kế hoạch kiểm tra năm 2026",
        items=[item],
    )  # fmt: skip
    plan_approve(actor=leader(units), plan=plan, number="25/KH-BHXH", approved_on=date(2026, 1, 5))
    made = inspection_create(
        actor=office, kind=Kind.AD_HOC, title="Kiểm tra đột xuất", units=[units["NGHEAN"]],
        start=date(2026, 11, 2), end=date(2026, 11, 6), ground=Ground.LEADER,
        ground_detail="Ý kiến chỉ đạo của Tổng Giám đốc",
    )  # fmt: skip
    details = Details(
        "Kiểm tra đột xuất BHXH Nghệ An", [units["NGHEAN"]], date(2026, 11, 2),
        date(2026, 11, 13), Ground.LEADER, "Ý kiến chỉ đạo của Tổng Giám đốc",
    )  # fmt: skip
    inspection_edit(actor=office, inspection=made, expected_version=1, details=details)


def _inspection_results(units: dict[str, Unit]) -> None:
    """An inspection's records request, its report (late), its notice and a recommendation
    turned into a follow-up task."""
    office, chief = person(Role.TRACKER, units["VP"]), leader(units)
    inspection = decided_inspection(units, office)
    records_request(actor=office, inspection=inspection, unit=units["TST"], content="Hồ sơ",
                    due=date(2026, 11, 4), leader=chief)  # fmt: skip
    report_record(actor=office, inspection=inspection, reported_on=date(2026, 11, 17),
                  evaluation="Đạt yêu cầu.",
                  recommendations=[("Rà soát", units["TST"], date(2026, 12, 15))])  # fmt: skip
    notice_issue(actor=office, inspection=inspection, number="12", issued_on=date(2026, 11, 18),
                 signer_name="Nguyễn Lãnh Đạo", signer_title="Phó Giám đốc")  # fmt: skip
    recommendation = Recommendation.objects.get(inspection=inspection)
    recommendation_assign(actor=office, recommendation=recommendation, leader=chief)


def record_every_kind(units: dict[str, Unit]) -> Made:
    """Every kind of change but the urging letter and its signed copy (they need the letter
    fixtures), by an administrator whose full name differs from the username."""
    admin = User.objects.create_user(
        username="qt.tranb", password=PASSWORD, full_name="Trần Bình Quản"
    )
    admin.role_grants.create(role=Role.ADMIN)
    merged = _units(admin, units)
    person = _people(admin, units)
    _tokens(admin)
    _calendar(admin)
    document = _document(admin)
    task = _plan_and_handover(admin, units)
    _settings(admin)
    _report_type(admin, units)
    _reports(units)
    _agency_report(admin)
    _webhooks(admin)
    _targets(admin, units)
    _meetings(admin, units)
    _inspections(units)
    _inspection_results(units)
    return Made(admin=admin, person=person, document=document, task=task, merged=merged)
