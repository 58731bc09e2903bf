"""Rows like those `theodoi remind` writes, written as the job writes them (`insert_rows`) or
as plain Django would (`bulk_create`), for `compare.py`."""

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.db import connection, models
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.bench.plain import rolled_back
from theodoi.core.bulk import insert_rows
from theodoi.core.meta import model_field
from theodoi.monitoring.models import Reminder
from theodoi.notifications.models import Notification
from theodoi.organisation.models import Unit
from theodoi.tasks.models import Task, TaskEvent


def job_rows(reminders: int, notifications: int) -> list[tuple[type[models.Model], list[dict]]]:
    """Rows like those `theodoi remind` writes on a first day: each reminder's row and its
    event on the task's timeline, and the people's notifications (JSON, dates, tabs, newlines
    and backslashes in the text)."""
    moment, today = timezone.now(), timezone.localdate()
    tasks = list(Task.objects.values_list("id", "lead_unit_id", "state")[:reminders])
    users = list(User.objects.values_list("id", flat=True)[:2000])
    unit = Unit.objects.values_list("id", flat=True).first()
    rows: dict[type[models.Model], list[dict]] = {Reminder: [], TaskEvent: [], Notification: []}
    for i in range(max(reminders, notifications)):
        task, lead, state = tasks[i % len(tasks)]
        people = [users[(i + k) % len(users)] for k in range(3)]
        title = f"Nhiệm vụ số {task} đã quá hạn 2 ngày làm việc"
        if i < reminders:
            rows[Reminder].append(
                {"task": task, "kind": "lead", "unit": lead or unit, "ref": f"bench-{i}",
                 "stage": "overdue:2", "day": today, "recipients": people, "created_at": moment}
            )  # fmt: skip
            rows[TaskEvent].append(
                {"task": task, "at": moment, "actor_label": "Hệ thống", "unit": lead,
                 "action": "remind", "from_state": "", "to_state": state,
                 "note": f"{title}\nGửi tới: Người dùng thử {i}.",
                 "data": {"kind": "lead", "stage": "overdue:2", "users": people}}
            )  # fmt: skip
        if i < notifications:
            rows[Notification].append(
                {"user": users[i % len(users)], "key": f"bench-{i}", "task": task,
                 "title": title, "body": "Hạn: 20/11/2026\tĐơn vị: C:\\tệp\nXem nhiệm vụ.",
                 "url": f"/nv/{task}/", "created_at": moment, "wants_mail": False, "mail": None}
            )  # fmt: skip
    return list(rows.items())


def write_rows(rows: list[tuple[type[models.Model], list[dict]]]) -> None:
    for model, dicts in rows:
        write_model(model, dicts)


def write_model(model: type[models.Model], dicts: list[dict]) -> None:
    """As the job does: values in database form, then `insert_rows`."""
    fields = [model_field(model, name) for name in dicts[0]]
    insert_rows(
        model,
        [f.name for f in fields],
        [[f.get_db_prep_save(row[f.name], connection) for f in fields] for row in dicts],
    )


def bulk_create_model(model: type[models.Model], dicts: list[dict]) -> None:
    """Plain Django: model instances and `bulk_create`."""
    names = {name: model_field(model, name).attname for name in dicts[0]}
    model._default_manager.bulk_create(
        [model(**{names[k]: v for k, v in row.items()}) for row in dicts]
    )


@contextmanager
def with_bulk_create() -> Iterator[None]:
    with rolled_back(), mock.patch(f"{__name__}.write_model", bulk_create_model):
        yield
