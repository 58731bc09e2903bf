"""The demo's targets: every target of seed 002 I.1.2.2-I.1.2.4 and seed 001 item 2.4, with
actuals over several periods and statuses that differ; `ho-so-truc-tuyen` from the demo's
TTHC form data; a second load adds nothing."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from theodoi.demo.services import load_demo
from theodoi.demo.tests.copies import copy_demo
from theodoi.targets.actuals import standings
from theodoi.targets.models import Target, TargetActual

pytestmark = [pytest.mark.django_db, pytest.mark.demo_content]


def kpi(*args: str):
    out = StringIO()
    call_command("kpi", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_seeds_targets_with_their_actuals() -> None:
    copy_demo("Mat-khau-demo-2026")
    listed = {row["code"]: row for row in kpi("list")}
    assert len(listed) >= 8
    assert all(row["actual"] is not None for row in listed.values())
    online = listed["ho-so-truc-tuyen"]
    assert (online["target"], online["owner"], online["deadline"]) == (80, "VP", "2025-12-31")
    shown = kpi("show", "ho-so-truc-tuyen", "--period", online["period"])
    assert shown["actual"] == online["actual"] and len(shown["by_unit"]) > 20
    statuses = {
        kpi("show", code, "--period", row["period"])["status"] for code, row in listed.items()
    }
    assert {"met", "missed"} <= statuses
    # judged on the day the demo's story is told (its 2026 deadlines are a month away)
    judged = {s.status for s in standings(list(Target.objects.all()), date(2026, 11, 30))}
    assert {"met", "on_track", "at_risk", "missed"} <= judged
    entered = TargetActual.objects.filter(target__code="nguoi-tham-gia-truc-tuyen")
    assert entered.count() >= 4 and all(e.evidence for e in entered)
    count = TargetActual.objects.count()
    load_demo("Mat-khau-demo-2026")
    assert TargetActual.objects.count() == count
