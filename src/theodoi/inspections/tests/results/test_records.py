"""Records requests (Art. 16.3): a task of the inspected unit under the decision, whose
result's files the inspection's page lists; bad input refused whole, in Vietnamese."""

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.core.errors import Code, ValidationFailed
from theodoi.inspections.dossier import dossier
from theodoi.inspections.models import Inspection, RecordsRequest
from theodoi.inspections.records import records_request
from theodoi.organisation.models import Unit
from theodoi.tasks import steps
from theodoi.tasks.models import State, Task

pytestmark = pytest.mark.django_db
CONTENT = "Báo cáo tình hình thực hiện nhiệm vụ năm 2026 và các văn bản triển khai"


def ask(inspection: Inspection, actor: User, leader: User | None, **changes) -> RecordsRequest:
    values: dict[str, Any] = {"unit": inspection.units.get(code="CNTT"), "content": CONTENT,
              "due": date(2026, 11, 4), "leader": leader} | changes  # fmt: skip
    return records_request(actor=actor, inspection=inspection, **values)


def test_the_unit_gets_a_task_and_its_files_show_on_the_inspection(
    decided: Inspection, office: User, leader: User, cntt_head: User, cntt_staff: User
) -> None:
    request = ask(decided, office, leader)
    task = request.task
    assert (task.state, task.lead_unit.code, task.deadline) == (
        State.ASSIGNED, "CNTT", date(2026, 11, 4),
    )  # fmt: skip
    assert task.document_id == decided.decision_id and task.leader == leader
    task = steps.task_accept(
        actor=cntt_head, task=task, expected_version=task.version, assignees=[cntt_staff]
    )
    steps.task_progress(
        actor=cntt_staff, task=task, expected_version=task.version, note="Gửi hồ sơ",
        progress=100, files=[SimpleUploadedFile("ho-so-cntt.pdf", b"%PDF-1.4\n%%EOF\n")],
    )  # fmt: skip
    client = Client()
    client.force_login(office)
    page = client.get(reverse("inspections:detail", args=[decided.pk])).content.decode()
    section = page.split('id="yeu-cau-ho-so"')[1].split("</section>")[0]  # the requests' section
    assert "ho-so-cntt.pdf" in section and "04/11/2026" in section
    assert reverse("tasks:detail", args=[task.pk]) in section
    assert "quyet-dinh-15.docx" not in section  # the assignment's scan is not a record sent
    answers = [p.label for p in dossier(decided, date(2026, 11, 30)).item("d").papers]
    assert answers == ["Hồ sơ cung cấp: ho-so-cntt.pdf"]  # in the file too (Art. 18.1.d)
    task_page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Yêu cầu cung cấp hồ sơ của cuộc kiểm tra" in task_page


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"unit": "TST"}, "unit", Code.INVALID),
        ({"due": date(2026, 11, 1)}, "due", Code.INVALID),
        ({"due": None}, "due", Code.REQUIRED),
        ({"content": "  "}, "content", Code.REQUIRED),
        ({"leader": None}, "leader", Code.REQUIRED),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    decided: Inspection, office: User, leader: User, sample_units: dict[str, Unit],
    changes: dict, field: str, code: Code,
) -> None:  # fmt: skip
    if changes.get("unit"):
        changes["unit"] = sample_units[changes["unit"]]
    with pytest.raises(ValidationFailed) as refused:
        ask(decided, office, changes.pop("leader", leader), **changes)
    assert set(refused.value.errors) == {field} and refused.value.code == code
    assert not Task.objects.exists() and not RecordsRequest.objects.exists()


def test_only_the_office_records_the_request_as_a_task(
    decided: Inspection, head: User, leader: User, cntt_head: User
) -> None:
    for actor in (cntt_head, head):  # not on the team; on the team but not the Office
        with pytest.raises(ValidationFailed) as refused:
            ask(decided, actor, leader)
        assert refused.value.code == Code.NOT_PERMITTED
    assert not Task.objects.exists()


def test_an_inspection_without_a_decision_takes_no_request(
    planned: Inspection, office: User, leader: User
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        ask(planned, office, leader)
    assert refused.value.code == Code.WRONG_STATE
    assert "quyết định" in refused.value.errors["decision"]
