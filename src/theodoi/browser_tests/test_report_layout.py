"""The report pages read as forms and tables on a desktop screen: each field's label above it,
and a round's units in columns under their headings (the phone's cards only on a phone)."""

import pytest

from theodoi.browser_tests.demo_world import PASSWORD, hanoi_quarterly_report, open_as
from theodoi.demo.tests.copies import copy_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1366, "height": 900}


def above(page, label: str) -> None:
    """The field labelled `label` starts below the bottom of its label."""
    name = page.locator("label", has_text=label).first.bounding_box()
    field = page.get_by_label(label).first.bounding_box()
    assert name["y"] + name["height"] <= field["y"] + 1, (label, name, field)


def test_report_forms_and_round_table_on_a_desktop(live_server, browser) -> None:
    copy_demo(PASSWORD)
    report = hanoi_quarterly_report()
    province = open_as(browser, live_server.url, "hanoi.giamdoc")
    province.set_viewport_size(DESKTOP)
    province.goto(f"{live_server.url}/bao-cao/yeu-cau/{report.pk}/")
    above(province, "Kết quả thực hiện")
    above(province, "Khó khăn, vướng mắc")

    office = open_as(browser, live_server.url, "vanphong")
    office.set_viewport_size(DESKTOP)
    office.goto(f"{live_server.url}/bao-cao/dot/{report.round_id}/")
    table = office.locator("table.round-units")
    heading = table.get_by_role("columnheader", name="Trạng thái").bounding_box()
    cell = table.locator("tbody td[data-label='Trạng thái']").first.bounding_box()
    assert abs(heading["x"] - cell["x"]) <= 1 and cell["y"] > heading["y"], (heading, cell)

    office.goto(f"{live_server.url}/bao-cao/dot-xuat/moi/")
    above(office, "Nội dung yêu cầu")
    above(office, "Hạn nộp")
