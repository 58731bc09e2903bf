"""A leader assigns a task by typing part of a unit's name ("an gi") in the lead field and
picking "BHXH An Giang" from the suggestions (core/static/theodoi/unit-picker.js); the task
is then assigned to that province."""

from datetime import date

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo
from theodoi.organisation.models import Unit
from theodoi.tasks import services
from theodoi.tasks.links import task_url
from theodoi.tasks.models import DocumentKind, Origin, State, Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"


def test_a_leader_picks_the_lead_unit_by_part_of_its_name(live_server, page) -> None:
    copy_demo(PASSWORD)
    office = User.objects.get(username="vanphong")
    document = services.document_register(
        actor=office,
        kind=DocumentKind.PLAN,
        number="91/KH-BHXH",
        issued_on=date(2026, 1, 5),
        issuer="BHXH Việt Nam",
        summary="Kế hoạch rà soát năm 2026",
        origin=Origin.INTERNAL,
    )
    task = services.task_create(actor=office, document=document, content="Thử chọn đơn vị")

    page.goto(f"{live_server.url}{task_url(task.pk)}")
    sign_in(page, "lanhdao", PASSWORD)
    page.get_by_role("link", name="Giao nhiệm vụ", exact=True).click()
    lead = page.get_by_role("combobox", name="Đơn vị chủ trì")
    lead.press_sequentially("an gi")
    suggestions = page.get_by_role("listbox", name="Đơn vị gợi ý")
    expect(suggestions.get_by_role("option", name="BHXH An Giang")).to_be_visible()
    suggestions.get_by_role("option", name="BHXH An Giang").click()
    expect(lead).to_have_value("BHXH An Giang")
    expect(suggestions).to_be_hidden()
    page.get_by_label("Thời hạn", exact=True).fill("31/12/2099")
    page.get_by_role("button", name="Giao nhiệm vụ").click()

    expect(page.get_by_text("BHXH An Giang").first).to_be_visible()
    task = Task.objects.get(pk=task.pk)
    assert task.state == State.ASSIGNED
    assert task.lead_unit == Unit.objects.get(code="ANGIANG")
