"""`field__among` (core/lookups.py, docs/adr/0007-among-lookup.md): the SQL written for each
database, the same answers as Django's `__in`, and the unit scope still asking through it."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import Q

from theodoi.accounts.models import Role, User
from theodoi.organisation.models import Unit, UnitKind
from theodoi.tasks.scope import visible_tasks

pytestmark = pytest.mark.django_db

WRITTEN = {"postgresql": "= ANY(ARRAY(SELECT", "sqlite": "IN (SELECT"}


def test_among_is_written_for_each_databases_planner(sample_units: dict[str, Unit]) -> None:
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE).values("id")
    sql = str(Unit.objects.filter(id__among=provinces).query)
    assert f'"organisation_unit"."id" {WRITTEN[connection.vendor]}' in sql
    if connection.vendor == "postgresql":
        assert " IN (" not in sql


@pytest.mark.parametrize(
    "inner",
    [
        Q(kind=UnitKind.PROVINCE),
        Q(code__startswith="B"),
        Q(code="NO-SUCH-UNIT"),  # an empty subquery
        Q(parent__isnull=True) | Q(kind=UnitKind.CENTRAL),
    ],
)
def test_among_finds_what_in_finds(sample_units: dict[str, Unit], inner: Q) -> None:
    subquery = Unit.objects.filter(inner).order_by("-code").values("id")
    others = Q(code__in=["VP", "TST"])

    def ids(condition: Q) -> list[int]:
        return list(Unit.objects.filter(condition).order_by("id").values_list("id", flat=True))

    expected = ids(Q(id__in=subquery))
    assert ids(Q(id__among=subquery)) == expected
    assert ids(Q(id__among=subquery) | others) == ids(Q(id__in=subquery) | others)  # in an OR
    assert ids(~Q(id__among=subquery)) == ids(~Q(id__in=subquery))
    codes = Unit.objects.filter(inner).values("code")  # any column, not only ids
    assert ids(Q(code__among=codes)) == ids(Q(code__in=codes))
    if inner == Q(kind=UnitKind.PROVINCE):
        assert expected  # the sample has provinces: not a comparison of two empty lists


def test_a_units_scope_asks_through_among(
    sample_units: dict[str, Unit], make_user: Callable[..., User]
) -> None:
    """The coordinated tasks inside the scope's OR: the place the lookup was written for."""
    head = make_user(Role.UNIT_HEAD, unit="TST")
    sql = str(visible_tasks(head).query)
    assert f'"tasks_task"."id" {WRITTEN[connection.vendor]}' in sql
    assert "tasks_taskcoordination" in sql.split(WRITTEN[connection.vendor], 1)[1]
