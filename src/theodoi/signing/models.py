"""Documents issued as PDFs signed with the agency's certificate. Tables only: the Word to PDF
step is `pdf.py`, the key `keys.py`, the signature `pades.py`, the checks `verify.py`."""

from django.conf import settings
from django.db import models
from django.utils import timezone


def signed_path(instance: "SignedDocument", filename: str) -> str:
    return f"ky-so/{instance.issued_at:%Y}/{filename}"


class SignedDocument(models.Model):
    """A generated document (an urging letter today) issued as a PDF signed with the agency's
    certificate (PAdES): what it was made from, who issued it and when, the file and its
    SHA-256. A source is issued once; the row and its file are never changed.

    The source is named the way the change log names a record (`object_type`, `object_id`), so
    any app's generated documents can be issued without this table knowing them."""

    source_type = models.CharField("loại văn bản nguồn", max_length=60)
    source_id = models.PositiveBigIntegerField("mã văn bản nguồn")
    source_repr = models.CharField("văn bản nguồn", max_length=300)
    file = models.FileField("tệp PDF đã ký số", upload_to=signed_path, max_length=300)
    size = models.PositiveBigIntegerField("dung lượng")
    sha256 = models.CharField("SHA-256", max_length=64)
    signer = models.CharField("chứng thư ký", max_length=300)
    certificate_serial = models.CharField("số hiệu chứng thư", max_length=100)
    level = models.CharField("mức chữ ký", max_length=20)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người phát hành",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("thời điểm ký", default=timezone.now)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "văn bản ký số"
        constraints = [
            models.UniqueConstraint(fields=["source_type", "source_id"], name="signed_once")
        ]

    def __str__(self) -> str:
        return f"Bản ký số: {self.source_repr}"
