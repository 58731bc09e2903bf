"""The Office makes an urging letter, presses "Ký số và phát hành" and downloads the signed
PDF; then anyone checks that PDF on the "Kiểm tra chữ ký" page, in the browser."""

import hashlib
from pathlib import Path

import pytest
from django.utils import timezone

from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo
from theodoi.monitoring.services import urging_tasks
from theodoi.organisation.models import Unit
from theodoi.signing import keys
from theodoi.signing.models import SignedDocument
from theodoi.signing.tests.ca import PASSPHRASE, SIGNER, agency_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"


def test_the_office_issues_a_signed_letter_and_it_checks_valid(
    live_server, page, settings, monkeypatch, tmp_path
) -> None:
    made = agency_key(tmp_path)
    settings.THEODOI_SIGNING_PKCS12 = str(made.pkcs12)
    settings.THEODOI_SIGNING_TRUST_ROOTS = str(made.roots_pem)
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv(keys.PASSPHRASE_VARIABLE, PASSPHRASE)
    copy_demo(PASSWORD)
    today = timezone.localdate()
    units = Unit.objects.exclude(parent=None).order_by("code")
    unit = next(u for u in units if urging_tasks(u, today, 5)[0])  # one with overdue tasks

    page.goto(f"{live_server.url}/don-vi/{unit.pk}/don-doc/")
    sign_in(page, "vanphong", PASSWORD)
    page.get_by_role("button", name="Lập văn bản đôn đốc (Word)").click()
    page.get_by_text("Đã lập văn bản đôn đốc").wait_for()
    page.get_by_role("button", name="Ký số và phát hành").click()
    # the request runs LibreOffice: give it the time a loaded machine may need
    page.get_by_text("Đã ký số và phát hành văn bản lúc").wait_for(timeout=120_000)
    page.screenshot(path=str(Path(tmp_path, "phat-hanh.png")), full_page=True)
    with page.expect_download() as caught:
        page.get_by_role("link", name="Bản PDF đã ký số").click()
    download = caught.value
    assert download.suggested_filename.endswith("-ky-so.pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == SignedDocument.objects.get().sha256

    page.get_by_role("link", name="Kiểm tra chữ ký").click()
    page.get_by_role("heading", name="Kiểm tra chữ ký số").wait_for()
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(saved))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    page.get_by_role("heading", name="Kết quả kiểm tra").wait_for()
    report = page.locator(".verdict").first
    assert report.locator("h3").inner_text() == "Chữ ký hợp lệ"
    assert SIGNER in report.inner_text()
    assert "Còn nguyên như lúc ký" in report.inner_text()
    page.screenshot(path=str(Path(tmp_path, "kiem-tra.png")), full_page=True)
