"""The task list's address: one key per filter, and links that the list reads back as made."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.http import QueryDict

from theodoi.tasks.filters import TaskFilterForm
from theodoi.tasks.links import PAGE, PARAMS, UnitRole, task_list_url, task_url
from theodoi.tasks.models import State
from theodoi.tasks.selectors import TaskFilters
from theodoi.tasks.stats import View
from theodoi.tasks.tests.conftest import World

SRC = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def read_back(url: str) -> tuple[TaskFilters, date]:
    path, _, query = url.partition("?")
    assert path == "/nhiem-vu/"
    form = TaskFilterForm(QueryDict(query))
    assert form.is_valid(), form.errors
    return form.filters(), form.as_of()


def test_the_filter_form_has_one_field_per_key() -> None:
    assert set(TaskFilterForm().fields) == set(PARAMS.values())
    assert PAGE not in PARAMS.values()


def test_a_link_is_read_back_as_the_filters_it_was_made_from(world: World) -> None:
    wanted = TaskFilters(
        q="rà soát",
        document_id=7,
        unit_id=world.units["TST"].pk,
        unit_role=UnitRole.COORD,
        states=[State.ASSIGNED, State.IN_PROGRESS],
        klass="open_overdue",
        view=View.UNIT,
        due_from=date(2026, 1, 1),
        due_to=date(2026, 3, 31),
        leader_id=world.leader.pk,
        sort="-han",
    )
    url = task_list_url(**vars(wanted), as_of=date(2026, 6, 30))
    filters, as_of = read_back(url)
    assert filters == wanted and as_of == date(2026, 6, 30)
    assert "han_tu=01%2F01%2F2026" in url  # dates as people write them


def test_an_empty_filter_is_left_out(world: World) -> None:
    vp = world.units["VP"].pk
    assert task_list_url() == "/nhiem-vu/"
    assert task_list_url(unit_id=vp, states=(), q="") == f"/nhiem-vu/?don_vi={vp}"
    assert read_back(task_list_url(unit_id=vp))[0] == TaskFilters(unit_id=vp)
    assert task_url(41) == "/nhiem-vu/41/"


def test_no_task_address_is_built_by_hand() -> None:
    """Only `links.py` (and `urls.py`) spell the list's path and keys; tests read them."""
    by_hand = re.compile(r"""["'/]nhiem-vu/|[?&](don_vi|vai_tro|trang_thai|han_tu|han_den)=""")
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*")
        if path.suffix in {".py", ".html"}
        and not {"tests", "browser_tests"} & set(path.parts)
        and path.name not in {"links.py", "urls.py"}
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if by_hand.search(line)
    ]
    assert found == []
