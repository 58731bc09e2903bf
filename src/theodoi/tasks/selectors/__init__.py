"""Reading tasks and documents for pages (the reads; the writes are `services` and `steps`),
with a fixed number of queries per page: the list (`lists`), one task (`task_page`), a
person's work (`work`) and the documents (`documents`)."""

from theodoi.tasks.selectors.documents import DocumentChange, document_changes, document_list
from theodoi.tasks.selectors.lists import (
    LIST_DEFERRED,
    RELEVANCE,
    SORT_LABELS,
    SORTS,
    Found,
    TaskFilters,
    TaskRow,
    filter_tasks,
    full_queryset,
    list_queryset,
    search_tasks,
    task_rows,
)
from theodoi.tasks.selectors.task_page import (
    TaskPage,
    TimelineItem,
    get_visible_task,
    task_page,
    visible_task_or_404,
)
from theodoi.tasks.selectors.work import SECTIONS, WorkSection, my_work

__all__ = [
    "LIST_DEFERRED",
    "RELEVANCE",
    "SECTIONS",
    "SORTS",
    "SORT_LABELS",
    "DocumentChange",
    "Found",
    "TaskFilters",
    "TaskPage",
    "TaskRow",
    "TimelineItem",
    "WorkSection",
    "document_changes",
    "document_list",
    "filter_tasks",
    "full_queryset",
    "get_visible_task",
    "list_queryset",
    "my_work",
    "search_tasks",
    "task_page",
    "task_rows",
    "visible_task_or_404",
]
