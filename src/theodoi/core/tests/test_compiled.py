"""The reads every request makes, compiled once per process (docs/adr/0027): each gives what
Django's own evaluation of the same queryset gives, with new parameters, and sees a change
made after it was compiled."""

from datetime import date, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Case, QuerySet, Value, When
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.backends import PERSON, UserWithUnitBackend
from theodoi.accounts.models import Role, User, UserRole
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core.compiled import Compiled, slot
from theodoi.core.session_store import SessionStore
from theodoi.notifications.selectors import unread_count, unread_read
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import REGISTRY, ROW_FIELDS, Registry
from theodoi.organisation.tests.factories import UnitFactory
from theodoi.tasks.filters import LEADERS
from theodoi.tasks.tests.conftest import client_for
from theodoi.webhooks.events import Event
from theodoi.webhooks.models import Subscription
from theodoi.webhooks.services import ACTIVE, subscribers

pytestmark = pytest.mark.django_db


def _fields(user: User) -> dict[str, object]:
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


def test_the_person_is_read_as_the_orm_reads_them_with_unit_roles_and_unread() -> None:
    unit = UnitFactory.create(valid_from=date(2025, 3, 1), valid_to=date(2030, 12, 31))
    people = [
        UserFactory.create(unit=unit, roles=[Role.TRACKER, Role.LEADER]),
        UserFactory.create(unit=None, roles=[]),
    ]
    for person in people:
        orm = User.objects.select_related("unit").annotate(**unread_read()).get(pk=person.pk)
        roles = person.roles
        with CaptureQueriesContext(connection) as queries:
            read = UserWithUnitBackend().get_user(person.pk)
            assert read is not None
            assert _fields(read) == _fields(orm) and read.unit == orm.unit
            assert read.unit is None or read.unit.valid_to == date(2030, 12, 31)
            assert read.roles == roles and unread_count(read) == unread_count(orm)
        assert len(queries) == 1  # the unit and the roles came with the person
    assert UserWithUnitBackend().get_user(max(p.pk for p in people) + 1) is None


def test_the_registry_and_the_leaders_are_the_rows_the_orm_reads() -> None:
    UnitFactory.create(valid_from=date(2025, 3, 1), valid_to=date(2025, 12, 31))
    UserFactory.create(roles=[Role.LEADER], full_name="")
    assert REGISTRY.rows() == list(Unit.objects.order_by("pk").values_list(*ROW_FIELDS))
    assert any(isinstance(row[6], date) for row in REGISTRY.rows())  # dates, not text
    leaders = User.objects.filter(role_grants__role=Role.LEADER)
    expected = list(leaders.values_list("pk", "full_name", "username"))
    assert sorted(map(tuple, LEADERS.rows(Role.LEADER))) == sorted(expected) != []
    assert LEADERS.rows(Role.TRACKER) == []  # the parameter is the one given


def test_the_active_subscriptions_are_the_rows_the_orm_reads_with_their_events() -> None:
    approved, assigned = Event.TASK_APPROVED.value, Event.TASK_ASSIGNED.value
    wanted = Subscription.objects.create(url="https://a.vn/h", events=[approved])
    Subscription.objects.create(url="https://b.vn/h", events=[assigned], active=False)
    assert ACTIVE.rows() == [(wanted.pk, [approved])]  # a list, not its JSON text
    assert subscribers() == {approved: [wanted.pk]}
    later = Subscription.objects.create(url="https://c.vn/h", events=[assigned, approved])
    found = {name: sorted(ids) for name, ids in subscribers().items()}
    assert found == {approved: [wanted.pk, later.pk], assigned: [later.pk]}


def test_a_query_compiled_once_sees_what_changed_since() -> None:
    units = Compiled(lambda: Unit.objects.order_by("pk").values_list("pk", "name"))
    assert units.rows() == []
    unit = UnitFactory.create(name="Ban Thu")
    assert units.rows() == [(unit.pk, "Ban Thu")]
    Unit.objects.filter(pk=unit.pk).update(name="Ban Thu mới")
    assert units.rows() == [(unit.pk, "Ban Thu mới")] and Registry().rows[0][4] == "Ban Thu mới"


def test_a_new_leader_is_offered_and_a_role_taken_away_refuses_at_the_next_page() -> None:
    office = UserFactory.create(roles=[Role.TRACKER], unit=UnitFactory.create())
    client = client_for(office)
    assert client.get(reverse("tasks:list")).status_code == 200
    UserFactory.create(roles=[Role.LEADER], full_name="Lãnh Đạo Mới")
    assert ">Lãnh Đạo Mới</option>" in client.get(reverse("tasks:list")).content.decode()
    UserRole.objects.filter(user=office).delete()
    assert client.get(reverse("tasks:list")).status_code == 403
    assert PERSON.rows(office.pk)  # still read: it is the roles that refuse


def test_the_session_is_read_as_djangos_store_reads_it_and_ends_when_it_expires() -> None:
    store = SessionStore()
    store.update({"_auth_user_id": "7", "_renewed_at": 1_764_000_000})
    store.create()
    key = store.session_key
    assert key is not None
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(key).load() == DjangoStore(key).load() == dict(store.items())
    assert len(queries) == 2  # one statement each
    # a second before its end the session holds; a second after, it is gone and its key too
    for seconds, live in ((1, True), (-1, False)):
        end = timezone.now() + timedelta(seconds=seconds)
        Session.objects.filter(session_key=key).update(expire_date=end)
        read = SessionStore(key)
        assert bool(read.load()) is live and bool(DjangoStore(key).load()) is live
        assert (read.session_key == key) is live
    assert SessionStore("x" * 32).load() == {} and SessionStore(None).load() == {}


def test_slots_take_the_callers_values_and_the_querys_own_constants_stay() -> None:
    first, second = UnitFactory.create(), UnitFactory.create()
    for parent in (first, second, first):
        UnitFactory.create(parent=parent, name=f"Ban {parent.pk}")
        UnitFactory.create(parent=parent, name=f"Phòng {parent.pk}")

    def children(parent: int) -> QuerySet[Unit, tuple[int, str]]:  # a unit id: smallint
        return (
            Unit.objects.filter(parent_id=parent, name__startswith="Ban")
            .order_by(Case(When(name__startswith="Ban", then=Value(0)), default=Value(1)), "pk")
            .values_list("pk", "name")
        )

    read = Compiled(lambda: children(slot(0)), slots=[slot(0)])
    for parent in (first, second, first):
        assert read.rows(parent.pk) == list(children(parent.pk)) != []
    assert read.rows(slot(0)) == []
    unused = Compiled(lambda: children(first.pk), slots=[slot(0)])
    with pytest.raises(AssertionError, match="not in"):
        unused.rows(first.pk)
