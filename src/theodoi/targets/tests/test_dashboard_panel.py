"""The leadership dashboard's panel of targets at risk or missed."""

from datetime import date

import pytest
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.targets.tests.conftest import make_target
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
