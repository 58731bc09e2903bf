"""The demo is lived-in: tasks from the seeds in every state, with history over 2024-2026."""

from collections import Counter
from datetime import date

import pytest

from theodoi.core.periods import Kind, current
from theodoi.demo.services import load_demo
from theodoi.demo.tests.copies import copy_demo
from theodoi.evaluation.selectors import ranking
from theodoi.tasks.models import State, Task, TaskEvent
from theodoi.tasks.stats import View, statistics

pytestmark = [pytest.mark.django_db, pytest.mark.demo_content]


def test_demo_tasks_cover_every_state_and_load_once() -> None:
    copy_demo("Mat-khau-demo-2026")
    states = Counter(Task.objects.values_list("state", flat=True))
    assert set(states) == set(State)
    parent = Task.objects.get(fanned_out=True, document__issued_on__year=2025)
    assert parent.children.count() == 34  # the provinces on the plan's date (07/2025)
    assert 0 < parent.children.filter(state=State.DONE).count() < 34
    years = {at.year for at in TaskEvent.objects.values_list("at", flat=True)}
    assert {2024, 2025} <= years
    assert statistics(date(2024, 6, 30), View.AGENCY)["total"] > 0
    before = Task.objects.count()
    load_demo("Mat-khau-demo-2026")
    assert Task.objects.count() == before


def test_the_demo_years_ranking_judges_every_province_with_spread_scores() -> None:
    """The ranking page of the demo's year ranks the provinces (not 1 unit of 72)."""
    copy_demo("Mat-khau-demo-2026")
    today = date(2026, 11, 30)
    board = ranking(current(Kind.YEAR, today), today)
    ranked = [row for row in board.rows if row.placed.rank is not None]
    assert sum(1 for row in ranked if row.unit.kind == "province") == 34
    assert len({row.placed.score for row in ranked}) >= 3  # on time, late, not done: a spread
