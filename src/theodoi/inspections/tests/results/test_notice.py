"""The results notice (Art. 17.1 end) and the recommendations become follow-up tasks under
it, once each, counted in their unit's statistics."""

import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.tests.rendered import convert as libreoffice
from theodoi.inspections.models import Inspection, Recommendation
from theodoi.inspections.notices import notice_issue, recommendation_assign
from theodoi.inspections.tests.results.conftest import notified, reported
from theodoi.organisation.models import Unit
from theodoi.tasks.models import Document, DocumentKind, Origin, State, Task
from theodoi.tasks.selectors import get_visible_task

pytestmark = pytest.mark.django_db


def notice(inspection: Inspection, actor: User, **changes) -> Document:
    values: dict[str, Any] = {
        "number": "12",
        "issued_on": date(2026, 11, 16),
        "signer_name": "Nguyễn Lãnh Đạo",
        "signer_title": "Phó Giám đốc",
    }
    values |= changes
    return notice_issue(actor=actor, inspection=inspection, **values)


def test_the_notice_is_registered_with_its_word_file_which_opens(
    inspection: Inspection, head: User, sample_units: dict[str, Unit], tmp_path: Path
) -> None:
    reported(inspection, head, sample_units)
    document = notice(inspection, head)
    inspection.refresh_from_db()
    assert inspection.notice == document and inspection.notice_file is not None
    assert (document.kind, document.number, document.origin) == (
        DocumentKind.CONCLUSION, "12/TB-BHXH", Origin.INTERNAL,
    )  # fmt: skip
    source = tmp_path / "thong-bao.docx"
    source.write_bytes(inspection.notice_file.file.read())
    text = libreoffice(source, "txt:Text (encoded):UTF8", tmp_path).read_text("utf-8-sig")
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert "THÔNG BÁO" in lines and "Số: 12/TB-BHXH" in lines
    assert "Kết quả kiểm tra việc thực hiện nhiệm vụ Chính phủ giao năm 2026" in lines
    # the units by their full names, as the decision names them
    assert "- Trung tâm Công nghệ thông tin và Chuyển đổi số;" in lines
    assert "- Bảo hiểm xã hội Nghệ An;" in lines
    assert "KT. GIÁM ĐỐC" in lines and "PHÓ GIÁM ĐỐC" in lines


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"number": ""}, "number", Code.REQUIRED),
        ({"number": "12/QĐ-BHXH"}, "number", Code.INVALID),
        ({"issued_on": date(2026, 11, 11)}, "issued_on", Code.INVALID),  # before the report
        ({"signer_name": " "}, "signer_name", Code.REQUIRED),
        ({"signer_title": ""}, "signer_title", Code.REQUIRED),
    ],
)
def test_bad_notice_input_is_refused_naming_the_field(
    inspection: Inspection, head: User, sample_units: dict[str, Unit], changes, field, code
) -> None:
    reported(inspection, head, sample_units)
    with pytest.raises(ValidationFailed) as refused:
        notice(inspection, head, **changes)
    assert set(refused.value.errors) == {field} and refused.value.code == code
    assert not Document.objects.filter(kind=DocumentKind.CONCLUSION).exists()


def test_no_notice_before_the_report(inspection: Inspection, head: User) -> None:
    with pytest.raises(ValidationFailed) as refused:
        notice(inspection, head)
    assert refused.value.code == Code.WRONG_STATE


def test_a_recommendation_becomes_a_task_once_and_counts_for_its_unit(
    inspection: Inspection, head: User, office: User, leader: User,
    sample_units: dict[str, Unit],
) -> None:  # fmt: skip
    reported(inspection, head, sample_units)
    first = Recommendation.objects.get(inspection=inspection, order=1)
    with pytest.raises(ValidationFailed) as refused:  # no notice yet
        recommendation_assign(actor=office, recommendation=first, leader=leader)
    assert refused.value.code == Code.WRONG_STATE
    notified(inspection, head)
    task = recommendation_assign(actor=office, recommendation=first, leader=leader)
    assert (task.state, task.lead_unit.code, task.deadline) == (
        State.ASSIGNED, "NGHEAN", date(2026, 12, 15),
    )  # fmt: skip
    assert task.document == Document.objects.get(number="12/TB-BHXH")
    with pytest.raises(ValidationFailed) as refused:
        recommendation_assign(actor=office, recommendation=first, leader=leader)
    assert refused.value.code == Code.DUPLICATE
    assert Task.objects.count() == 1
    out = StringIO()
    call_command("stats", "--unit", "NGHEAN", "--json", stdout=out)  # as of today
    nghean = json.loads(out.getvalue())["by_unit"]["NGHEAN"]
    assert nghean["total"] == nghean["open_in_time"] + nghean["open_overdue"] == 1
    client = Client()
    client.force_login(office)
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert reverse("tasks:detail", args=[task.pk]) in page and "0%" in page
    task_page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Kiến nghị của cuộc kiểm tra" in task_page
    assert reverse("inspections:detail", args=[inspection.pk]) in task_page
    with CaptureQueriesContext(connection) as queries:  # the page's read joins two levels
        read = get_visible_task(office, task.pk)
        assert read is not None and read.recommendation.inspection == inspection
    assert len(queries) == 1


def test_a_team_member_not_of_the_office_cannot_record_the_task(
    inspection: Inspection, head: User, leader: User, sample_units: dict[str, Unit]
) -> None:
    reported(inspection, head, sample_units)
    notified(inspection, head)
    first = Recommendation.objects.get(inspection=inspection, order=1)
    with pytest.raises(ValidationFailed) as refused:
        recommendation_assign(actor=head, recommendation=first, leader=leader)
    assert refused.value.code == Code.NOT_PERMITTED
    assert not Task.objects.exists()
