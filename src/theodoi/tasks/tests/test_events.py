"""The timeline's vocabulary: one kind per event, written only by `tasks/events.py`, naming
units by id; refusals carry a code."""

import re
from datetime import date
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps

from theodoi.audit.models import ChangeKind
from theodoi.core.errors import Code, ValidationFailed
from theodoi.tasks import events, steps
from theodoi.tasks.cycle import ACT_LABELS, Act
from theodoi.tasks.models import EventKind, TaskEvent
from theodoi.tasks.tests.conftest import World, at
from theodoi.tasks.tests.test_steps import in_progress

SRC = Path(__file__).resolve().parents[2]
KINDS = "|".join(sorted({*EventKind.values, *ChangeKind.values}, key=len, reverse=True))
# an event or change kind given as a quoted string where an action is written or compared
LITERAL = re.compile(rf"""action(?:__in)?\s*(?:=|==|!=)\s*[\(\[]?\s*["']({KINDS})["']""")


def test_every_action_of_the_cycle_records_the_event_of_its_name() -> None:
    assert {EventKind(act) for act in Act} <= set(EventKind)
    assert ACT_LABELS[Act.SEND_BACK] == EventKind.SEND_BACK.label


def test_no_kind_is_written_as_a_string_outside_its_vocabulary() -> None:
    found = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if LITERAL.search(line):
                found.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert found == []


def test_a_step_cannot_record_the_event_of_another_kind(world: World) -> None:
    task = in_progress(world)
    step = steps.begin_step(world.staff, task, Act.PROGRESS, task.version, None)
    with pytest.raises(ValueError, match="progress"):
        steps.finish_step(step, events.submitted(result="Xong"))


def test_an_input_names_its_unit_by_id(world: World) -> None:
    task = in_progress(world)
    steps.task_contribute(
        actor=world.coord, task=task, expected_version=task.version, note="Số liệu", at=None
    )
    event = TaskEvent.objects.get(task=task, action=EventKind.CONTRIBUTE)
    assert events.contributing_unit_id(event.data) == world.units["CSXH"].pk


def test_a_refusal_says_why_in_a_code(world: World) -> None:
    task = in_progress(world)
    with pytest.raises(ValidationFailed) as refused:
        steps.task_progress(
            actor=world.coord, task=task, expected_version=task.version, note="x", progress=10
        )
    assert refused.value.code == Code.NOT_PERMITTED
    with pytest.raises(ValidationFailed) as refused:
        steps.task_progress(
            actor=world.staff, task=task, expected_version=task.version, note="x", progress=101
        )
    assert refused.value.code == Code.INVALID and "progress" in refused.value.errors


def test_events_written_before_gain_their_units_ids(world: World) -> None:
    """Migration 0009 adds ids beside the codes an older event wrote, and keeps the codes.
    Its step runs on the rows as they are now: going back to 0008 and forward again also
    unapplied every app built on later tasks, 14 s of each suite for this one step."""
    task = in_progress(world)
    csxh, tst = world.units["CSXH"], world.units["TST"]
    old = {
        "contribute": {"unit": "CSXH"},
        "assign": {"leads": ["TST"], "coordinating": ["CSXH", "XYZ"], "deadline": None},
    }
    written = {}
    for kind, data in old.items():
        written[kind] = TaskEvent.objects.create(
            task=task, at=at(date(2024, 2, 1)), actor=world.coord, actor_label="x", action=kind,
            data=data,
        )  # fmt: skip
    import_module("theodoi.tasks.migrations.0009_event_kinds_unit_ids").add_unit_ids(apps, None)
    contribute = TaskEvent.objects.get(pk=written["contribute"].pk).data
    assign = TaskEvent.objects.get(pk=written["assign"].pk).data
    assert contribute == {"unit": "CSXH", "unit_id": csxh.pk}
    assert (assign["lead_ids"], assign["coordinating_ids"]) == ([tst.pk], [csxh.pk])
    assert assign["coordinating"] == ["CSXH", "XYZ"]  # as written
