"""`insert_rows` (core/bulk.py, docs/adr/0008-bulk-rows.md) writes what `bulk_create` would
write: COPY on PostgreSQL, executemany on SQLite, for every kind of value the jobs give it."""

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, models

from theodoi.accounts.models import User
from theodoi.core.bulk import db_datetime, db_row, insert_rows, new_ids, update_rows
from theodoi.core.meta import model_field
from theodoi.monitoring.models import Reminder
from theodoi.notifications.models import Notification
from theodoi.organisation.models import Unit
from theodoi.tasks.models import Document, DocumentKind, State, Task, TaskEvent

pytestmark = pytest.mark.django_db

AWKWARD = [
    "tab\there",
    "two\nlines\r\nand a carriage return",
    "back\\slash \\N \\t \\\\ and the COPY null marker",
    "",
    "Đôn đốc «nhiệm vụ» 'quoted' \"double\" ,;|",
    "\\.",  # the end-of-data line of COPY's text format
]
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _db_form(field: models.Field, value: Any) -> Any:
    """The value as the jobs hand it to insert_rows."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return db_datetime(value)
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(field, models.JSONField):
        return connection.ops.adapt_json_value(value, None)
    return value


def _both_ways(model: type[models.Model], rows: list[dict[str, Any]]) -> tuple[list, list]:
    """The rows as read back after insert_rows, and after bulk_create of the same values."""
    names = list(rows[0])
    fields = [model_field(model, name) for name in names]
    columns = [f.attname for f in fields]

    def read() -> list[tuple]:
        return list(model._default_manager.order_by("pk").values_list(*columns))

    insert_rows(model, names, [[_db_form(f, row[f.name]) for f in fields] for row in rows])
    copied = read()
    model._default_manager.all().delete()
    model._default_manager.bulk_create(
        [model(**{f.attname: row[f.name] for f in fields}) for row in rows]
    )
    return copied, read()


@pytest.fixture
def task(sample_units: dict[str, Unit]) -> Task:
    document = Document.objects.create(
        kind=DocumentKind.DECISION, number="1/QĐ", issued_on=date(2024, 1, 5), issuer="TTg"
    )
    return Task.objects.create(
        document=document, content="x", state=State.ASSIGNED, lead_unit=sample_units["TST"]
    )


def test_text_json_dates_and_nulls_come_back_as_bulk_create_writes_them(task: Task) -> None:
    moments = [
        datetime(2026, 11, 29, 8, 30, 15, 123456, tzinfo=VN),
        datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
    ]
    events: list[dict[str, Any]] = [
        {
            "task": task.pk,
            "at": moments[i % 2],
            "actor_label": text,
            "unit": None if i % 2 else task.lead_unit_id,
            "action": "remind",
            "from_state": "",
            "to_state": State.ASSIGNED,
            "note": text,
            "data": {"text": text, "n": i, "none": None, "list": [1.5, True, "«»"], "i": {}},
        }
        for i, text in enumerate(AWKWARD)
    ]
    copied, created = _both_ways(TaskEvent, events)
    assert copied == created and len(copied) == len(AWKWARD)
    assert [row[-2] for row in copied] == AWKWARD  # note: every text as it was given
    assert copied[0][1] == moments[0]  # to the microsecond, as an aware datetime


def test_dates_json_lists_booleans_and_null_keys(task: Task, make_user) -> None:
    user: User = make_user()
    reminders = [
        {
            "task": task.pk,
            "kind": "lead",
            "unit": task.lead_unit_id,
            "ref": f"2026-12-0{i}",
            "stage": "overdue:2",
            "day": date(2026, 12, i),
            "recipients": [user.pk, i] if i % 2 else [],
            "created_at": datetime(2026, 12, i, 7, tzinfo=VN),
        }
        for i in range(1, 4)
    ]
    copied, created = _both_ways(Reminder, reminders)
    assert copied == created and copied[0][5] == date(2026, 12, 1)
    notes = [
        {
            "user": user.pk,
            "key": f"k{i}",
            "task": None if i % 2 else task.pk,
            "title": text[:300],
            "body": text,
            "url": "/nv/1/?a=1&b=2",
            "created_at": datetime(2026, 12, 1, 7, tzinfo=VN),
            "wants_mail": bool(i % 2),
            "mail": None,
        }
        for i, text in enumerate(AWKWARD)
    ]
    copied, created = _both_ways(Notification, notes)
    assert copied == created and {row[7] for row in copied} == {True, False}
    assert {row[2] for row in copied} == {None, task.pk}


def test_reserved_ids_and_updates_by_version(task: Task) -> None:
    """`new_ids` gives ids that `insert_rows` can write and that later saves never reuse;
    `db_row` puts an instance's values in database form; `update_rows` keyed by the version
    leaves a row that changed since it was read alone and says so in its count."""
    ids = new_ids(Task, 3)
    assert len(set(ids)) == 3 and min(ids) > task.pk
    made = [
        Task(
            pk=pk,
            document=task.document,
            content=text,
            state=State.ASSIGNED,
            lead_unit=task.lead_unit,
            original_deadline=date(2025, 3, 31),
            created_at=datetime(2025, 1, 2, 9, tzinfo=VN),
        )
        for pk, text in zip(ids, AWKWARD, strict=False)
    ]
    fields = [f.name for f in Task._meta.concrete_fields if not f.generated]
    insert_rows(Task, fields, [db_row(t, fields) for t in made])
    read = list(Task.objects.filter(pk__in=ids).order_by("pk"))
    assert [(t.content, t.original_deadline, t.created_at) for t in read] == [
        (t.content, t.original_deadline, t.created_at) for t in made
    ]
    later = Task.objects.create(document=task.document, content="sau", state=State.DRAFT)
    assert later.pk > max(ids)

    Task.objects.filter(pk=ids[1]).update(version=2)  # a person's step meanwhile
    rows = [["mới", pk, 1] for pk in ids]
    assert update_rows(Task, ["content"], ["id", "version"], rows) == 2
    assert list(
        Task.objects.filter(pk__in=ids).order_by("pk").values_list("content", flat=True)
    ) == [
        "mới",
        AWKWARD[1],
        "mới",
    ]
