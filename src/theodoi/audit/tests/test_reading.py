"""The change log reads in Vietnamese: actions as words, fields by their names, choices by
their labels, units, people, tasks and documents by name (tasks and documents as links), days
dd/mm/yyyy, and old rows whose record or field is gone still read, with a note."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role
from theodoi.api.models import ApiToken
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.audit.tests.every_kind import record_every_kind
from theodoi.imports.models import PlanImport
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.signing import services as signing
from theodoi.signing.tests import conftest as signing_world
from theodoi.targets.models import Target
from theodoi.tasks.models import Task
from theodoi.webhooks.models import Subscription

pytestmark = pytest.mark.django_db
world, agency, letter = signing_world.world, signing_world.agency, signing_world.letter
session_agency = signing_world.session_agency

# Every (record, action) pair a service writes today: a new one must read in words too.
KINDS = {
    ("organisation.unit", "create"),
    ("organisation.unit", "update"),
    ("organisation.unit", "rename"),
    ("organisation.unit", "merge"),
    ("organisation.unit", "split"),
    ("organisation.unit", "replace"),
    ("organisation.unit", "hand_over"),
    ("accounts.user", "create"),
    ("accounts.user", "update"),
    ("accounts.user", "set_password"),
    ("accounts.user", "second_factor_on"),
    ("accounts.user", "recovery_codes"),
    ("accounts.user", "second_factor_off"),
    ("api.apitoken", "token_create"),
    ("api.apitoken", "token_revoke"),
    ("workcalendar.calendaroverride", "create"),
    ("workcalendar.calendaroverride", "update"),
    ("workcalendar.calendaroverride", "delete"),
    ("tasks.document", "create"),
    ("tasks.document", "update"),
    ("imports.planimport", "import"),
    ("monitoring.urgingletter", "create"),
    ("signing.signeddocument", "create"),
    ("evaluation.rankingformula", "update"),
    ("monitoring.reminderpolicy", "update"),
    ("reports.reporttype", "create"),
    ("reports.reporttype", "update"),
    ("reports.reportround", "create"),
    ("reports.reportrequest", "report_submit"),
    ("reports.reportrequest", "report_return"),
    ("reports.reportrequest", "report_accept"),
    ("reports.reportrequest", "report_reopen"),
    ("reports.agencyreport", "create"),
    ("reports.agencyreport", "update"),
    ("reports.agencyreport", "issue"),
    ("webhooks.subscription", "create"),
    ("webhooks.subscription", "update"),
    ("webhooks.subscription", "webhook_secret"),
    ("webhooks.delivery", "webhook_resend"),
    ("targets.target", "create"),
    ("targets.target", "update"),
    ("targets.targetactual", "create"),
    ("targets.targetactual", "update"),
    ("partners.agreement", "create"),
    ("partners.meeting", "create"),
    ("partners.meeting", "update"),
    ("partners.conclusion", "create"),
    ("partners.conclusion", "update"),
    ("partners.counterpart", "create"),
    ("partners.counterpart", "update"),
    ("inspections.inspectionplan", "create"),
    ("inspections.inspectionplan", "update"),
    ("inspections.inspection", "create"),
    ("inspections.inspection", "update"),
    ("inspections.recordsrequest", "create"),
    ("inspections.inspectionreport", "create"),
    ("inspections.recommendation", "update"),
}
CODES = [
    "ke_hoach",
    "quyet_dinh",
    "chi_thi",
    "internal",
    "government",
    "preview",
    "committ",
    "day_off",
    "unit_staff",
    "unit_head",
    "central",
    "on_time_rate",
    "monitoring.",
    "valid_to",
    "[",
    "True",
    "None",
    "at_least",
    "percent",
    "entered",
]
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def auditor_client(make_user) -> Client:
    client = Client()
    client.force_login(make_user(Role.AUDITOR, full_name="Lê Kiểm Soát"))
    return client


def log_text(client: Client, **params: str) -> tuple[str, str]:
    """The log page's table: as HTML, and as the words a person reads."""
    body = client.get(reverse("audit:list"), params).content.decode()
    start = body.index('<table class="changes">')
    table = body[start : body.index("</table>", start)]
    words = " ".join(re.sub(r"<[^>]+>", " ", table).split())
    return table, words.replace(" :", ":").replace(" ,", ",")


def test_every_kind_of_change_reads_in_words(world, letter, make_user, sample_units) -> None:
    made = record_every_kind(sample_units)
    with letter.file.open("rb") as handle:
        signed = signing.signed_issue(
            actor=made.admin, source=letter, docx=handle.read(), file_name="don-doc"
        )
    kept = set(ChangeRecord.objects.values_list("object_type", "action"))
    assert kept == KINDS
    client = auditor_client(make_user)
    pages = [log_text(client, trang=str(n)) for n in range(1, 4)]
    html = "".join(h for h, _ in pages)
    words = " ".join(w for _, w in pages)
    for code in CODES:
        assert code not in words, code
    assert not ISO_DAY.search(words)
    assert "qt.tranb" not in words and "Trần Bình Quản" in words  # people by full name
    task, doc = made.task, made.document
    token = ApiToken.objects.get()
    target = Target.objects.get()
    assert target.retired_at is not None
    vp, tst = unit_label(sample_units["VP"]), unit_label(sample_units["TST"])
    expected = [
        # plans: the action, the status by its label, the document as a link
        "Nhập kế hoạch",
        "Trạng thái: Đang xem trước → Đang nhập, chưa xong",
        "Trạng thái: Đang nhập, chưa xong → Đã nhập",
        "Số nhiệm vụ tạo mới: — → 1",
        # documents
        "Vào sổ văn bản",
        "Sửa văn bản",
        "Loại văn bản: Quyết định → Chỉ thị",
        "Ngày ban hành: 05/01/2026 → 06/01/2026",
        "Nguồn giao: Chính phủ, Thủ tướng Chính phủ giao → Kế hoạch, chương trình của Ngành",
        # units
        "Tạo đơn vị",
        "Đơn vị cấp trên: BHXH Việt Nam",
        "Hiệu lực từ: 01/01/2024",
        "Hiệu lực đến: — → 31/12/2030",
        "Tên gọi khác: — → Ban KT A",
        "Đổi tên đơn vị",
        "Ngày có hiệu lực: — → 01/01/2025",
        "Sáp nhập đơn vị",
        "Chia tách đơn vị",
        "Thay thế đơn vị",
        "Đơn vị kế thừa: — → Ban Thanh tra D, Ban Thanh tra E",
        "Chuyển nhiệm vụ sang đơn vị kế thừa",
        "Đơn vị kế thừa: Văn phòng mới",
        f"Nhiệm vụ chủ trì đã chuyển: {task.code}. Rà soát quy trình thu nợ đọng",
        f"Đơn vị: {vp}",
        # people
        "Tạo người dùng",
        "Vai trò: Chuyên viên đơn vị → Lãnh đạo đơn vị",
        f"Đơn vị: {tst} → {unit_label(sample_units['CSXH'])}",
        "Đang hoạt động: Có → Không",
        "Đặt mật khẩu",
        "Bật xác thực hai bước",
        "Xác thực hai bước: Không → Có",
        "Cấp mã dự phòng mới",
        "Gỡ xác thực hai bước",
        # API tokens: the owner by name, the last day, never the secret
        "Tạo khóa API",
        "Người dùng: Trần Bình Quản",
        "Tên khóa: Văn thư điện tử",
        f"Hết hạn ngày: {timezone.localdate() + timedelta(days=90):%d/%m/%Y}",
        "Thu hồi khóa API",
        f"Thu hồi lúc: — → {timezone.localtime(token.revoked_at):%d/%m/%Y %H:%M}",
        # calendar
        "Tạo điều chỉnh lịch",
        "Ngày: 02/12/2026 → 03/12/2026",
        "Xóa điều chỉnh lịch",
        "Loại: Ngày nghỉ thêm",
        # urging letters and their signed copies
        "Lập văn bản đôn đốc",
        f"Đơn vị nhận: {tst}",
        "Số liệu tại ngày: 08/12/2026",
        "Ký số, phát hành văn bản",
        "Loại văn bản nguồn: Văn bản đôn đốc",
        f"Văn bản nguồn: {letter}",
        f"Thời điểm ký: {timezone.localtime(signed.issued_at):%d/%m/%Y %H:%M}",
        # settings
        "Sửa công thức xếp hạng",
        "Trọng số: Tỷ lệ hoàn thành đúng hạn (%): 1 → 0,5",
        "Trọng số: Văn bản đôn đốc nhận được: -2 → 1",
        "Số nhiệm vụ tối thiểu để xếp hạng: 3 → 5",
        "Sửa cấu hình nhắc việc",
        "Nhắc vào ngày đến hạn: Có → Không",
        # report types: groups of units by their names, choices by their labels
        "Tạo loại báo cáo",
        "Đơn vị phải báo cáo: BHXH các tỉnh, thành phố, Thu - Sổ, thẻ",
        "Cách tính hạn: Trước ngày N của tháng cuối kỳ",
        "Các phần của báo cáo: Kết quả thực hiện | bắt buộc",
        "Sửa loại báo cáo",
        "N (ngày): 19 → 20",
        "Ngày chốt số liệu: 14 → —",
        # a unit's report and an ad-hoc request
        "Gửi yêu cầu báo cáo đột xuất",
        f"Đơn vị nhận yêu cầu: {tst}",
        f"Hạn nộp: {timezone.localdate():%d/%m/%Y}",
        "Nộp báo cáo",
        "Trạng thái: Đang soạn → Đã nộp, chờ tiếp nhận",
        "Lần nộp: — → 2",
        "Trả lại báo cáo",
        "Ý kiến: — → Ghi rõ nguyên nhân",
        "Tiếp nhận báo cáo",
        "Trạng thái: Đã nộp, chờ tiếp nhận → Đã tiếp nhận",
        # the agency's report: its draft, then issued
        "Lập dự thảo báo cáo tình hình thực hiện nhiệm vụ",
        "Sửa dự thảo báo cáo tình hình thực hiện nhiệm vụ",
        "Trích yếu: Tình hình thực hiện nhiệm vụ năm 2025 → Tình hình thực hiện nhiệm vụ được",
        "Ban hành báo cáo tình hình thực hiện nhiệm vụ",
        "Số: 5",
        "Lần ban hành: 1",
        "Ngày văn bản: 08/01/2026",
        # webhooks: events by their words, never the secret
        "Tạo đăng ký webhook",
        "Địa chỉ nhận: https://vpdt.bhxh.test/webhook",
        "Sự kiện: Nhiệm vụ được giao, Nhiệm vụ quá hạn",
        "Sửa đăng ký webhook",
        "Sự kiện: Nhiệm vụ được giao, Nhiệm vụ quá hạn → Nhiệm vụ quá hạn",
        "Đang gửi: Có → Không",
        "Tạo khóa bí mật mới cho webhook",
        "Gửi lại webhook",
        "Trạng thái: Gửi không được (đã thử nhiều lần) → Chờ gửi",
        "Số lần thử: 12 → 0",
        # targets: the owner by name, days dd/mm/yyyy, choices by their labels
        "Tạo chỉ tiêu",
        "Chiều: Tối thiểu (≥)",
        "Cách lấy số thực hiện: Đơn vị chủ trì nhập theo kỳ",
        "Sửa chỉ tiêu",
        "Tên chỉ tiêu: Mức độ hài lòng đạt tôi thiểu 90% → Mức độ hài lòng đạt tối thiểu 90%",
        "Thời hạn: 31/12/2026 → 30/06/2027",
        f"Đơn vị chủ trì: {tst} → {unit_label(sample_units['CSXH'])}",
        "Sai chính tả",
        "Tạo số thực hiện chỉ tiêu",
        "Chỉ tiêu: hai-long: Mức độ hài lòng đạt tối thiểu 90%",
        "Kỳ: Năm 2025",
        "Sửa số thực hiện chỉ tiêu",
        "Giá trị thực hiện: 86,5 → 87,5",
        "Cộng thiếu phiếu cấp xã",
        f"Ngừng theo dõi từ: — → {timezone.localtime(target.retired_at):%d/%m/%Y %H:%M}",
        "Lý do ngừng theo dõi: — → Kế hoạch đã thay thế",
        # meetings with the partner: both sides by name, the notice's copies, the follow-up
        "Tạo cuộc họp",
        "Loại cuộc họp: Họp định kỳ 6 tháng cấp tỉnh",
        "Ngày họp: 26/06/2026",
        "Đơn vị đối tác: LĐLĐ Nghệ An",
        "Thành phần tham dự: Nguyễn Văn Hùng (Giám đốc BHXH tỉnh); Trần Thị Mai",
        "Thông báo đồng gửi: — → BHXH Việt Nam và Tổng LĐLĐ Việt Nam",
        "Tạo kết luận",
        "Bên chủ trì: Đối tác",
        "Sửa kết luận",
        # the inspection plan: its items by the units' names; an ad hoc inspection's ground
        "Tạo kế hoạch kiểm tra",
        "Các cuộc kiểm tra theo kế hoạch: 1. Chế độ báo cáo — BHXH Nghệ An — tháng 5-6 — Văn",
        "Tên kế hoạch: Kế hoạch kiểm tra 2026 → Kế hoạch kiểm tra năm 2026",
        "Trạng thái: Dự thảo → Đã phê duyệt",
        "Tạo cuộc kiểm tra",
        "Căn cứ kiểm tra đột xuất: Yêu cầu chỉ đạo, điều hành của Lãnh đạo BHXH Việt Nam",
        "Đơn vị được kiểm tra: BHXH Nghệ An",
        "Sửa cuộc kiểm tra",
        "Ngày kết thúc: 06/11/2026 → 13/11/2026",
        # an inspection: the request, the late report, the notice, the follow-up
        "Yêu cầu cung cấp hồ sơ kiểm tra",
        "Hạn cung cấp: 04/11/2026",
        "Ghi báo cáo kết quả kiểm tra",
        "Ngày báo cáo: 17/11/2026",
        "Số ngày làm việc nộp muộn: 2",
        "Số kiến nghị: 1",
        "Người ký thông báo: — → Phó Giám đốc Nguyễn Lãnh Đạo",
        "Sửa kiến nghị",
    ]
    missing = [text for text in expected if text not in words]
    assert not missing, missing
    assert Subscription.objects.get().secret not in html
    for linked in (task, *letter.tasks.all()):
        assert f'<a href="{reverse("tasks:detail", args=[linked.pk])}">' in html
    assert f'<a href="{reverse("tasks:document", args=[doc.pk])}">' in html
    plan = PlanImport.objects.get()
    assert f'<a href="{reverse("tasks:document", args=[plan.document_id])}">' in html


def test_a_page_of_fifty_changes_takes_a_fixed_number_of_queries(
    world, make_user, sample_units
) -> None:
    made = record_every_kind(sample_units)
    client = auditor_client(make_user)
    client.get(reverse("audit:list"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(reverse("audit:list")).status_code == 200
        return len(seen)

    newest = ChangeRecord.objects.all()[:50]
    assert len({(r.object_type, r.action) for r in newest}) >= 15  # many kinds on the page
    # session, person with their unit, roles and bell, count, page, units, people (an API
    # token's owner), tasks, documents, targets (an actual's target), attached files (a
    # meeting's minutes and notice), meetings (a conclusion's), inspections (a report's)
    assert queries() == 12
    # fifty hand-overs naming twenty tasks and a unit each: more names, no more queries
    units = list(Unit.objects.order_by("pk")[:50])
    for n, unit in enumerate(units):
        ChangeRecord.objects.create(
            actor=made.admin,
            actor_label=made.admin.username,
            action=ChangeKind.HAND_OVER,
            object_type="organisation.unit",
            object_id=str(unit.pk),
            object_repr=str(unit),
            after={"successor": units[-1 - n].code, "led": [made.task.pk + k for k in range(20)]},
        )
    assert queries() <= 11


def test_old_and_odd_rows_still_read(sample_units, admin_user) -> None:
    tst = sample_units["TST"]

    def old(object_type: str, action: str, before: object, after: object) -> None:
        ChangeRecord.objects.create(
            actor_label="nguoi.cu",
            action=action,
            object_type=object_type,
            object_id="999999",
            object_repr="Bản ghi cũ",
            before=before,
            after=after,
        )

    old("organisation.unit", "update", {"parent": tst.pk}, {"parent": 999999})
    old("organisation.unit", "update", {"fax": "024 1234"}, {"fax": "2025-06-30"})
    old("organisation.unit", "archive", None, {"kind": "legacy"})
    old("reports.quarterly", "create", None, {"total": 5, "when": "2025-01-02T03:04:05+00:00"})
    old("monitoring.urgingletter", "create", None, {"tasks": [999999, "x"], "unit": "?"})
    old("tasks.document", "update", ["not", "a", "dict"], "text")
    old("organisation.unit", "hand_over", None, {"successor": "KHONGCO", "led": list(range(50))})
    old("tasks.task", "update", {"lead_unit": "²"}, {"lead_unit": 10**30})
    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse("audit:list"))
    assert response.status_code == 200
    _, words = log_text(client)
    expected = [
        f"Đơn vị cấp trên: {unit_label(tst)} → 999999 (không còn trong hệ thống)",
        "Fax (trường này không còn trong hệ thống, ghi nguyên giá trị): 024 1234 → 30/06/2025",
        "archive (thao tác không còn trong hệ thống)",
        "Loại: legacy (giá trị không còn trong danh mục)",
        "reports.quarterly",
        "Total (loại đối tượng này không còn trong hệ thống): 5",
        "02/01/2025 10:04",
        "Nhiệm vụ được đôn đốc: 999999 (không còn trong hệ thống), x (không còn",
        "Đơn vị nhận: ? (không còn trong hệ thống)",
        "Đơn vị kế thừa: KHONGCO (không còn trong hệ thống)",
        "… và 30 mục khác",
        f"Đơn vị chủ trì: ² (không còn trong hệ thống) → {10**30} (không còn trong hệ thống)",
    ]
    missing = [text for text in expected if text not in words]
    assert not missing, missing


def test_a_deleted_task_in_a_hand_over_shows_its_id(sample_units, admin_user) -> None:
    ChangeRecord.objects.create(
        actor=admin_user,
        actor_label=admin_user.username,
        action=ChangeKind.HAND_OVER,
        object_type="organisation.unit",
        object_id=str(sample_units["TST"].pk),
        object_repr=str(sample_units["TST"]),
        before=None,
        after={"successor": "CSXH", "led": [424242], "coordinated": []},
    )
    assert not Task.objects.filter(pk=424242).exists()
    client = Client()
    client.force_login(admin_user)
    table, words = log_text(client)
    assert "Nhiệm vụ chủ trì đã chuyển: 424242 (không còn trong hệ thống)" in words
    detail = reverse("organisation:detail", args=[sample_units["TST"].pk])
    assert f'<a href="{detail}">' in table  # the unit itself still exists: a link
