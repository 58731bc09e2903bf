"""A throwaway certificate authority made in the test with `cryptography`: a root CA, the
agency's signing certificate under it (digital signature and non-repudiation), a timestamping
certificate, and the agency's key as a PKCS#12 file with a passphrase."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "mat-khau-chung-thu-2026"
AGENCY = "BẢO HIỂM XÃ HỘI VIỆT NAM"
SIGNER = "Văn phòng Bảo hiểm xã hội Việt Nam"


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _usage(*, sign: bool = False, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class Authority:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def issue(
        self, common: str, organisation: str, *, timestamping: bool = False, days: int = 365
    ) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = datetime.now(UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common, organisation))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(sign=True), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
        )
        if timestamping:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
        return key, builder.sign(self.key, hashes.SHA256())


def authority(common: str = "CA thử nghiệm") -> Authority:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common, "Tổ chức chứng thực thử"))
        .issuer_name(_name(common, "Tổ chức chứng thực thử"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=2))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(key, cert)


@dataclass
class AgencyKey:
    root: Authority
    pkcs12: Path
    roots_pem: Path


def agency_key(folder: Path, root_name: str = "CA thử nghiệm") -> AgencyKey:
    """The root, and the agency's key and certificate in `folder`/agency.p12 (with the root
    in it, as a CA delivers it) and the root alone in `folder`/roots.pem."""
    root = authority(root_name)
    key, cert = root.issue(SIGNER, AGENCY)
    p12 = folder / "agency.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"agency",
            key,
            cert,
            [root.cert],
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    roots = folder / "roots.pem"
    roots.write_bytes(root.pem())
    return AgencyKey(root=root, pkcs12=p12, roots_pem=roots)
