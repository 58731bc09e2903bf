"""The generator starts from the demo: here from its copy (demo/tests/copies.py), the rows the
loader writes, instead of running the loader again in each test."""

import pytest

from theodoi.demo.tests.copies import copy_demo


@pytest.fixture(autouse=True)
def demo_copied(monkeypatch) -> None:
    monkeypatch.setattr("theodoi.bench.generate.load_demo", copy_demo)
