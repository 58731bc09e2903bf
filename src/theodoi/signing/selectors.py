"""Reads of signed documents: the signed copy of a source, and of many sources at once."""

from collections.abc import Iterable

from django.db import models

from theodoi.signing.models import SignedDocument


def signed_copy(source: models.Model) -> SignedDocument | None:
    return SignedDocument.objects.filter(
        source_type=source._meta.label_lower, source_id=source.pk
    ).first()


def signed_copies(model: type[models.Model], ids: Iterable[int]) -> dict[int, SignedDocument]:
    """The signed copy of each of these records of `model` that has one, by its id (one
    query)."""
    rows = SignedDocument.objects.filter(
        source_type=model._meta.label_lower, source_id__in=list(ids)
    )
    return {row.source_id: row for row in rows}
