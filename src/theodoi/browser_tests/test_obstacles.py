"""A coordinating unit raises a difficulty on the task page; the Office takes it to a leader from
its queue; the leader decides from the notification; the unit reads the decision on the task
page (Art. 9.1.b, 10.3)."""

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.browser_tests.demo_world import PASSWORD, coordinated_task, open_as
from theodoi.demo.tests.copies import copy_demo
from theodoi.notifications.services import mark_read
from theodoi.organisation.models import Unit
from theodoi.tasks.links import task_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DIFFICULTY = "Chưa có dữ liệu đối soát từ ngân hàng"


def test_an_obstacle_goes_to_the_leader_and_the_decision_comes_back(live_server, browser) -> None:
    copy_demo(PASSWORD)
    task = coordinated_task("90/KH-BHXH", "Thử nêu khó khăn, vướng mắc")
    leader = User.objects.get(username="lanhdao")
    hanoi = Unit.objects.get(code="HANOI")
    mark_read(leader)
    address = f"{live_server.url}{task_url(task.pk)}"

    unit = open_as(browser, live_server.url, "hanoi.giamdoc")
    unit.goto(address)
    unit.get_by_role("link", name="Nêu khó khăn, vướng mắc").click()
    unit.get_by_label("Khó khăn, vướng mắc").fill(DIFFICULTY)
    unit.get_by_label("Đề xuất, kiến nghị").fill("Đề nghị lãnh đạo làm việc với ngân hàng")
    unit.get_by_label("Đề xuất, kiến nghị").press("Tab")
    unit.keyboard.press("Tab")
    unit.get_by_role("button", name="Nêu khó khăn, vướng mắc").click()
    expect(unit.get_by_text("Đã gửi khó khăn, vướng mắc về Văn phòng.")).to_be_visible()

    desk = open_as(browser, live_server.url, "vanphong")
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

    chief = open_as(browser, live_server.url, "lanhdao")
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
