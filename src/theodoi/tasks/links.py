"""Addresses of the task pages, and the task list's query string spelled out once.

The list's filters travel in Vietnamese keys (`?don_vi=12&vai_tro=lead&trang_thai=assigned`),
which people see, bookmark and send to each other. `PARAMS` names each key once, beside the
field of `selectors.TaskFilters` it fills; the filter form (`filters.TaskFilterForm`) has one
field per key, and every link to a filtered list — the dashboard's numbers, "Việc của tôi", a
document's tasks, a unit's tasks after a hand-over — is made by `task_list_url`.
"""

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any
from urllib.parse import quote_plus

from django.urls import reverse

# TaskFilters field (and the statistics date `as_of`) → the list's query key, in this order
PARAMS: dict[str, str] = {
    "q": "q",
    "document_id": "van_ban",
    "unit_id": "don_vi",
    "unit_role": "vai_tro",
    "states": "trang_thai",
    "klass": "loai",
    "view": "goc_nhin",
    "due_from": "han_tu",
    "due_to": "han_den",
    "leader_id": "lanh_dao",
    "sort": "sap_xep",
    "missing_update": "chua_cap_nhat",
    "as_of": "ngay",
}
PAGE = "trang"  # the page number, which a filter link never carries


class UnitRole(StrEnum):
    """How the chosen unit stands to the tasks listed."""

    ANY = "any"
    LEAD = "lead"
    COORD = "coord"

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        """The API's documentation says it in Vietnamese, not this docstring."""
        schema = handler(core_schema)
        handler.resolve_ref_schema(schema)["description"] = "vai trò của đơn vị với nhiệm vụ"
        return schema


@cache
def _list_path() -> str:
    return reverse("tasks:list")


def task_url(pk: int) -> str:
    """The task's page (the list's address worked out once: fifty rows, one `reverse`)."""
    return f"{_list_path()}{pk}/"


def _shown(value: object) -> str:
    return f"{value:%d/%m/%Y}" if isinstance(value, date) else str(value)


# what `urllib.parse.quote_plus` leaves as it is: most values (ids, dates' digits, keys)
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")


def _pair(key: str, value: object) -> str:
    """`key=value` as `urlencode` writes it; a value needing no quoting is not quoted (the
    dashboard writes six hundred addresses a page: docs/bench.md)."""
    text = _shown(value)
    return f"{key}={text if _UNQUOTED.fullmatch(text) else quote_plus(text)}"


def task_list_url(
    *,
    q: str = "",
    document_id: int | None = None,
    unit_id: int | None = None,
    unit_role: UnitRole | None = None,
    states: Iterable[str] = (),
    klass: str = "",
    view: str = "",
    due_from: date | None = None,
    due_to: date | None = None,
    leader_id: int | None = None,
    sort: str = "",
    missing_update: bool = False,
    as_of: date | None = None,
) -> str:
    """The task list showing these tasks; filters left empty are left out."""
    given = {
        "q": q,
        "document_id": document_id,
        "unit_id": unit_id,
        "unit_role": unit_role,
        "states": sorted(states),
        "klass": klass,
        "view": view,
        "due_from": due_from,
        "due_to": due_to,
        "leader_id": leader_id,
        "sort": sort,
        "missing_update": "1" if missing_update else "",
        "as_of": as_of,
    }
    pairs = []
    for name, key in PARAMS.items():
        value = given[name]
        for one in value if isinstance(value, list) else [value]:
            if one not in (None, ""):
                pairs.append(_pair(key, one))
    return f"{_list_path()}?{'&'.join(pairs)}" if pairs else _list_path()
