"""Writing the change log. Every service that changes an official record calls `record_change`."""

from datetime import date, datetime
from typing import Any

from django.db import models

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.audit.origin import current_via

Actor = User | None  # None: the command line or the system


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str], **extra: Any) -> dict[str, Any]:
    """The values of `fields` (foreign keys by id) plus `extra`, ready for JSON."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        data[name] = _jsonable(getattr(obj, attname))
    data.update({k: _jsonable(v) for k, v in extra.items()})
    return data


def actor_fields(actor: Actor, label: str = "") -> dict[str, Any]:
    """Who did it, as a record keeps it: the account (none for the system or a person not
    saved), the name as written then, and what it went through (an API token: `origin`)."""
    return {
        "actor": actor if actor is not None and actor.pk else None,
        "actor_label": label or (actor.get_username() if actor is not None else "hệ thống"),
        "via": current_via(),
    }


def record_change(
    *,
    actor: Actor,
    action: ChangeKind,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
    actor_label: str = "",
) -> ChangeRecord:
    return ChangeRecord.objects.create(
        **actor_fields(actor, actor_label),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        reason=reason,
    )
