"""The pages: the Office presses "Ký số và phát hành" on a letter and downloads the signed PDF
(or is told in Vietnamese that no certificate is configured); the unit reads the signed copy."""

import hashlib

import pytest

from theodoi.signing.models import SignedDocument
from theodoi.signing.tests.ca import SIGNER
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
