"""The pages: the Office presses "Ký số và phát hành" on a letter and downloads the signed PDF
(or is told in Vietnamese that no certificate is configured); the unit reads the signed copy;
anyone checks an uploaded PDF; a task's attached PDF is checked where the task is seen."""

import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from theodoi.signing.models import SignedDocument
from theodoi.signing.tests.ca import SIGNER
from theodoi.tasks import services
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_office_issues_a_letter_and_downloads_the_signed_pdf(world, letter) -> None:
    office = client_for(world.office)
    page = office.get(f"/don-doc/{letter.pk}/ky-so/").content.decode()
    assert SIGNER in page and "Ký số và phát hành" in page
    response = office.post(f"/don-doc/{letter.pk}/ky-so/", follow=True)
    text = response.content.decode()
    assert "Đã ký số và phát hành văn bản lúc" in text
    assert f'href="/don-doc/{letter.pk}/ban-ky-so/">Bản PDF đã ký số</a>' in text
    download = office.get(f"/don-doc/{letter.pk}/ban-ky-so/")
    assert download["Content-Type"] == "application/pdf"
    assert "Don-doc-TST-08-12-2026-ky-so.pdf" in download["Content-Disposition"]
    data = download.getvalue()
    assert hashlib.sha256(data).hexdigest() == SignedDocument.objects.get().sha256


def test_without_a_certificate_the_button_explains_in_vietnamese(world, letter, settings) -> None:
    settings.THEODOI_SIGNING_PKCS12 = ""
    office = client_for(world.office)
    page = office.get(f"/don-doc/{letter.pk}/ky-so/")
    assert "Chưa cấu hình chứng thư số của cơ quan" in page.content.decode()
    response = office.post(f"/don-doc/{letter.pk}/ky-so/", follow=True)
    assert response.status_code == 200
    assert "Chưa cấu hình chứng thư số của cơ quan" in response.content.decode()
    assert not SignedDocument.objects.exists()


def test_the_unit_reads_the_signed_copy_and_others_do_not(world, letter) -> None:
    client_for(world.office).post(f"/don-doc/{letter.pk}/ky-so/")
    head = client_for(world.head)
    assert head.post(f"/don-doc/{letter.pk}/ky-so/").status_code == 403
    assert head.get(f"/don-doc/{letter.pk}/ban-ky-so/").status_code == 200
    assert client_for(world.other_head).get(f"/don-doc/{letter.pk}/ban-ky-so/").status_code == 404
    bell = head.get("/thong-bao/").content.decode()
    assert "Văn bản đôn đốc đã được ký số và phát hành" in bell


def check(client, name: str, content: bytes) -> str:
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post("/kiem-tra-chu-ky/", {"file": upload})
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_checks_an_uploaded_pdf(world, signed_letter) -> None:
    data, made = signed_letter
    staff = client_for(world.staff)
    with override_settings(THEODOI_SIGNING_TRUST_ROOTS=str(made.roots_pem)):
        page = check(staff, "cong-van.pdf", data)
    assert "<h3>Chữ ký hợp lệ</h3>" in page and SIGNER in page
    assert "Còn nguyên như lúc ký" in page
    unsigned = data[: data.index(b"%%EOF") + 5] + b"\n"
    assert "Tệp «chua-ky.pdf» không có chữ ký số nào." in check(staff, "chua-ky.pdf", unsigned)
    refused = check(staff, "hong.pdf", b"%PDF-1.7\nrac")
    assert "Không kiểm tra được tệp «hong.pdf»: tệp PDF bị hỏng" in refused


def test_an_attached_pdf_is_checked_where_the_task_is_seen(
    world, signed_letter, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    data, made = signed_letter
    task = services.task_create(
        actor=world.office,
        document=world.document(),
        content="Báo cáo đã ký số",
        lead_units=[world.units["TST"]],
        deadline=date(2026, 12, 31),
        files=[SimpleUploadedFile("bao-cao.pdf", data, content_type="application/pdf")],
    )
    attachment = task.attachments.get()
    office = client_for(world.office)
    detail = office.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert f'href="/tep/{attachment.pk}/chu-ky/">Kiểm tra chữ ký</a>' in detail
    with override_settings(THEODOI_SIGNING_TRUST_ROOTS=str(made.roots_pem)):
        page = office.get(f"/tep/{attachment.pk}/chu-ky/").content.decode()
    assert "<h3>Chữ ký hợp lệ</h3>" in page and "bao-cao.pdf" in page
    assert client_for(world.other_head).get(f"/tep/{attachment.pk}/chu-ky/").status_code == 404
