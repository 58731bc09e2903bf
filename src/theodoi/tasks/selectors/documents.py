"""Reading directive documents: the register's list and the corrections made to one."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.selectors import changes_for
from theodoi.core.dates import format_date
from theodoi.core.meta import model_field
from theodoi.tasks.models import Document
from theodoi.tasks.scope import visible_documents
from theodoi.tasks.search import folded_terms


def document_list(user: User, q: str = "") -> QuerySet[Document]:
    documents = visible_documents(user)
    for term in folded_terms(q):  # "qđ" finds "QĐ": a document's search text is folded
        documents = documents.filter(search_text__contains=term)
    counted = documents.annotate(task_count=Count("tasks", filter=Q(tasks__parent__isnull=True)))
    return counted.order_by("-issued_on", "-id")  # a count groups rows: Meta.ordering is dropped


@dataclass
class DocumentChange:
    at: datetime
    actor_label: str
    reason: str
    fields: list[tuple[str, str, str]]  # label, old value, new value (as shown)


def _shown(document_field: str, value: Any) -> str:
    if value in (None, ""):
        return "(trống)"
    if document_field == "issued_on":
        return format_date(date.fromisoformat(value))
    choices = dict(model_field(Document, document_field).choices or [])
    return str(choices.get(value, value))


def document_changes(document: Document) -> list[DocumentChange]:
    """The corrections made to a registered document, oldest first, with old and new values."""
    result = []
    for record in changes_for(document).filter(action=ChangeKind.UPDATE).order_by("at", "id"):
        before, after = record.before or {}, record.after or {}
        fields = [
            (
                str(model_field(Document, name).verbose_name).capitalize(),
                _shown(name, before.get(name)),
                _shown(name, after.get(name)),
            )
            for name in after
            if before.get(name) != after.get(name)
        ]
        result.append(DocumentChange(record.at, record.actor_label, record.reason, fields))
    return result
