"""The agency's signing key and the roots it trusts, as the settings name them.

The key is a PKCS#12 file (THEODOI_SIGNING_PKCS12, its passphrase in the environment variable
THEODOI_SIGNING_PASSPHRASE) or a key on a PKCS#11 token (THEODOI_SIGNING_PKCS11_MODULE, _TOKEN,
_KEY, its PIN in THEODOI_SIGNING_PKCS11_PIN). Secrets are read from the environment at the
moment of signing and kept nowhere else. Anything missing or wrong is refused with a message
that says what to set, never a server error.
"""

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import x509
from django.conf import settings
from pyhanko.keys import load_certs_from_pemder
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper

from theodoi.core.errors import Code, ValidationFailed

log = logging.getLogger(__name__)
PASSPHRASE_VARIABLE = "THEODOI_SIGNING_PASSPHRASE"
PIN_VARIABLE = "THEODOI_SIGNING_PKCS11_PIN"
NOT_CONFIGURED = (
    "Chưa cấu hình chứng thư số của cơ quan nên chưa ký số được. Quản trị hệ thống cần khai báo "
    "tệp chứng thư (PKCS#12) hoặc thiết bị ký (PKCS#11) theo hướng dẫn vận hành."
)


def refused(message: str, code: Code = Code.INVALID) -> ValidationFailed:
    return ValidationFailed({"__all__": message}, code)


def configured() -> bool:
    return bool(settings.THEODOI_SIGNING_PKCS11_MODULE or settings.THEODOI_SIGNING_PKCS12)


def name_part(name: x509.Name, part: str) -> str:
    value = name.native.get(part, "")
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def subject_line(cert: x509.Certificate) -> str:
    """ "Văn phòng BHXH Việt Nam, BẢO HIỂM XÃ HỘI VIỆT NAM": common name, organisation."""
    parts = [name_part(cert.subject, "common_name"), name_part(cert.subject, "organization_name")]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or cert.subject.human_friendly


@dataclass(frozen=True)
class CertificateInfo:
    """What the Office sees of the key before it signs."""

    source: str  # "Tệp PKCS#12 …" / "Thiết bị PKCS#11 …"
    subject: str = ""
    issuer: str = ""
    valid_from: datetime | None = None
    valid_until: datetime | None = None


def _pkcs12_signer() -> SimpleSigner:
    path = Path(settings.THEODOI_SIGNING_PKCS12)
    try:
        data = path.read_bytes()
    except OSError:
        raise refused(
            f"Không đọc được tệp chứng thư số «{path}» (THEODOI_SIGNING_PKCS12). "
            "Quản trị hệ thống cần kiểm tra đường dẫn và quyền đọc tệp.",
            Code.REQUIRED,
        ) from None
    passphrase = os.environ.get(PASSPHRASE_VARIABLE, "")
    try:
        return SimpleSigner.load_pkcs12_data(
            data, other_certs=[], passphrase=passphrase.encode() if passphrase else None
        )
    except Exception:  # a wrong passphrase, not PKCS#12, or a file without its key or certificate
        log.warning("PKCS#12 file refused", exc_info=True)
        raise refused(
            f"Không mở được tệp chứng thư số «{path.name}»: sai mật khẩu ({PASSPHRASE_VARIABLE}), "
            "tệp không phải PKCS#12, hoặc tệp thiếu khoá riêng hay chứng thư của khoá ký."
        ) from None


@contextmanager
def _pkcs11_signer() -> Iterator[Signer]:
    """The key on a PKCS#11 token (a USB token or an HSM), through pyHanko's PKCS#11 signer.
    Not exercised by the tests: no token exists where they run."""
    from pyhanko.sign import pkcs11  # loads python-pkcs11 only when a token is configured

    token = settings.THEODOI_SIGNING_PKCS11_TOKEN
    key = settings.THEODOI_SIGNING_PKCS11_KEY
    try:
        session = pkcs11.open_pkcs11_session(
            settings.THEODOI_SIGNING_PKCS11_MODULE,
            token_criteria=pkcs11.TokenCriteria(label=token) if token else None,
            user_pin=os.environ.get(PIN_VARIABLE) or None,
        )
    except Exception:  # the module's own errors: missing library, no token, wrong PIN
        log.warning("PKCS#11 session refused", exc_info=True)
        raise refused(
            f"Không mở được thiết bị ký số PKCS#11 «{token or '(thiết bị đầu tiên)'}»: thiếu thư "
            f"viện, không thấy thiết bị hoặc sai mã PIN ({PIN_VARIABLE}); chi tiết trong nhật ký."
        ) from None
    try:
        yield pkcs11.PKCS11Signer(session, key_label=key or None, cert_label=key or None)
    finally:
        session.close()


@contextmanager
def agency_signer() -> Iterator[Signer]:
    """The signer holding the agency's key, for the time of one signature."""
    if settings.THEODOI_SIGNING_PKCS11_MODULE:
        with _pkcs11_signer() as signer:
            yield signer
    elif settings.THEODOI_SIGNING_PKCS12:
        yield _pkcs12_signer()
    else:
        raise refused(NOT_CONFIGURED, Code.REQUIRED)


def certificate_info() -> CertificateInfo:
    """The configured key, described without opening a token (a token may ask for its PIN);
    refused as `agency_signer` is when nothing is configured or the file does not open."""
    if settings.THEODOI_SIGNING_PKCS11_MODULE:
        label = settings.THEODOI_SIGNING_PKCS11_KEY or "(khoá đầu tiên)"
        return CertificateInfo(source=f"Thiết bị ký số PKCS#11, khoá «{label}»")
    if not settings.THEODOI_SIGNING_PKCS12:
        raise refused(NOT_CONFIGURED, Code.REQUIRED)
    cert = _pkcs12_signer().signing_cert
    if cert is None:
        raise refused("Tệp chứng thư số không có chứng thư của khoá ký.")
    return CertificateInfo(
        source=f"Tệp chứng thư «{Path(settings.THEODOI_SIGNING_PKCS12).name}»",
        subject=subject_line(cert),
        issuer=cert.issuer.human_friendly,
        valid_from=cert.not_valid_before,
        valid_until=cert.not_valid_after,
    )


def timestamper() -> TimeStamper | None:
    """The timestamp server (RFC 3161) that makes a signature PAdES B-T, if one is set."""
    url = settings.THEODOI_SIGNING_TSA_URL
    return HTTPTimeStamper(url, timeout=20) if url else None


def trust_roots() -> tuple[list[x509.Certificate], str]:
    """The root certificates a signature must chain to (a PEM bundle), and a note when there
    are none to use: then every signature shows as of unknown trust."""
    path = settings.THEODOI_SIGNING_TRUST_ROOTS
    if not path:
        return [], "Hệ thống chưa được khai báo chứng thư gốc tin cậy nào."
    try:
        roots = list(load_certs_from_pemder([path]))
    except (OSError, ValueError, TypeError):
        roots = []
    if not roots:
        return [], f"Không đọc được chứng thư gốc tin cậy từ tệp «{Path(path).name}»."
    return roots, ""
