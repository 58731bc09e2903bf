"""Issuing a generated urging letter as a PDF signed with the agency's key: LibreOffice makes
the PDF, pyHanko signs it (PAdES), the copy is kept with its SHA-256 and logged, and the
signature then checks as valid; refusals when signing cannot be done."""

import hashlib
import socket
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils import timezone

from theodoi.audit.models import ChangeRecord
from theodoi.core.errors import Code, ValidationFailed
from theodoi.monitoring.models import UrgingLetter
from theodoi.signing import keys, pdf, services
from theodoi.signing.models import SignedDocument
from theodoi.signing.selectors import signed_copy
from theodoi.signing.tests.ca import AGENCY, PASSPHRASE, SIGNER
from theodoi.signing.tests.tsa import timestamp_server
from theodoi.signing.verify import VALID, check_pdf

pytestmark = pytest.mark.django_db


def letter_issue(*, actor, letter: UrgingLetter) -> SignedDocument:
    with letter.file.open("rb") as handle:
        docx = handle.read()
    return services.signed_issue(actor=actor, source=letter, docx=docx, file_name="don-doc-ky-so")


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "ky-so").rglob("*") if p.is_file())


def test_the_letter_is_issued_signed_and_checks_valid(world, letter, settings) -> None:
    before = timezone.now()
    copy = letter_issue(actor=world.office, letter=letter)
    after = timezone.now()
    data = copy.file.read()
    assert data.startswith(b"%PDF") and copy.size == len(data)
    assert copy.sha256 == hashlib.sha256(data).hexdigest()
    assert copy.issued_by == world.office and copy.level == "PAdES B-B"
    assert before <= copy.issued_at <= after
    [signature] = check_pdf(data, "don-doc.pdf").signatures
    assert signature.verdict == VALID
    assert (signature.signer, signature.organisation) == (SIGNER, AGENCY)
    assert signature.signed_at == f"{timezone.localtime(copy.issued_at):%d/%m/%Y %H:%M}"
    assert signature.intact and signature.unmodified and signature.trusted
    logged = ChangeRecord.objects.get(object_type="signing.signeddocument", object_id=str(copy.pk))
    assert logged.actor == world.office and logged.after["sha256"] == copy.sha256


def test_a_letter_is_issued_once(world, letter, settings) -> None:
    first = letter_issue(actor=world.office, letter=letter)
    with pytest.raises(ValidationFailed) as refused:
        letter_issue(actor=world.office, letter=letter)
    assert refused.value.code == Code.DUPLICATE
    assert list(SignedDocument.objects.all()) == [first]
    assert stored_files(Path(settings.MEDIA_ROOT)) == [Path(first.file.path)]


def test_two_presses_at_once_issue_one_copy(world, letter, settings, monkeypatch) -> None:
    """The second request looked before the first had saved: the database keeps one copy,
    the second is refused as a duplicate and its file is removed."""
    first = letter_issue(actor=world.office, letter=letter)
    looked: list[object] = []

    def not_yet_saved(source):
        looked.append(source)
        return None if len(looked) == 1 else signed_copy(source)

    monkeypatch.setattr(services, "signed_copy", not_yet_saved)
    with pytest.raises(ValidationFailed) as refused:
        letter_issue(actor=world.office, letter=letter)
    assert refused.value.code == Code.DUPLICATE and len(looked) == 2
    assert list(SignedDocument.objects.all()) == [first]
    assert stored_files(Path(settings.MEDIA_ROOT)) == [Path(first.file.path)]


def test_without_a_configured_certificate_nothing_is_issued(world, letter, settings) -> None:
    settings.THEODOI_SIGNING_PKCS12 = ""
    with pytest.raises(ValidationFailed) as refused:
        letter_issue(actor=world.office, letter=letter)
    assert refused.value.code == Code.REQUIRED
    assert "Chưa cấu hình chứng thư số của cơ quan" in str(refused.value)
    assert not SignedDocument.objects.exists()
    assert not ChangeRecord.objects.filter(object_type="signing.signeddocument").exists()


def test_a_wrong_passphrase_is_refused(world, letter, monkeypatch) -> None:
    monkeypatch.setenv("THEODOI_SIGNING_PASSPHRASE", "sai-mat-khau")
    with pytest.raises(ValidationFailed) as refused:
        letter_issue(actor=world.office, letter=letter)
    assert refused.value.code == Code.INVALID
    assert "sai mật khẩu" in str(refused.value)
    assert not SignedDocument.objects.exists()


def test_a_hung_libreoffice_is_ended_and_refused(world, letter, settings, tmp_path) -> None:
    hung = tmp_path / "soffice"
    hung.write_text("#!/bin/sh\nexec sleep 600\n")
    hung.chmod(hung.stat().st_mode | stat.S_IEXEC)
    settings.THEODOI_SOFFICE = str(hung)
    settings.THEODOI_SOFFICE_TIMEOUT = 1
    with pytest.raises(ValidationFailed) as refused:
        letter_issue(actor=world.office, letter=letter)
    assert refused.value.code == Code.FILE_REFUSED
    assert "trong 1 giây" in str(refused.value)
    assert not SignedDocument.objects.exists()


def test_with_a_timestamp_server_the_signature_is_b_t(world, letter, settings, agency) -> None:
    with timestamp_server(agency.root) as url:
        settings.THEODOI_SIGNING_TSA_URL = url
        copy = letter_issue(actor=world.office, letter=letter)
    assert copy.level == "PAdES B-T"
    [signature] = check_pdf(copy.file.read(), "don-doc.pdf").signatures
    assert signature.verdict == VALID and signature.time_source == "dấu thời gian"
    assert not signature.notes


def test_a_pkcs11_module_that_does_not_load_is_refused(world, letter, settings) -> None:
    """Only the refusal is tested: no PKCS#11 token exists where the tests run."""
    settings.THEODOI_SIGNING_PKCS11_MODULE = "/khong-co/libtoken.so"
    settings.THEODOI_SIGNING_PKCS11_TOKEN = "BHXH"
    with pytest.raises(ValidationFailed) as refused:
        letter_issue(actor=world.office, letter=letter)
    assert refused.value.code == Code.INVALID
    assert "Không mở được thiết bị ký số PKCS#11 «BHXH»" in str(refused.value)
    assert not SignedDocument.objects.exists()


def test_a_pkcs12_file_without_its_key_is_refused(world, letter, settings, agency) -> None:
    """An operator who exports the certificate without its private key: a refusal saying what
    the file lacks, on the page and on issuing, never a server error."""
    certificate_only = agency.pkcs12.with_name("chi-chung-thu.p12")
    certificate_only.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"agency",
            None,
            agency.root.cert,
            None,
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    settings.THEODOI_SIGNING_PKCS12 = str(certificate_only)
    for attempt in (keys.certificate_info, lambda: letter_issue(actor=world.office, letter=letter)):
        with pytest.raises(ValidationFailed) as refused:
            attempt()
        assert "thiếu khoá riêng hay chứng thư" in str(refused.value)
    assert not SignedDocument.objects.exists()


def test_an_unreachable_timestamp_server_is_named_in_vietnamese(world, letter, settings) -> None:
    with socket.socket() as closed:  # a port that was free: nothing listens on it now
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.THEODOI_SIGNING_TSA_URL = f"http://127.0.0.1:{port}/tsa"
    with pytest.raises(ValidationFailed) as refused:
        letter_issue(actor=world.office, letter=letter)
    message = str(refused.value)
    assert "máy chủ cấp dấu thời gian (THEODOI_SIGNING_TSA_URL) không trả lời" in message
    assert "Error" not in message and "timestamp" not in message  # the library's own words
    assert not SignedDocument.objects.exists()


def test_libreoffice_is_not_given_the_sites_secrets(monkeypatch) -> None:
    for secret in ("THEODOI_SIGNING_PASSPHRASE", "THEODOI_SIGNING_PKCS11_PIN", "SECRET_KEY"):
        monkeypatch.setenv(secret, "bi-mat")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    given = pdf._environment("/tmp/lo-home")
    assert given["PATH"] == "/usr/bin:/bin" and given["HOME"] == "/tmp/lo-home"
    assert "bi-mat" not in given.values()
