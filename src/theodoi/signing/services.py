"""Issuing a generated document as a PDF signed with the agency's certificate."""

import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change, snapshot
from theodoi.core.errors import Code, ValidationFailed
from theodoi.signing.keys import agency_signer
from theodoi.signing.models import SignedDocument
from theodoi.signing.pades import sign_pdf
from theodoi.signing.pdf import docx_to_pdf
from theodoi.signing.selectors import signed_copy

log = logging.getLogger(__name__)

REASON = "Ký số và phát hành văn bản"
LOCATION = "Hà Nội"
LOGGED = ["source_type", "source_id", "sha256", "size", "signer", "certificate_serial", "level"]


def _already(copy: SignedDocument) -> ValidationFailed:
    return ValidationFailed(
        {
            "__all__": f"{copy.source_repr} đã được ký số và phát hành lúc "
            f"{copy.issued_at:%H:%M %d/%m/%Y}; mỗi văn bản chỉ phát hành một lần."
        },
        Code.DUPLICATE,
    )


def signed_issue(
    *, actor: User, source: models.Model, docx: bytes, file_name: str
) -> SignedDocument:
    """Issue `source`, a document the system generated as the Word file `docx`: LibreOffice
    makes it a PDF, the agency's key signs it (PAdES), and the signed file is kept under
    `file_name` (.pdf) with its SHA-256 and logged. A source is issued once: a second attempt,
    even at the same moment, is refused with `Code.DUPLICATE`.

    The slow steps (LibreOffice, the key, a timestamp server) run before the transaction, so
    no row is held while they work."""
    existing = signed_copy(source)
    if existing is not None:
        raise _already(existing)
    with agency_signer() as signer:  # the key first: a wrong passphrase is told at once
        signed = sign_pdf(docx_to_pdf(docx), signer=signer, reason=REASON, location=LOCATION)
    copy = SignedDocument(
        source_type=source._meta.label_lower,
        source_id=source.pk,
        source_repr=str(source)[:300],
        size=len(signed.data),
        sha256=signed.sha256,
        signer=signed.signer[:300],
        certificate_serial=signed.serial[:100],
        level=signed.level,
        issued_by=actor,
        issued_at=signed.signed_at,
    )
    copy.file.save(f"{file_name}.pdf", ContentFile(signed.data), save=False)
    try:
        with transaction.atomic():
            copy.save()
            record_change(
                actor=actor,
                action=ChangeKind.CREATE,
                obj=copy,
                before=None,
                after=snapshot(copy, LOGGED, issued_at=copy.issued_at),
            )
    except IntegrityError:
        copy.file.delete(save=False)
        winner = signed_copy(source)
        if winner is None:
            raise
        raise _already(winner) from None
    log.info("issued %s as %s (%s)", copy.source_repr, copy.file.name, signed.sha256)
    return copy
