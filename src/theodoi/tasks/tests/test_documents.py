"""Correcting a registered document: history kept, its tasks kept consistent, bad input refused."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import Race, database_for_threads, in_threads, with_token
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.tasks import services, steps, views
from theodoi.tasks.models import Document, DocumentKind, Origin, Task
from theodoi.tasks.tests.conftest import World, at

pytestmark = pytest.mark.django_db


def fields(document: Document, **changes: Any) -> dict[str, Any]:
    values = {f: getattr(document, f) for f in services.DOCUMENT_FIELDS}
    return values | changes


def update(world: World, document: Document, **changes: Any) -> Document:
    return services.document_update(
        actor=world.office,
        document=document,
        expected_version=document.version,
        reason=str(changes.pop("reason", "Sửa theo bản gốc")),
        **fields(document, **changes),
    )


def test_a_correction_keeps_the_old_values_and_the_reason(world: World) -> None:
    document = world.document()
    update(world, document, number="99/QĐ-TTg", summary="Trích yếu đúng", reason="Ghi nhầm số")
    document.refresh_from_db()
    assert (document.number, document.summary, document.version) == (
        "99/QĐ-TTg",
        "Trích yếu đúng",
        2,
    )
    record = ChangeRecord.objects.get(object_type="tasks.document", action=ChangeKind.UPDATE)
    assert record.reason == "Ghi nhầm số"
    assert record.before["number"] == "1/QĐ-TTg" and record.after["number"] == "99/QĐ-TTg"


def test_a_new_number_is_found_in_the_task_search(world: World) -> None:
    document = world.document()
    services.task_create(actor=world.office, document=document, content="Báo cáo quý")
    update(world, document, number="321/TB-VPCP")
    client = Client()
    client.force_login(world.office)
    rows = client.get(reverse("tasks:list"), {"q": "321 tb vpcp"}).context["rows"]
    assert [row.task.content for row in rows] == ["Báo cáo quý"]


def test_refusals_name_what_is_wrong_and_change_nothing(world: World) -> None:
    document = world.document()
    other = world.document()
    task = services.task_create(
        actor=world.office,
        document=document,
        content="Việc có hạn",
        lead_units=[world.units["TST"]],
        deadline=date(2024, 3, 29),
    )
    cases: list[tuple[dict[str, Any], str]] = [
        ({"reason": "  "}, "reason"),
        ({"summary": ""}, "summary"),
        ({"number": other.number}, "number"),
        ({"issued_on": date(2024, 4, 1)}, "issued_on"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationFailed) as refused:
            update(world, document, **changes)
        assert field in refused.value.errors
    assert "29/03/2024" in refused.value.errors["issued_on"]
    steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=[world.units["TST"]],
        deadline=date(2024, 3, 29),
        at=at(date(2024, 1, 10)),
    )
    document.refresh_from_db()
    assert document.version == 1
    assert not ChangeRecord.objects.filter(action=ChangeKind.UPDATE).exists()


def test_origin_cannot_change_once_a_task_was_approved_under_it(world: World) -> None:
    document = world.document(origin=Origin.INTERNAL)
    task = services.task_create(
        actor=world.office, document=document, content="Việc", lead_units=[world.units["TST"]]
    )
    task = steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=[world.units["TST"]],
        deadline=None,
    )
    steps_taken: list[tuple[Callable[..., Task], User, dict[str, Any]]] = [
        (steps.task_accept, world.head, {"assignees": [world.staff]}),
        (steps.task_submit, world.head, {"result": "Xong"}),
        (steps.task_forward, world.office, {}),
        (steps.task_approve, world.leader, {}),
    ]
    for step, actor, kwargs in steps_taken:
        task = step(actor=actor, task=task, expected_version=task.version, **kwargs)
    with pytest.raises(ValidationFailed) as refused:
        update(world, document, origin=Origin.GOVERNMENT)
    assert "nguồn giao" in refused.value.errors["origin"]


def test_a_stale_form_is_refused_and_names_who_edited(world: World) -> None:
    document = world.document()
    stale = Document.objects.get(pk=document.pk)
    world.office.full_name = "Lê Thị Mai"
    world.office.save()
    update(world, document, summary="Bản sửa thứ nhất")
    with pytest.raises(ConflictError) as conflict:
        update(world, stale, summary="Bản sửa thứ hai")
    assert "vừa được Lê Thị Mai sửa" in str(conflict.value)  # the name, not "vanphong"
    document.refresh_from_db()
    assert document.summary == "Bản sửa thứ nhất"


def test_edit_page_for_the_office_only_and_history_on_the_document(world: World) -> None:
    document = world.document()
    url = reverse("tasks:document_edit", args=[document.pk])
    head = Client()
    head.force_login(world.head)
    assert head.get(url).status_code == 403
    office = Client()
    office.force_login(world.office)
    form = office.get(url)
    assert form.status_code == 200 and "Lý do sửa" in form.content.decode()
    data = {
        **{k: v for k, v in fields(document).items() if k != "issued_on"},
        "issued_on": "05/01/2024",
        "summary": "Trích yếu đã sửa",
        "reason": "",
        "version": document.version,
    }
    data = with_token(world.office, data)
    refused = office.post(url, data)
    assert refused.status_code == 200 and "Cần ghi lý do" in refused.content.decode()
    done = office.post(url, data | {"reason": "Sai trích yếu"}, follow=True)
    body = done.content.decode()
    assert "Lịch sử sửa (1)" in body and "Sai trích yếu" in body
    assert "<del>Giao nhiệm vụ năm 2024</del> → Trích yếu đã sửa" in body


def test_the_register_pages_keep_the_search(world: World, monkeypatch) -> None:
    for _ in range(3):
        world.document()
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = Client()
    client.force_login(world.office)
    body = client.get(reverse("tasks:documents"), {"q": "qđ ttg", "trang": "2"}).content.decode()
    assert '<a href="?q=q%C4%91+ttg&amp;trang=1" rel="prev">‹ Trang trước</a>' in body
    assert '<a href="?q=q%C4%91+ttg&amp;trang=3" rel="next">Trang sau ›</a>' in body
    assert "<span>Trang 2/3</span>" in body


def _register(world: World) -> str:
    """Register 77/QĐ-TTg of 05/01/2024; "registered", or the code of the refusal."""
    try:
        services.document_register(
            actor=world.office,
            kind=DocumentKind.DECISION,
            number="77/QĐ-TTg",
            issued_on=date(2024, 1, 5),
            issuer="Thủ tướng Chính phủ",
            summary="Giao nhiệm vụ",
        )
    except ValidationFailed as exc:
        return exc.code
    return "registered"


@pytest.mark.django_db(transaction=True)
def test_two_registrations_of_one_number_at_once_make_one_document(world: World, tmp_path):
    with database_for_threads(tmp_path):
        results = in_threads(lambda: _register(world), lambda: _register(world))
        count = in_threads(Document.objects.count)[0]
    assert sorted(results) == [Code.DUPLICATE, "registered"] and count == 1


@pytest.mark.django_db(transaction=True)
def test_the_registration_that_loses_the_race_gets_the_forms_message(world: World, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite never interleaves two writers (conftest.Race)")
    race, clean = Race(), services._clean_document

    def clean_then_tell(*args: Any, **kwargs: Any) -> Any:
        cleaned = clean(*args, **kwargs)
        race.passed()  # the number's check found nothing: the first is not committed yet
        return cleaned

    monkeypatch.setattr(services, "_clean_document", clean_then_tell)
    assert race.run(lambda: _register(world), lambda: _register(world)) == (
        "registered",
        Code.DUPLICATE,
    )
    assert Document.objects.filter(number="77/QĐ-TTg").count() == 1


def test_a_document_without_a_number_is_named_once_by_its_kind(world: World) -> None:
    plan = services.document_register(
        actor=world.office,
        kind=DocumentKind.PLAN,
        number="",
        issued_on=date(2025, 3, 10),
        issuer="BHXH Việt Nam",
        summary="Kế hoạch nội bộ",
        origin=Origin.INTERNAL,
        at=at(date(2025, 3, 10)),
    )
    task = services.task_create(actor=world.office, document=plan, content="Việc", code="1")
    client = Client()
    client.force_login(world.office)
    for url in (reverse("tasks:detail", args=[task.pk]), reverse("tasks:document", args=[plan.pk])):
        page = client.get(url).content.decode()
        assert "Kế hoạch ngày 10/03/2025" in page and "Kế hoạch Kế hoạch" not in page
    numbered = world.document()
    page = client.get(reverse("tasks:document", args=[numbered.pk])).content.decode()
    assert f"<h1>Quyết định số {numbered.number} ngày 05/01/2024</h1>" in page
