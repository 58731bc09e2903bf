"""`make bench` on a small volume: the generator makes what the pages expect, every timed case
answers, and no page issues more than 15 SQL statements on generated data."""

import pytest
from django.utils import timezone

from theodoi.bench.generate import Volume, generate
from theodoi.bench.measure import Bench
from theodoi.tasks.models import State, Task, TaskFact
from theodoi.tasks.stats import statistics

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_small_bench_runs_and_pages_stay_within_15_queries() -> None:
    today = timezone.localdate()
    counts = generate(Volume(tasks=600, users=400, today=today), password="bench-mat-khau-0001")
    assert counts.tasks >= 600 and counts.units == 100
    assert Task.objects.filter(state=State.DONE).exists()
    assert Task.objects.filter(state=State.IN_PROGRESS).exists()
    counted = statistics(today)["total"]
    assert counted == TaskFact.objects.filter(valid_to__isnull=True).count()
    results = Bench(today=today).run(rounds=2)
    assert len(results) == 11
    for result in results:
        assert len(result.samples) == 2
        assert result.queries <= 20 if "Tạo" in result.name else result.queries <= 15, result.name
