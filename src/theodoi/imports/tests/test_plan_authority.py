"""Issue 20 point 7: a plan's tasks are assigned on the authority of the plan (its number,
date and signer), the plan's date is given or read from its header (never guessed), a plan
already in the register is refused unless re-imported knowingly, and the preview's row editor
fixes content and product and leads from one flagged row to the next."""

from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.conftest import with_token
from theodoi.core.errors import Code, ValidationFailed
from theodoi.imports import services
from theodoi.imports.examples import excel, word
from theodoi.imports.models import PlanImport
from theodoi.tasks.models import EventKind, Task
from theodoi.tasks.tests.conftest import client_for

HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện", "Sản phẩm"]
ROWS = [
    HEADER,
    ["1", "Rà soát quy trình", "Văn phòng", "Quý I/2025", "Báo cáo"],
    ["2", "Kiểm tra chuyên đề", "Văn phòng, Ban Kiểm tra", "Quý II/2025", "Kết luận"],
]
BASIS = "Giao theo Kế hoạch số 12/KH-BHXH ngày 02/01/2025"


@pytest.fixture
def office(sample_units, make_user):
    return make_user(Role.TRACKER, unit="VP", username="vp1")


@pytest.fixture
def leader(sample_units, make_user):
    return make_user(Role.LEADER, unit="VP", username="lanhdao", full_name="Nguyễn Thị Lan")


def upload(office, data: bytes, name: str = "kh.xlsx", **given):
    fields = {"number": "12/KH-BHXH", "plan_date": date(2025, 1, 2), **given}
    return services.plan_upload(actor=office, file=SimpleUploadedFile(name, data), **fields)


def commit(office, plan):
    return services.plan_commit(actor=office, plan_import=plan, expected_version=plan.version)


def test_the_tasks_are_assigned_on_the_signers_authority(office, leader) -> None:
    commit(office, upload(office, excel(ROWS), signer=leader))
    single = Task.objects.get(code="1")
    parent = Task.objects.get(code="2", parent=None)
    child = parent.children.get(lead_unit__code="KT")
    assert single.leader == leader and parent.leader == leader and child.leader == leader
    event = single.events.get(action=EventKind.IMPORT_PLAN)
    assert (event.data["leader_id"], event.data["decided_on"]) == (leader.pk, "2025-01-02")
    said = f"{BASIS} (người ký: Nguyễn Thị Lan)"
    assert event.note.startswith(said)
    client = client_for(office)
    for task in (single, parent, child):
        page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
        assert said in page, task  # "Lãnh đạo giao", not "—"
    timeline = client.get(reverse("tasks:detail", args=[single.pk])).content.decode()
    assert timeline.count(said) == 2  # the facts and the timeline's import event


def test_a_signer_without_an_account_is_named(office) -> None:
    commit(office, upload(office, excel(ROWS), signer_name="Trần Văn Cũ"))
    task = Task.objects.get(code="1")
    assert task.leader is None
    page = client_for(office).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert f"{BASIS} (người ký: Trần Văn Cũ)" in page


def test_the_signer_is_required_and_must_be_a_leader(office, make_user) -> None:
    with pytest.raises(ValidationFailed) as missing:
        upload(office, excel(ROWS))
    assert missing.value.code == Code.REQUIRED and "signer" in missing.value.errors
    staff = make_user(Role.UNIT_STAFF, unit="VP", username="cv1")
    with pytest.raises(ValidationFailed) as not_leader:
        upload(office, excel(ROWS), signer=staff)
    assert not_leader.value.code == Code.INVALID
    assert PlanImport.objects.count() == 0


def test_a_plan_without_a_date_is_refused_not_dated_1_january(office) -> None:
    with pytest.raises(ValidationFailed) as refused:
        upload(office, excel(ROWS), plan_date=None, signer_name="Trần Văn Cũ")
    assert refused.value.code == Code.REQUIRED and "plan_date" in refused.value.errors
    assert PlanImport.objects.count() == 0


def test_the_date_is_read_from_the_word_header_and_said(office) -> None:
    data = word(ROWS, tables_before=1, place_date="Hà Nội, ngày 15 tháng 3 năm 2024")
    plan = upload(office, data, "kh.docx", plan_date=None, signer_name="Trần Văn Cũ")
    assert plan.plan_date == date(2024, 3, 15)
    page = client_for(office).get(reverse("imports:preview", args=[plan.pk])).content.decode()
    assert "Ngày kế hoạch 15/03/2024 được đọc từ văn bản: «Hà Nội, ngày 15 tháng 3 năm 2024»" in (
        page
    )


def test_a_plan_already_in_the_register_is_refused_with_the_re_import_offered(office) -> None:
    data = excel(ROWS)
    commit(office, upload(office, data, signer_name="Trần Văn Cũ"))
    with pytest.raises(ValidationFailed) as same_number:
        upload(office, excel(ROWS[:2]), signer_name="Trần Văn Cũ")
    assert same_number.value.code == Code.DUPLICATE
    assert "Kế hoạch số 12/KH-BHXH ngày 02/01/2025 đã có trong sổ" in str(same_number.value)
    with pytest.raises(ValidationFailed) as same_file:
        upload(office, data, number="99/KH-BHXH", signer_name="Trần Văn Cũ")
    assert same_file.value.code == Code.DUPLICATE and "kế hoạch số 12/KH-BHXH" in str(
        same_file.value
    )
    client = client_for(office)
    form = {"number": "12/KH-BHXH", "plan_date": "02/01/2025", "signer_name": "Trần Văn Cũ"}
    refused = client.post(
        reverse("imports:upload"),
        with_token(office, {"file": SimpleUploadedFile("kh.xlsx", data), **form}),
    ).content.decode()
    assert "đã có trong sổ" in refused and "Nhập lại kế hoạch đã có" in refused
    assert PlanImport.objects.count() == 1
    again = client.post(
        reverse("imports:upload"),
        with_token(office, {"file": SimpleUploadedFile("kh.xlsx", data), **form, "reimport": "on"}),
    )
    plan = PlanImport.objects.latest("pk")
    assert again["Location"] == reverse("imports:preview", args=[plan.pk])
    assert plan.document is not None  # the re-import of the plan in the register


def test_the_row_editor_fixes_content_and_product(office) -> None:
    plan = upload(office, excel(ROWS), signer_name="Trần Văn Cũ")
    client = client_for(office)
    form = client.get(reverse("imports:row", args=[plan.pk, 1]) + "?sua=1").content.decode()
    assert "Rà soát quy trình</textarea>" in form and 'value="Báo cáo"' in form
    client.post(
        reverse("imports:row", args=[plan.pk, 1]),
        {
            "version": plan.version,
            "content": "Rà soát quy trình thu nợ",
            "product": "Báo cáo rà soát",
            "lead": "VP",
            "coordinating": "",
            "schedule": "deadline",
            "deadline": "31/03/2025",
        },
    )
    plan.refresh_from_db()
    commit(office, plan)
    task = Task.objects.get(code="1")
    assert (task.content, task.product) == ("Rà soát quy trình thu nợ", "Báo cáo rà soát")


def test_the_preview_leads_from_one_flagged_row_to_the_next(office) -> None:
    rows = [
        HEADER,
        ["1", "Việc một", "Ban Không Có", "Quý I/2025", ""],
        ["2", "Việc hai", "Văn phòng", "Quý I/2025", ""],
        ["3", "Việc ba", "Ban Cũng Không Có", "Quý I/2025", ""],
    ]
    plan = upload(office, excel(rows), signer_name="Trần Văn Cũ")
    page = client_for(office).get(reverse("imports:preview", args=[plan.pk])).content.decode()
    assert 'id="first-flag" href="#row-1"' in page
    row_one = page[page.index('id="row-1"') : page.index('id="row-2"')]
    row_two = page[page.index('id="row-2"') : page.index('id="row-3"')]
    row_three = page[page.index('id="row-3"') :]
    assert 'class="next-flag" href="#row-3"' in row_one and 'href="#row-3"' in row_two
    assert 'class="next-flag" href="#row-1"' in row_three  # round to the first


def test_the_command_takes_the_authority_options(office, leader, tmp_path) -> None:
    path = tmp_path / "kh.xlsx"
    path.write_bytes(excel(ROWS))
    base = ["import_plan", str(path), "--number", "5/KH-BHXH", "--user", "vp1"]
    with pytest.raises(CommandError, match="Cần nhập ngày kế hoạch"):
        call_command(*base, "--signer", "lanhdao")
    with pytest.raises(CommandError, match="lãnh đạo ký kế hoạch"):
        call_command(*base, "--date", "2025-01-02")
    call_command(*base, "--date", "2025-01-02", "--signer", "lanhdao", stdout=StringIO())
    assert Task.objects.get(code="1").leader == leader
    with pytest.raises(CommandError, match="đã có trong sổ"):
        call_command(*base, "--date", "2025-01-02", "--signer-name", "Trần Văn Cũ")
    out = StringIO()
    call_command(*base, "--date", "2025-01-02", "--signer", "lanhdao", "--reimport", stdout=out)
    assert "2 không đổi" in out.getvalue()
    docx = tmp_path / "kh.docx"
    docx.write_bytes(word(ROWS, tables_before=1, place_date="Hà Nội, ngày 15 tháng 3 năm 2024"))
    out = StringIO()
    call_command(
        "import_plan", str(docx), "--number", "6/KH", "--user", "vp1", "--signer-name", "X Y",
        stdout=out,
    )  # fmt: skip
    assert "Ngày kế hoạch đọc từ văn bản: «Hà Nội, ngày 15 tháng 3 năm 2024»" in out.getvalue()
