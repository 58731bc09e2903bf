"""The demo shows the partner agreement at work: this year's and next year's duties generated
as tasks, this year's in every state on the Office's page, each province's joint tasks
coordinated by its LĐLĐ (whose user `congdoan.nghean` reads Nghệ An's and no other
province's), and loading again adds none."""

from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.demo.services import load_demo
from theodoi.demo.tests.copies import copy_demo
from theodoi.partners.models import Counterpart, Level, Obligation
from theodoi.tasks.models import State
from theodoi.tasks.stats import View, task_class

pytestmark = [pytest.mark.django_db, pytest.mark.demo_content]


def test_the_demo_holds_this_years_and_next_years_duties_in_every_state() -> None:
    copy_demo("Mat-khau-demo-2026")
    today = timezone.localdate()
    this_year = Obligation.objects.filter(year=today.year).select_related("task")
    assert this_year.count() == Obligation.objects.filter(year=today.year + 1).count() == 274
    past = [o for o in this_year if o.deadline < today]  # none in early January
    classes = Counter(task_class(o.task, View.AGENCY, today) for o in past)
    if past:  # a provincial occurrence's 34 provinces: on time, late, under way, not accepted
        assert all(classes[k] > 0 for k in ("done_on_time", "done_late", "open_overdue"))
        states = Counter(o.task.state for o in past)
        assert {State.ASSIGNED, State.IN_PROGRESS, State.DONE} <= set(states)
    assert not Obligation.objects.filter(year=today.year + 1).exclude(task__state=State.ASSIGNED)
    client = Client()
    client.force_login(User.objects.get(username="vanphong"))
    page = client.get(reverse("partners:home")).content.decode()
    assert "34 tỉnh: " in page and " xong, " in page and ("quá hạn" in page or not past)
    assert Counterpart.objects.count() == 34
    provincial = Obligation.objects.filter(duty__level=Level.PROVINCIAL, duty__joint=True)
    pairs = set(provincial.values_list("unit__code", "task__coordinations__unit__code"))
    assert len(pairs) == 34 and all(ldld == f"LDLD_{code}" for code, ldld in pairs)
    federation = Client()
    federation.force_login(User.objects.get(username="congdoan.nghean"))
    year = today.year + 1  # next year's: generated, waiting for the provinces
    url = reverse("partners:occurrence", args=[year, "hop-dinh-ky-tinh", f"{year}-H1"])
    own = federation.get(url).content.decode()
    assert "BHXH Nghệ An" in own and "Đã giao, chờ đơn vị nhận" in own
    assert "BHXH Hà Nội" not in own
    home = federation.get(reverse("partners:home"), {"nam": year}).content.decode()
    assert "1 tỉnh: 0 xong, 1 đang làm" in home
    load_demo("Mat-khau-demo-2026")
    assert Obligation.objects.count() == 548 and Counterpart.objects.count() == 34
