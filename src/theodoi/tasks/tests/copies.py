"""What the coordination rows' copies of their task must hold, for tests of code that writes
them in bulk (the bench's generator, the plan import): ADR 0006, 0021, 0018 (the lead unit);
and what the text index holds of each task's units (SQLite: ADR 0036; PostgreSQL: ADR 0038)."""

from django.db import connection

from theodoi.tasks.models import Task, TaskCoordination
from theodoi.tasks.search import UNIT_LEXEME, UNIT_WORD

COPIED = ("state", "deadline", "due_order", "lead_unit_id")


def checked_copies() -> tuple[int, list[tuple[object, ...]]]:
    """How many coordination rows there are, and those whose copies differ from their
    task's fields (id, the copies, the task's)."""
    rows = TaskCoordination.objects.values_list(
        "pk", *(f"task_{name}" for name in COPIED), *(f"task__{name}" for name in COPIED)
    )
    n = len(COPIED)
    return len(rows), [row for row in rows if row[1 : n + 1] != row[n + 1 :]]


def stale_unit_words() -> list[tuple[int, str, str]]:
    """The tasks whose unit words are not their lead unit and coordinating units (id, held,
    expected). SQLite (migration 0025): the words in order, and FTS5's own check that its
    index holds what the table holds (which raises if not): ADR 0036. PostgreSQL (migration
    0026): the lexemes, which a tsvector keeps sorted and once each: ADR 0038."""
    units: dict[int, list[int]] = {pk: [] for pk in Task.objects.values_list("pk", flat=True)}
    for pk, lead in Task.objects.filter(lead_unit__isnull=False).values_list("pk", "lead_unit"):
        units[pk].append(lead)  # the lead unit first
    for task, unit in TaskCoordination.objects.order_by("unit_id").values_list("task", "unit"):
        units[task].append(unit)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO tasks_task_fts(tasks_task_fts, rank) VALUES ('integrity-check', 1)"
            )
            cursor.execute("SELECT id, unit_words FROM tasks_task")
            held = dict(cursor.fetchall())
            expected = {pk: " ".join(f"{UNIT_WORD}{u}" for u in ids) for pk, ids in units.items()}
        else:
            cursor.execute("SELECT id, tsvector_to_array(unit_words) FROM tasks_task")
            held = {pk: " ".join(sorted(lexemes)) for pk, lexemes in cursor.fetchall()}
            expected = {
                pk: " ".join(sorted({f"{UNIT_LEXEME}{u}" for u in ids}))
                for pk, ids in units.items()
            }
    return [(pk, held[pk], words) for pk, words in expected.items() if held[pk] != words]
