"""Which routers the API serves, under which prefix: one line per domain app's `api.py`."""

from ninja import Router

from theodoi.api.views import router as self_router
from theodoi.notifications.api import router as notifications_router
from theodoi.organisation.api import router as units_router
from theodoi.reports.api import router as reports_router
from theodoi.statforms.api import router as forms_router
from theodoi.targets.api import router as targets_router
from theodoi.tasks.api import router as tasks_router
from theodoi.tasks.api_documents import router as documents_router
from theodoi.tasks.api_files import router as files_router
from theodoi.tasks.api_stats import router as stats_router
from theodoi.workcalendar.api import router as calendar_router

ROUTERS: list[tuple[str, Router]] = [
    ("/", self_router),
    ("/units/", units_router),
    ("/calendar/", calendar_router),
    ("/notifications/", notifications_router),
    ("/stats/", stats_router),
    ("/documents/", documents_router),
    ("/files/", files_router),
    ("/reports/", reports_router),
    ("/forms/", forms_router),
    ("/targets/", targets_router),
    ("/tasks/", tasks_router),
]
