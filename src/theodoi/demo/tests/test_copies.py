"""The tests that start from the demo copy it (`copies.copy_demo`): the copy holds what the
loader writes, row for row and file for file, and the demo's people sign in with the password
the test gave."""

from collections import Counter

import pytest

from theodoi.accounts.models import User
from theodoi.demo.tests.copies import copy_demo, files, recorded, summary

pytestmark = pytest.mark.django_db


def test_a_copy_of_the_demo_is_what_the_loader_writes(settings, tmp_path) -> None:
    """Compared with what the real `load_demo` wrote when the session recorded it (`Record`:
    each table's rows without ids, moments, password hashes and file names, and the files the
    load added to MEDIA_ROOT, by kind and size), not with a load of its own: the same load."""
    settings.MEDIA_ROOT = tmp_path / "copied"
    copy_demo("Mat-khau-khac-2026")
    loaded = recorded().loaded
    assert sum(map(len, loaded.values())) > 1000
    assert summary() == loaded
    assert files(tmp_path / "copied") == recorded().written != Counter()
    lan = User.objects.get(username="lanhdao")
    assert lan.check_password("Mat-khau-khac-2026")
    assert not lan.check_password("Mat-khau-demo-2026")
