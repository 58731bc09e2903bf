"""The small world of the task tests (the sample registry, five people of the cycle)."""

from theodoi.tasks.tests.conftest import world

__all__ = ["world"]
