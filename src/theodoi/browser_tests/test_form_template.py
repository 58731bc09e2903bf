"""In the browser: a province downloads its Excel template from the upload page, fills it,
uploads it with a figure written "1,5" (refused, the cell named), then with a rule broken
(kept as the draft, the rule's cells named), then right and sent at once."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.browser_tests.signing import sign_in
from theodoi.reports.models import RequestState
from theodoi.statforms.models import FormEntry
from theodoi.statforms.tests.conftest import forms  # noqa: F401 — the forms' world
from theodoi.statforms.tests.filled import province_values
from theodoi.statforms.tests.sheets import filled, request_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_province_uploads_its_filled_template_until_it_is_sent(
    live_server,
    page,
    forms,  # noqa: F811
    tmp_path: Path,
) -> None:
    request = request_of("HANOI")
    page.goto(f"{live_server.url}/bieu-mau/{request.pk}/tai-len/")
    sign_in(page, forms.hanoi.username, TEST_PASSWORD)
    with page.expect_download() as caught:
        page.get_by_role("link", name="mẫu Excel của đơn vị cho kỳ này").click()
    template = Path(caught.value.path()).read_bytes()

    def send(name: str, **changed: object) -> None:
        made = tmp_path / name
        made.write_bytes(filled(template, province_values(**changed)))
        page.get_by_label("Tệp mẫu đã điền (.xlsx)").set_input_files(str(made))
        page.get_by_role("button", name="Đọc tệp và lưu").click()

    send("mau-1.xlsx", **{"5_5": "1,5"})
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Không lưu gì")
    expect(alert).to_contain_text("(cột 5 (Tại Trung tâm phục vụ HCC các cấp)): «1,5» có dấu phẩy")
    assert not FormEntry.objects.exists()

    send("mau-2.xlsx", **{"5_1": 1199})
    expect(page.get_by_role("status")).to_contain_text("Đã đọc tệp «mau-2.xlsx»")
    expect(page.locator("ul.findings.errors")).to_contain_text(
        "Quy tắc «5.1 = 5.2+5.3+5.4+5.5+5.6»"
    )
    assert FormEntry.objects.get().values["5.1"] == 1199

    page.get_by_label("Nộp luôn").check()
    send("mau-3.xlsx")
    expect(page.get_by_text("Đã nộp biểu mẫu từ tệp «mau-3.xlsx» (lần 1).")).to_be_visible()
    request.refresh_from_db()
    assert request.state == RequestState.SUBMITTED
