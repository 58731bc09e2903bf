"""The small world of the task tests (the sample registry, five people of the cycle), and the
files the tests attach kept in a folder of their own."""

import pytest

from theodoi.tasks.tests.conftest import world

__all__ = ["world"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
