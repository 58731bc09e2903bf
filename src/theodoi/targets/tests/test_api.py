"""`/api/v1/targets/`: the same JSON as `theodoi kpi`, for those who may see targets."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.api.tests.conftest import api_client_for
from theodoi.statforms.tests.filled import province_values
from theodoi.statforms.tests.rollup_world import send
from theodoi.targets.tests.conftest import make_target, online_target

pytestmark = pytest.mark.django_db


def kpi(*args: str) -> object:
    out = StringIO()
    call_command("kpi", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_api_answers_as_the_command(units, forms) -> None:
    online_target(units["VP"])
    make_target(units["HANOI"])  # no actual yet
    send(forms.hanoi, "HANOI", "2026-Q2", province_values(), "2026-06-10")
    client = api_client_for(forms.office)
    listed = client.get("/api/v1/targets/")
    assert listed.status_code == 200 and listed.json() == kpi("list")
    one = client.get("/api/v1/targets/ho-so-truc-tuyen/?period=2026-Q2").json()
    assert one == kpi("show", "ho-so-truc-tuyen", "--period", "2026-Q2")
    assert one["actual"] == 75 and one["by_unit"] == {"HANOI": 75}
    assert client.get("/api/v1/targets/ho-so-truc-tuyen/").json() == one  # the latest period
    empty = client.get("/api/v1/targets/hai-long/").json()
    assert (empty["actual"], empty["status"], empty["period"]) == (None, "no_data", None)
    assert client.get("/api/v1/targets/khong-co/").status_code == 404
    bad = client.get("/api/v1/targets/hai-long/?period=quy-2")
    assert bad.status_code == 400 and "không đúng dạng" in bad.json()["message"]
    partner = UserFactory.create(roles=[Role.PARTNER], unit=units["VP"])
    assert api_client_for(partner).get("/api/v1/targets/").status_code == 403
