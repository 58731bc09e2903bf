"""What the coordination rows' copies of their task must hold, for tests of code that writes
them in bulk (the bench's generator, the plan import): ADR 0006, 0021, 0018 (the lead unit)."""

from theodoi.tasks.models import TaskCoordination

COPIED = ("state", "deadline", "due_order", "lead_unit_id")


def checked_copies() -> tuple[int, list[tuple[object, ...]]]:
    """How many coordination rows there are, and those whose copies differ from their
    task's fields (id, the copies, the task's)."""
    rows = TaskCoordination.objects.values_list(
        "pk", *(f"task_{name}" for name in COPIED), *(f"task__{name}" for name in COPIED)
    )
    n = len(COPIED)
    return len(rows), [row for row in rows if row[1 : n + 1] != row[n + 1 :]]
