"""The command imports through the same services as the page; the pages refuse bad files with
their message and write nothing; only the Office reaches them."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.conftest import with_token
from theodoi.imports.examples import excel
from theodoi.imports.models import ImportStatus, PlanImport
from theodoi.tasks.models import Document, Task
from theodoi.tasks.tests.conftest import client_for

HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện"]
ROWS = [
    HEADER,
    ["1", "Rà soát quy trình", "Văn phòng", "Quý I/2025"],
    ["2", "Kiểm tra chuyên đề", "Ban Quản lý dự án", "Quý II/2025"],
]


SIGNED = ["--number", "5/KH-BHXH", "--date", "2025-01-02", "--signer-name", "Nguyễn Văn Ký"]
PAGE = {"plan_date": "02/01/2025", "signer_name": "Nguyễn Văn Ký"}


@pytest.fixture
def office(sample_units, make_user):
    return make_user(Role.TRACKER, unit="VP", username="vp1")


def test_the_command_imports_as_the_page_does_and_refuses_a_flagged_plan(office, tmp_path) -> None:
    path = tmp_path / "kh.xlsx"
    path.write_bytes(excel(ROWS))
    with pytest.raises(CommandError, match="Còn 1 dòng cần sửa"):
        call_command("import_plan", str(path), *SIGNED, "--user", "vp1")
    assert Task.objects.count() == 0 and Document.objects.count() == 0
    path.write_bytes(excel(ROWS[:2]))
    out = StringIO()
    call_command("import_plan", str(path), *SIGNED, "--user", "vp1", "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == ["1#1"]
    assert Task.objects.get().document.number == "5/KH-BHXH"
    with pytest.raises(CommandError, match="--user"):
        call_command("import_plan", str(path), *SIGNED, "--user", "nobody")


def test_a_bad_file_is_refused_on_the_page_and_nothing_is_kept(office) -> None:
    client = client_for(office)
    response = client.post(
        reverse("imports:upload"),
        with_token(
            office, {"file": SimpleUploadedFile("kh.docx", b"not a word file"), "number": "7/KH"}
        ),
    )
    assert response.status_code == 200
    assert "không phải tệp Word (.docx) hay Excel (.xlsx)" in response.content.decode()
    assert PlanImport.objects.count() == 0


def test_a_row_is_corrected_without_scripts_then_the_plan_is_committed(office) -> None:
    client = client_for(office)
    response = client.post(
        reverse("imports:upload"),
        with_token(
            office, {"file": SimpleUploadedFile("kh.xlsx", excel(ROWS)), "number": "8/KH", **PAGE}
        ),
    )
    plan = PlanImport.objects.get()
    assert response["Location"] == reverse("imports:preview", args=[plan.pk])
    page = client.get(response["Location"]).content.decode()
    assert "1 dòng cần sửa" in page and "Không tìm thấy đơn vị nào tên «Ban Quản lý dự án»" in page
    refused = client.post(reverse("imports:commit", args=[plan.pk]), {"version": plan.version})
    assert "Còn 1 dòng cần sửa" in client.get(refused["Location"]).content.decode()
    assert Task.objects.count() == 0
    form = client.get(reverse("imports:row", args=[plan.pk, 2]) + "?sua=1").content.decode()
    assert "Ban Quản lý dự án" in form  # the unknown name offered for correction as written
    plan.refresh_from_db()
    client.post(
        reverse("imports:row", args=[plan.pk, 2]),
        {
            "version": plan.version,
            "content": "Kiểm tra chuyên đề",
            "lead": "KT",
            "coordinating": "",
            "schedule": "deadline",
            "deadline": "30/06/2025",
        },
    )
    plan.refresh_from_db()
    client.post(reverse("imports:commit", args=[plan.pk]), {"version": plan.version})
    plan.refresh_from_db()
    assert plan.status == ImportStatus.COMMITTED
    assert sorted(Task.objects.values_list("code", "lead_unit__code")) == [("1", "VP"), ("2", "KT")]


def test_only_the_office_reaches_an_import(office, make_user) -> None:
    plan_page = reverse("imports:upload")
    for role in (Role.LEADER, Role.UNIT_HEAD, Role.ADMIN):
        assert client_for(make_user(role, unit="TST")).get(plan_page).status_code == 403


def test_the_preview_names_units_and_groups(office) -> None:
    rows = [
        HEADER,
        ["1", "Rà soát đối tượng", "BHXH các tỉnh, thành phố", "Quý I/2025"],
        ["2", "Kiểm tra chuyên đề", "BHXH An Giang", "Quý II/2025"],
    ]
    client = client_for(office)
    response = client.post(
        reverse("imports:upload"),
        with_token(
            office, {"file": SimpleUploadedFile("kh.xlsx", excel(rows)), "number": "9/KH", **PAGE}
        ),
    )
    page = client.get(response["Location"]).content.decode()
    assert ">BHXH các tỉnh, thành phố</span>" in page and ">BHXH An Giang</span>" in page
    assert ">@PROVINCES</span>" not in page and ">ANGIANG</span>" not in page
