"""Fixtures shared by every app's tests."""

from collections.abc import Callable
from pathlib import Path

import pytest

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.organisation.loading import load_units
from theodoi.organisation.models import Unit
from theodoi.organisation.tests.factories import UnitFactory

SAMPLE_UNITS = Path(__file__).parent / "demo" / "data" / "units.csv"


@pytest.fixture
def sample_units(db: None) -> dict[str, Unit]:
    """The registry from shared/samples/units.csv, loaded through the real loader."""
    load_units(SAMPLE_UNITS.read_bytes(), actor_label="test")
    return {u.code: u for u in Unit.objects.all()}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """A user of `unit` (by code; the sample's unit if loaded, else a minimal one)."""

    def make(*roles: str, unit: str = "VP", **fields: object) -> User:
        return UserFactory(roles=list(roles), unit=UnitFactory(code=unit), **fields)

    return make


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN)
