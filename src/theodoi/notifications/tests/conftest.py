from theodoi.monitoring.tests.conftest import coord_head  # noqa: F401 (fixture)
from theodoi.tasks.tests.conftest import world  # noqa: F401 (fixture)
