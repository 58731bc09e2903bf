"""A coordinating unit raises a difficulty on the task page; the Office takes it to a leader from
its queue; the leader decides from the notification; the unit reads the decision on the task
page (Art. 9.1.b, 10.3)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.browser_tests.signing import sign_in
from theodoi.demo.services import load_demo
from theodoi.notifications.services import mark_read
from theodoi.organisation.models import Unit
from theodoi.tasks import services, steps
from theodoi.tasks.links import task_url
from theodoi.tasks.models import DocumentKind, Origin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"
DIFFICULTY = "Chưa có dữ liệu đối soát từ ngân hàng"


def _open(browser, url: str, username: str):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{url}/dang-nhap/")
    sign_in(page, username, PASSWORD)
    page.wait_for_url(f"{url}/")
    return page


def test_an_obstacle_goes_to_the_leader_and_the_decision_comes_back(live_server, browser) -> None:
    load_demo(PASSWORD)
    office, leader = (User.objects.get(username=n) for n in ("vanphong", "lanhdao"))
    cntt, hanoi = (Unit.objects.get(code=code) for code in ("CNTT", "HANOI"))
    document = services.document_register(
        actor=office,
        kind=DocumentKind.PLAN,
        number="90/KH-BHXH",
        issued_on=date(2026, 1, 5),
        issuer="BHXH Việt Nam",
        summary="Kế hoạch chuyển đổi số năm 2026",
        origin=Origin.INTERNAL,
    )
    task = services.task_create(
        actor=office,
        document=document,
        content="Thử nêu khó khăn, vướng mắc",
        lead_units=[cntt],
        deadline=date(2099, 12, 31),
    )
    steps.task_assign(
        actor=leader,
        task=task,
        expected_version=task.version,
        leads=[cntt],
        coordinating=[hanoi],
        deadline=date(2099, 12, 31),
    )
    mark_read(leader)
    address = f"{live_server.url}{task_url(task.pk)}"

    unit = _open(browser, live_server.url, "hanoi.giamdoc")
    unit.goto(address)
    unit.get_by_role("link", name="Nêu khó khăn, vướng mắc").click()
    unit.get_by_label("Khó khăn, vướng mắc").fill(DIFFICULTY)
    unit.get_by_label("Đề xuất, kiến nghị").fill("Đề nghị lãnh đạo làm việc với ngân hàng")
    unit.get_by_label("Đề xuất, kiến nghị").press("Tab")
    unit.keyboard.press("Tab")
    unit.get_by_role("button", name="Nêu khó khăn, vướng mắc").click()
    expect(unit.get_by_text("Đã gửi khó khăn, vướng mắc về Văn phòng.")).to_be_visible()

    desk = _open(browser, live_server.url, "vanphong")
    menu = desk.get_by_role("navigation", name="Chính")
    menu.get_by_role("link", name="Khó khăn, vướng mắc", exact=True).click()
    row = desk.locator("tr", has_text=DIFFICULTY)
    expect(row).to_contain_text(str(hanoi))
    expect(row).to_contain_text("Chờ Văn phòng xử lý")
    row.get_by_role("link", name=DIFFICULTY).click()
    desk.get_by_role("link", name="Trình lãnh đạo").click()
    desk.get_by_label("Trình lãnh đạo").select_option(label=str(leader))
    desk.get_by_label("Ý kiến tham mưu của Văn phòng").fill("Văn phòng đề nghị đồng ý")
    desk.get_by_role("button", name="Trình lãnh đạo").click()
    expect(desk.get_by_text(f"Đã trình lãnh đạo {leader}.")).to_be_visible()
    desk.context.close()

    chief = _open(browser, live_server.url, "lanhdao")
    chief.locator("#bell").click()
    chief.get_by_role("link", name=f"Văn phòng trình khó khăn, vướng mắc của {hanoi}").click()
    chief.get_by_role("link", name="Cho ý kiến chỉ đạo").click()
    chief.get_by_label("Ý kiến chỉ đạo").fill("Đồng ý, giao Văn phòng làm việc với ngân hàng")
    chief.get_by_role("button", name="Cho ý kiến chỉ đạo").click()
    expect(chief.get_by_text("Đã ghi ý kiến chỉ đạo và gửi lại đơn vị.")).to_be_visible()
    chief.context.close()

    unit.goto(address)
    section = unit.locator("section", has_text="Khó khăn, vướng mắc")
    expect(section).to_contain_text("Đã có ý kiến chỉ đạo")
    expect(section).to_contain_text("Đồng ý, giao Văn phòng làm việc với ngân hàng")
    expect(unit.locator("ol.timeline")).to_contain_text("Ý kiến chỉ đạo về khó khăn, vướng mắc")
