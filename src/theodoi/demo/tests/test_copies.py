"""The tests that start from the demo copy it (`copies.copy_demo`): the copy holds what the
loader writes, row for row and file for file, and the demo's people sign in with the password
the test gave."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.db import models, transaction

from theodoi.accounts.models import User
from theodoi.demo.services import load_demo
from theodoi.demo.tests.copies import _tables, copy_demo

pytestmark = pytest.mark.django_db


def contents() -> dict[str, Counter[tuple[object, ...]]]:
    """Each table's rows without what differs between two loads: ids (and the ids rows point
    at, also in text), moments, password hashes (salted) and file names (suffixed when
    taken)."""
    kept: dict[str, Counter[tuple[object, ...]]] = {}
    for model in _tables():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not f.is_relation
            and not isinstance(f, models.DateTimeField | models.FileField)
            and f.attname != "password"
        ]
        rows = model._base_manager.values_list(*names) if names else []
        kept[model._meta.label] = Counter(tuple(map(_plain, row)) for row in rows)
        kept[model._meta.label][("rows",)] = model._base_manager.count()
    return kept


def _plain(value: object) -> object:
    """Text with its numbers taken out: a key, a link or a change record names rows by id."""
    if isinstance(value, dict | list):
        value = repr(value)
    return re.sub(r"\d+", "#", value) if isinstance(value, str) else value


def files(root: Path) -> Counter[tuple[str, int]]:
    """The files by kind and size (a generated PDF or Word file carries the moment it was
    made)."""
    return Counter((p.suffix, p.stat().st_size) for p in root.rglob("*.*"))


def test_a_copy_of_the_demo_is_what_the_loader_writes(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "loaded"
    with transaction.atomic():
        load_demo("Mat-khau-demo-2026")
        loaded = contents()
        transaction.set_rollback(True)
    assert sum(map(len, loaded.values())) > 1000

    settings.MEDIA_ROOT = tmp_path / "copied"
    copy_demo("Mat-khau-khac-2026")
    assert contents() == loaded
    assert files(tmp_path / "copied") == files(tmp_path / "loaded") != Counter()
    lan = User.objects.get(username="lanhdao")
    assert lan.check_password("Mat-khau-khac-2026")
    assert not lan.check_password("Mat-khau-demo-2026")
