"""An auditor reads the change log on a phone: each change a card as wide as the screen, in
words, with the task a hand-over moved as a link to its page."""

from pathlib import Path

import pytest

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, UserFactory
from theodoi.audit.tests.every_kind import record_every_kind
from theodoi.browser_tests.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "data" / "screenshots"
PHONE = {"width": 390, "height": 844}


def test_an_auditor_reads_the_change_log_on_a_phone(live_server, page, sample_units) -> None:
    made = record_every_kind(sample_units)
    UserFactory.create(username="kiemsoat", full_name="Ngô Thị Soát", roles=[Role.AUDITOR])
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/nhat-ky/?loai=organisation.unit")
    sign_in(page, "kiemsoat", TEST_PASSWORD)
    page.wait_for_url("**/nhat-ky/**")

    rows = page.locator("table.changes tbody tr")
    handover = rows.filter(has_text="Chuyển nhiệm vụ sang đơn vị kế thừa").first
    text = handover.inner_text()
    assert "Trần Bình Quản" in text and "qt.tranb" not in text
    assert "phối hợp" not in text  # nothing coordinated: not said
    assert "Đơn vị kế thừa: Văn phòng mới" in " ".join(text.split())
    box = handover.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "change-log-phone.png"))

    handover.get_by_role("link", name=made.task.content[:20]).click()
    page.wait_for_url(f"**/nhiem-vu/{made.task.pk}/")
    assert "Rà soát quy trình thu nợ đọng" in page.locator("main").inner_text()
