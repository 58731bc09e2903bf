"""A username is one name whatever its case, in the database itself: two accounts "racer" and
"Racer" created at the same moment give one account and one refusal; the upgrade renames the
pairs made before, and says so."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from theodoi.accounts import services
from theodoi.accounts.models import Role, User
from theodoi.audit.models import ChangeRecord
from theodoi.conftest import Race, database_for_threads, in_threads
from theodoi.core.errors import Code, ValidationFailed


def _create(name: str) -> str:
    """Create the account `name`; "created", or the code of the refusal."""
    try:
        services.user_create(
            actor=None, username=name, password="", password_hash="!", roles=[Role.UNIT_STAFF]
        )
    except ValidationFailed as exc:
        return exc.code
    return "created"


@pytest.mark.django_db
def test_the_database_refuses_a_name_differing_only_in_case() -> None:
    User.objects.create(username="racer")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="Racer")


@pytest.mark.django_db(transaction=True)
def test_racer_and_racer_created_at_once_give_one_account(tmp_path) -> None:
    with database_for_threads(tmp_path):
        results = in_threads(lambda: _create("racer"), lambda: _create("Racer"))
        names = in_threads(lambda: list(User.objects.values_list("username", flat=True)))[0]
    assert sorted(results) == ["created", Code.DUPLICATE] and len(names) == 1


@pytest.mark.django_db(transaction=True)
def test_the_account_that_loses_the_race_is_refused_as_taken(monkeypatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite never interleaves two writers (conftest.Race)")
    race, check_roles = Race(), services._check_roles

    def check_then_tell(roles: list[str]) -> Any:
        check_roles(roles)
        race.passed()  # the name's check (just before) found nothing: the first is open

    monkeypatch.setattr(services, "_check_roles", check_then_tell)
    assert race.run(lambda: _create("racer"), lambda: _create("Racer")) == (
        "created",
        Code.DUPLICATE,
    )
    assert list(User.objects.values_list("username", flat=True)) == ["racer"]


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_renames_the_younger_of_an_old_pair_and_logs_it(capsys) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0001_users_and_roles")])  # before the rule
    older = User.objects.create(username="racer", full_name="Người thứ nhất")
    younger = User.objects.create(username="Racer", full_name="Người thứ hai")
    other = User.objects.create(username="nguoikhac")
    call_command("migrate", "accounts", verbosity=0, stdout=StringIO())
    assert list(User.objects.order_by("pk").values_list("username", flat=True)) == [
        "racer",
        f"Racer-{younger.pk}",
        "nguoikhac",
    ]
    record = ChangeRecord.objects.get(object_type="accounts.user")
    assert record.object_id == str(younger.pk) and "«racer»" in record.reason
    assert record.before == {"username": "Racer"}
    assert f"«Racer» trùng với «racer»: đổi thành «Racer-{younger.pk}»" in capsys.readouterr().out
    assert older.pk < younger.pk and other.pk
