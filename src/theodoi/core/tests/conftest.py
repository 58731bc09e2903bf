from theodoi.tasks.tests.conftest import world  # noqa: F401 (fixture)
