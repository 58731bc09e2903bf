"""The whole cycle of Regulation 1142 in the browser, by five demo people: the Office, a
leader, the lead unit's head and staff, and a coordinating unit's staff member — with a
return, a send-back and an extension on the way."""

from typing import Any

import pytest
from django.utils import timezone

from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"
CONTENT = "Xây dựng báo cáo đánh giá chữ ký số trên VssID (thử nghiệm trình duyệt)"


class People:
    """Each person's own browser window, signed in once and kept for their later steps."""

    def __init__(self, browser, url: str) -> None:
        self.browser, self.url, self.task_url = browser, url, ""
        self.windows: dict[str, Any] = {}

    def open(self, username: str):
        if username in self.windows:
            return self.windows[username]
        context = self.browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{self.url}/dang-nhap/")
        sign_in(page, username, PASSWORD)
        page.wait_for_url(f"{self.url}/")
        self.windows[username] = page
        return page

    def close(self) -> None:
        for page in self.windows.values():
            page.context.close()

    def step(
        self,
        username: str,
        action: str,
        fill: dict[str, str] | None = None,
        check: str = "",
        select: dict[str, str] | None = None,
    ) -> None:
        page = self.open(username)
        page.goto(self.task_url)
        page.get_by_role("link", name=action, exact=True).click()
        for label, value in (fill or {}).items():
            page.get_by_label(label).fill(value)
        for label, option in (select or {}).items():
            page.get_by_label(label).select_option(label=option)
        if check:
            page.get_by_label(check).check()
        page.get_by_role("button", name=action).click()
        page.wait_for_url(self.task_url)


def test_full_cycle_with_five_people(live_server, browser) -> None:
    copy_demo(PASSWORD)
    people = People(browser, live_server.url)

    office = people.open("vanphong")
    office.goto(f"{live_server.url}/van-ban/moi/")
    office.get_by_label("Loại văn bản").select_option(label="Công văn")
    office.get_by_label("Số, ký hiệu").fill("9999/VPCP-KSTT")
    office.get_by_label("Ngày ban hành").fill("10/11/2026")
    office.get_by_label("Cơ quan ban hành").fill("Văn phòng Chính phủ")
    office.get_by_label("Trích yếu").fill("Đề nghị báo cáo việc ký số trên ứng dụng VssID")
    office.get_by_role("button", name="Lưu").click()
    office.get_by_role("link", name="Thêm nhiệm vụ").click()
    office.get_by_label("Nội dung nhiệm vụ").fill(CONTENT)
    office.get_by_label("Đơn vị chủ trì (đề xuất)").fill("Trung tâm Công nghệ thông tin")
    office.get_by_label("Đơn vị phối hợp").fill("TST")
    office.get_by_label("Thời hạn", exact=True).fill("31/12/2026")
    office.get_by_role("button", name="Lưu").click()
    office.get_by_role("heading", name=CONTENT).wait_for()
    people.task_url = office.url

    people.step("vanphong", "Trình phân công", select={"Trình lãnh đạo": "Nguyễn Thị Lan"})
    leader = people.open("lanhdao")
    leader.goto(f"{live_server.url}/viec-cua-toi/")
    leader.get_by_role("link", name=CONTENT).click()
    leader.get_by_role("link", name="Giao nhiệm vụ", exact=True).click()
    assert leader.locator("#id_leads").input_value() == "Trung tâm CNTT"  # proposed by the Office
    leader.get_by_label("Ý kiến chỉ đạo").fill("CNTT chủ trì, TST phối hợp.")
    leader.get_by_role("button", name="Giao nhiệm vụ").click()
    leader.wait_for_url(people.task_url)
    assert "Hạn gửi kết quả về Văn phòng" in leader.locator("main").inner_text()

    people.step(
        "cntt.truongban", "Chuyển lại nhiệm vụ", {"Lý do chuyển lại": "Cần làm rõ phạm vi."}
    )
    people.step(
        "lanhdao", "Giữ nguyên phân công", {"Ý kiến chỉ đạo": "Giữ nguyên; phạm vi: VssID."}
    )
    people.step("cntt.truongban", "Nhận và phân công thực hiện", check="Đỗ Thu Hà")
    people.step(
        "cntt.chuyenvien",
        "Cập nhật tiến độ",
        {"Nội dung cập nhật": "Đã khảo sát.", "Tiến độ (%)": "50"},
    )
    people.step("tst.chuyenvien", "Gửi ý kiến phối hợp", {"Nội dung": "Số liệu người dùng VssID."})
    people.step(
        "cntt.truongban", "Đề nghị gia hạn",
        {"Thời hạn đề nghị": "31/01/2027", "Lý do": "Chờ kết quả thử nghiệm."},
    )  # fmt: skip
    people.step("lanhdao", "Quyết định gia hạn", check="Đồng ý gia hạn")
    people.step("cntt.truongban", "Gửi kết quả về Văn phòng", {"Kết quả thực hiện": "Báo cáo v1."})
    people.step("vanphong", "Trả lại để hoàn thiện", {"Nội dung cần hoàn thiện": "Thiếu số liệu."})
    people.step("cntt.truongban", "Gửi kết quả về Văn phòng", {"Kết quả thực hiện": "Báo cáo v2."})
    people.step("vanphong", "Trình lãnh đạo duyệt")
    people.step("lanhdao", "Phê duyệt kết quả")
    people.step(
        "vanphong", "Ghi nhận đã báo cáo cấp trên",
        {"Ngày gửi báo cáo": f"{timezone.localdate():%d/%m/%Y}", "Số văn bản báo cáo": "77/BC"},
    )  # fmt: skip

    page = people.open("kiemsoat")  # the read-only auditor sees the finished record
    page.goto(people.task_url)
    main = page.locator("main").inner_text()
    assert "Hoàn thành" in main
    assert "31/01/2027 (ban đầu 31/12/2026)" in main
    timeline = page.locator("ol.timeline").inner_text()
    for label in [
        "Vào sổ nhiệm vụ", "Trình phân công", "Giao nhiệm vụ", "Chuyển lại nhiệm vụ",
        "Giữ nguyên phân công", "Nhận và phân công thực hiện", "Cập nhật tiến độ",
        "Gửi ý kiến phối hợp", "Đề nghị gia hạn", "Quyết định gia hạn", "Trả lại để hoàn thiện",
        "Trình lãnh đạo duyệt", "Phê duyệt kết quả", "Ghi nhận đã báo cáo cấp trên",
    ]:  # fmt: skip
        assert label in timeline, label
    assert page.get_by_role("link", name="Phê duyệt kết quả").count() == 0
    people.close()
