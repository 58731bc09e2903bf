"""The leadership dashboard's panel of targets at risk or missed."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.statforms.tests.filled import province_values
from theodoi.statforms.tests.rollup_world import send
from theodoi.targets.tests.conftest import make_target, online_target
from theodoi.targets.tests.test_views import client_for, entered

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_targets_at_risk(units, forms) -> None:
    risky = make_target(units["HANOI"], code="phuc-vu", deadline=date(2026, 12, 31))
    entered(risky, forms.hanoi, ("2026-Q1", "86"), ("2026-Q2", "85"))
    fine = make_target(units["HANOI"], code="hai-long", deadline=date(2026, 12, 31))
    entered(fine, forms.hanoi, ("2026-Q1", "91"))
    leader = UserFactory.create(roles=[Role.LEADER], unit=units["LD"])
    html = client_for(leader).get(reverse("monitoring:dashboard")).content.decode()
    panel = html[
        html.index('id="h-targets"') : html.index("</section>", html.index('id="h-targets"'))
    ]
    assert 'data-target="phuc-vu"' in panel and "Có nguy cơ" in panel
    assert 'data-target="hai-long"' not in panel  # met
    assert reverse("targets:detail", args=["phuc-vu"]) in panel


def test_the_panel_reads_the_same_queries_however_many_targets(units, forms) -> None:
    leader = client_for(UserFactory.create(roles=[Role.LEADER], unit=units["LD"]))
    online_target(units["VP"])
    send(forms.hanoi, "HANOI", "2026-Q2", province_values(), "2026-06-10")

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            assert leader.get(reverse("monitoring:dashboard")).status_code == 200
        return len(done)

    first = make_target(units["HANOI"], code="mot", deadline=date(2026, 12, 31))
    entered(first, forms.hanoi, ("2026-Q1", "86"))
    leader.get(reverse("monitoring:dashboard"))  # the counts kept, the session renewed
    one = queries()
    for n in range(4):
        more = make_target(units["HANOI"], code=f"them-{n}", deadline=date(2026, 12, 31))
        entered(more, forms.hanoi, ("2026-Q1", "86"), ("2026-Q2", "85"))
    assert queries() == one
