"""Report types as administrators define them: the services' refusals and the pages."""

import re
from dataclasses import replace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.audit.models import ChangeRecord
from theodoi.conftest import with_token
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.organisation.models import Unit
from theodoi.reports.models import DueRule, Frequency, ReportType, WindowRule
from theodoi.reports.types import (
    TypeFields,
    parse_sections,
    report_type_create,
    report_type_update,
)

SECTIONS = "Kết quả thực hiện | bắt buộc | Theo từng nhiệm vụ\nKhó khăn, vướng mắc\n"


def tthc(units: dict[str, Unit], **changes: object) -> TypeFields:
    fields = TypeFields(
        name="Báo cáo kiểm soát TTHC quý",
        frequency=Frequency.QUARTER,
        collector=units["VP"],
        reporters="@provinces; tst",
        due_rule=DueRule.BEFORE_DAY_OF_LAST_MONTH,
        due_day=19,
        window_rule=WindowRule.CUTOFF,
        window_cutoff_day=14,
        period_numbers=[3, 1, 2],
        sections=parse_sections(SECTIONS),
    )
    return replace(fields, **changes)  # type: ignore[arg-type]


@pytest.fixture
def admin(sample_units: dict[str, Unit]) -> User:
    return UserFactory.create(roles=[Role.ADMIN], unit=sample_units["VP"], full_name="Quản Trị")


@pytest.mark.django_db
def test_an_administrator_defines_a_type_and_the_change_log_keeps_it(
    sample_units: dict[str, Unit], admin: User
) -> None:
    made = report_type_create(actor=admin, fields=tthc(sample_units))
    assert made.code == "bao-cao-kiem-soat-tthc-quy"
    assert made.reporters == "@PROVINCES; TST"
    assert made.period_numbers == [1, 2, 3]
    assert made.sections == [
        {
            "key": "ket-qua-thuc-hien",
            "title": "Kết quả thực hiện",
            "required": True,
            "hint": "Theo từng nhiệm vụ",
        },
        {"key": "kho-khan-vuong-mac", "title": "Khó khăn, vướng mắc", "required": False},
    ]
    record = ChangeRecord.objects.get(object_type="reports.reporttype")
    assert record.after is not None and record.after["reporters"] == ["@PROVINCES", "TST"]
    again = report_type_create(actor=admin, fields=tthc(sample_units, form_code="tthc"))
    assert again.code == "bao-cao-kiem-soat-tthc-quy-2"
    assert again.form_code == "tthc"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "words", "code"),
    [
        ({"name": "  "}, "name", "tên báo cáo", Code.REQUIRED),
        ({"reporters": ""}, "reporters", "đơn vị phải báo cáo", Code.REQUIRED),
        ({"reporters": "@PROVINCES; XYZ; @RELATED"}, "reporters", "«XYZ, @RELATED»", Code.INVALID),
        ({"due_day": 32}, "due_day", "từ 1 đến 31", Code.INVALID),
        ({"due_rule": DueRule.WORKING_DAYS_AFTER, "due_day": 0}, "due_day", "60", Code.INVALID),
        ({"window_cutoff_day": None}, "window_cutoff_day", "ngày chốt", Code.INVALID),
        ({"period_numbers": [1, 5]}, "period_numbers", "từ 1 đến 4", Code.INVALID),
        (
            {"sections": [{"key": "", "title": " ", "required": True}]},
            "sections",
            "Phần thứ 1",
            Code.INVALID,
        ),
        (
            {"sections": parse_sections("Kết quả\nKết quả! | bắt buộc")},
            "sections",
            "trùng",
            Code.INVALID,
        ),
        ({"form_code": "tthc-cu"}, "form_code", "Không có biểu mẫu «tthc-cu»", Code.INVALID),
        (
            {"form_code": "tthc", "frequency": Frequency.MONTH, "period_numbers": []},
            "form_code",
            "được báo cáo hằng năm hoặc hằng quý",
            Code.INVALID,
        ),
    ],
)
def test_a_bad_type_is_refused_naming_the_field_and_nothing_is_written(
    sample_units: dict[str, Unit],
    admin: User,
    changes: dict[str, object],
    field: str,
    words: str,
    code: Code,
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        report_type_create(actor=admin, fields=tthc(sample_units, **changes))
    assert refused.value.code == code
    assert words.lower() in refused.value.errors[field].lower()
    assert not ReportType.objects.exists()
    assert not ChangeRecord.objects.filter(object_type="reports.reporttype").exists()


def test_an_unreadable_section_flag_names_its_line() -> None:
    with pytest.raises(ValidationFailed, match="Dòng 2"):
        parse_sections("Kết quả | bắt buộc\nKhó khăn | có lẽ")


@pytest.mark.django_db
def test_only_an_administrator_and_only_on_the_version_seen(
    sample_units: dict[str, Unit], admin: User
) -> None:
    office = UserFactory.create(roles=[Role.TRACKER], unit=sample_units["VP"])
    with pytest.raises(ValidationFailed) as refused:
        report_type_create(actor=office, fields=tthc(sample_units))
    assert refused.value.code == Code.NOT_PERMITTED
    made = report_type_create(actor=admin, fields=tthc(sample_units))
    saved = report_type_update(
        actor=admin,
        report_type=made,
        expected_version=1,
        fields=tthc(sample_units, window_rule=WindowRule.CALENDAR, due_day=20),
    )
    assert (saved.version, saved.due_day, saved.window_cutoff_day) == (2, 20, None)
    with pytest.raises(ConflictError):
        report_type_update(
            actor=admin, report_type=made, expected_version=1, fields=tthc(sample_units)
        )
    assert ReportType.objects.get().due_day == 20


def form_data(units: dict[str, Unit], **changes: str) -> dict[str, str]:
    data = {
        "name": "Báo cáo CCHC quý",
        "frequency": Frequency.QUARTER,
        "period_numbers": "1, 2, 3",
        "collector": str(units["PC"].pk),
        "reporters": "@CENTRAL; @PROVINCES",
        "due_rule": DueRule.BEFORE_DAY_OF_LAST_MONTH,
        "due_day": "19",
        "window_rule": WindowRule.CUTOFF,
        "window_cutoff_day": "14",
        "sections": SECTIONS,
        "active": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_pages_add_a_type_list_it_in_words_and_edit_its_sections(
    sample_units: dict[str, Unit], admin: User
) -> None:
    client = Client()
    client.force_login(admin)
    create = reverse("report_types:create")
    response = client.post(create, with_token(admin, form_data(sample_units, due_day="40")))
    page = response.content.decode()
    assert response.status_code == 200 and "phải từ 1 đến 31" in page
    assert not ReportType.objects.exists()
    response = client.post(create, with_token(admin, form_data(sample_units)))
    assert response.status_code == 302
    made = ReportType.objects.get()
    assert [s["title"] for s in made.sections] == ["Kết quả thực hiện", "Khó khăn, vướng mắc"]
    listing = client.get(reverse("report_types:list")).content.decode()
    assert "Các đơn vị trực thuộc BHXH Việt Nam; BHXH các tỉnh, thành phố" in listing
    assert "@PROVINCES" not in listing and "Trước ngày 19 của tháng cuối kỳ" in listing
    edit = reverse("report_types:edit", args=[made.pk])
    assert "Khó khăn, vướng mắc | không bắt buộc" in client.get(edit).content.decode()
    changed = form_data(sample_units, sections="Kết quả | bắt buộc\n | bắt buộc", version="1")
    page = client.post(edit, changed).content.decode()
    assert "Phần thứ 2 của báo cáo chưa có tiêu đề" in page
    changed["sections"] = "Kết quả | bắt buộc"
    assert client.post(edit, changed).status_code == 302
    assert ReportType.objects.get().sections[0]["title"] == "Kết quả"
    html = client.get(reverse("audit:list")).content.decode()
    log = " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" :", ":").replace(" ,", ",")
    assert "Tạo loại báo cáo" in log and "@CENTRAL" not in log
    assert "Đơn vị phải báo cáo: Các đơn vị trực thuộc BHXH Việt Nam, BHXH các tỉnh" in log


@pytest.mark.django_db
def test_the_list_takes_as_many_queries_for_eight_types_as_for_one(
    sample_units: dict[str, Unit], admin: User
) -> None:
    client = Client()
    client.force_login(admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("report_types:list")).status_code == 200
        return len(captured)

    report_type_create(actor=admin, fields=tthc(sample_units))
    queries()  # the first page of a session also renews it
    one = queries()
    for n in range(7):
        report_type_create(
            actor=admin,
            fields=tthc(sample_units, reporters="TST; PC; @CENTRAL; CSXH", name=f"Báo cáo {n}"),
        )
    assert queries() == one
