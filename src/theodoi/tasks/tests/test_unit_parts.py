"""Who can lead and coordinate a task: units in force on the day, never the agency as a whole,
its leadership or an outside body as the lead; the pickers offer only those."""

from datetime import date

import pytest
from django.urls import reverse

from theodoi.conftest import with_token
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.selectors import unit_choices
from theodoi.tasks import services, steps
from theodoi.tasks.models import State, Task
from theodoi.tasks.tests.conftest import World, at, client_for
from theodoi.tasks.tests.test_steps import draft

pytestmark = pytest.mark.django_db


def assign(world: World, task: Task, leads: list[str], coordinating: list[str], day: date) -> Task:
    return steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=[world.units[c] for c in leads],
        coordinating=[world.units[c] for c in coordinating],
        deadline=date(2026, 12, 31),
        at=at(day),
    )


@pytest.mark.parametrize("lead", ["LD", "TLD", "BHXHVN"])
def test_the_leadership_the_agency_and_an_outside_body_cannot_lead(world: World, lead: str) -> None:
    task = draft(world, None)
    with pytest.raises(ValidationFailed) as refused:
        assign(world, task, [lead], [], date(2026, 3, 2))
    assert refused.value.code == Code.INVALID
    assert refused.value.errors["leads"].endswith("không thể chủ trì thực hiện nhiệm vụ.")
    task.refresh_from_db()
    assert task.state == State.DRAFT and task.lead_unit == world.units["TST"]


def test_an_outside_body_may_coordinate_but_the_leadership_may_not(world: World) -> None:
    task = draft(world, None)
    with pytest.raises(ValidationFailed) as refused:
        assign(world, task, ["TST"], ["LD"], date(2026, 3, 2))
    assert refused.value.errors == {
        "coordinating": "«Lãnh đạo Ngành» không thể phối hợp thực hiện nhiệm vụ."
    }
    task.refresh_from_db()
    done = assign(world, task, ["TST"], ["TLD"], date(2026, 3, 2))
    assert done.state == State.ASSIGNED
    assert list(done.coordinating_units.values_list("code", flat=True)) == ["TLD"]


def test_a_unit_merged_away_cannot_be_given_a_task_after_its_last_day(world: World) -> None:
    task = draft(world, None)
    with pytest.raises(ValidationFailed) as refused:
        assign(world, task, ["HAIDUONG"], ["QUANGNAM"], date(2025, 7, 1))
    assert refused.value.errors == {
        "leads": "«BHXH Hải Dương» không còn hoạt động ngày 01/07/2025: hãy chọn đơn vị đang "
        "hoạt động (đơn vị kế thừa).",
        "coordinating": "«BHXH Quảng Nam» không còn hoạt động ngày 01/07/2025: hãy chọn đơn vị "
        "đang hoạt động (đơn vị kế thừa).",
    }
    task.refresh_from_db()
    assert assign(world, task, ["HAIDUONG"], [], date(2025, 6, 30)).state == State.ASSIGNED


def test_a_draft_cannot_propose_the_leadership_as_its_lead(world: World) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.task_create(
            actor=world.office,
            document=world.document(),
            content="Việc mới",
            lead_units=[world.units["LD"]],
        )
    assert set(refused.value.errors) == {"leads"}
    assert not Task.objects.exists()


def test_the_assign_form_names_the_unit_that_cannot_lead(world: World) -> None:
    task = draft(world, None)
    response = client_for(world.leader).post(
        reverse("tasks:act", args=[task.pk, "assign"]),
        with_token(world.leader, {"version": task.version, "leads": "Tổng Liên đoàn"}),
    )
    assert "«Tổng LĐLĐ Việt Nam» không thể chủ trì thực hiện nhiệm vụ." in response.content.decode()
    task.refresh_from_db()
    assert task.state == State.DRAFT


def test_the_unit_filters_offer_units_in_force_that_lead(world: World) -> None:
    before = {name for _, name in unit_choices(date(2025, 6, 30))}
    after = {name for _, name in unit_choices(date(2025, 7, 1))}
    assert "BHXH Hải Dương" in before and "BHXH Hải Dương" not in after
    assert "Thu - Sổ, thẻ" in after and "Thu" not in after  # Ban Thu ended in 2020
    assert not {"Lãnh đạo Ngành", "Tổng LĐLĐ Việt Nam", "BHXH Việt Nam"} & (before | after)
    page = client_for(world.office).get(reverse("tasks:list")).content.decode()
    assert "BHXH Hà Nội" in page and "Tổng LĐLĐ Việt Nam" not in page
