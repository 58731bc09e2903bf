"""In the browser: a file over the upload limit is refused as soon as it is chosen, before it
is sent, with a message naming the file and the limit; a file within it goes through."""

import pytest
from playwright.sync_api import expect

from theodoi.browser_tests.signing import sign_in
from theodoi.browser_tests.test_approval_page import PASSWORD, under_way
from theodoi.demo.tests.copies import copy_demo
from theodoi.tasks.links import task_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MB = 1024 * 1024


def test_a_file_over_the_limit_is_refused_before_it_is_sent(
    live_server, page, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    copy_demo(PASSWORD)
    task = under_way()
    big = tmp_path / "bao-cao-lon.pdf"
    with big.open("wb") as out:
        out.write(b"%PDF-1.4\n")
        out.truncate(30 * MB)
    small = tmp_path / "bao-cao.pdf"
    small.write_bytes(b"%PDF-1.4\n% bao cao\n")
    sent: list[int] = []
    page.on("request", lambda r: sent.append(len(r.post_data_buffer or b"")))

    page.goto(f"{live_server.url}{task_url(task.pk)}")
    sign_in(page, "cntt.truongban", PASSWORD)
    page.get_by_role("link", name="Cập nhật tiến độ").click()
    page.get_by_label("Nội dung cập nhật").fill("Đã xong phần thử nghiệm")
    page.get_by_label("Tiến độ (%)").fill("40")
    files = page.get_by_label("Tệp đính kèm")
    files.set_input_files(str(big))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("«bao-cao-lon.pdf» (30 MB) vượt giới hạn 20 MB mỗi tệp")
    assert files.evaluate("input => input.files.length") == 0
    assert max(sent) < 20 * MB  # nothing the size of the file went out

    files.set_input_files(str(small))
    expect(alert).to_have_count(0)
    page.get_by_role("button", name="Cập nhật tiến độ").click()
    expect(page.get_by_text("Đã cập nhật tiến độ.")).to_be_visible()
    expect(page.locator("ol.timeline")).to_contain_text("bao-cao.pdf")
    assert max(sent) < 20 * MB
