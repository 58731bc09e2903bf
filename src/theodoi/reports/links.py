"""Addresses of the reports pages, and the round page's query string spelled out once.

A round's page (`/bao-cao/dot/<id>/`) is filtered by keys people see and send to each other:
`tinh_trang` (on time, late, missing, not yet due: `timeliness.SLUGS`), `don_vi` (that unit and
the units below it) and `ngay` (the date the states are judged at, dd/mm/yyyy; today when
absent). The dashboard's panel, the round page's chips, pager and export link are all made by
`round_url`, and the page reads its address back with `read_round_filter`.
"""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from theodoi.core.dates import DateParseError, format_date, parse_date
from theodoi.reports.timeliness import SLUGS, Timeliness

STATE = "tinh_trang"
UNIT = "don_vi"
AS_OF = "ngay"
PAGE = "trang"  # the page number, which a filter link never carries
ID = re.compile(r"[1-9][0-9]{0,8}")  # a unit's id as the database holds it (no overflow)
BY_SLUG: dict[str, Timeliness] = {slug: state for state, slug in SLUGS.items()}


def _pairs(
    state: Timeliness | None, unit_id: int | None, as_of: date | None
) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if state is not None:
        pairs.append((STATE, SLUGS[state]))
    if unit_id is not None:
        pairs.append((UNIT, str(unit_id)))
    if as_of is not None:
        pairs.append((AS_OF, format_date(as_of)))
    return pairs


def round_url(
    round_id: int,
    *,
    state: Timeliness | None = None,
    unit_id: int | None = None,
    as_of: date | None = None,
    export: bool = False,
) -> str:
    """A round's page (or its XLSX export) showing the requests in `state` of `unit_id` and
    the units below it, judged at `as_of`; filters left empty are left out."""
    path = reverse("reports:round_export" if export else "reports:round", args=[round_id])
    pairs = _pairs(state, unit_id, as_of)
    return f"{path}?{urlencode(pairs)}" if pairs else path


@dataclass(frozen=True)
class RoundFilter:
    """What a round's page shows: the state, the unit (with those below it), the date judged
    at (`as_of`), and whether that date was asked for (`dated`) rather than today's."""

    state: Timeliness | None
    unit_id: int | None
    as_of: date
    dated: bool = False

    def url(self, round_id: int, *, state: Timeliness | None = None, export: bool = False) -> str:
        """This filter's address with `state` instead of its own (None: every state)."""
        return round_url(
            round_id,
            state=state,
            unit_id=self.unit_id,
            as_of=self.as_of if self.dated else None,
            export=export,
        )

    @property
    def slug(self) -> str:
        return SLUGS[self.state] if self.state is not None else ""

    @property
    def query(self) -> str:
        """The query string the pager keeps (without the page number)."""
        return urlencode(_pairs(self.state, self.unit_id, self.as_of if self.dated else None))


def read_round_filter(query: QueryDict, today: date) -> tuple[RoundFilter, str]:
    """The filter in a round page's address, and a Vietnamese message when part of it could
    not be read (that part is then left out)."""
    error = ""
    state = BY_SLUG.get(query.get(STATE, "").strip())
    if query.get(STATE, "").strip() and state is None:
        error = "Tình trạng không hợp lệ: hiện mọi tình trạng."
    unit_text = query.get(UNIT, "").strip()
    unit_id = int(unit_text) if ID.fullmatch(unit_text) else None
    if unit_text and unit_id is None:
        error = "Đơn vị không hợp lệ: hiện mọi đơn vị."
    as_of, dated = today, False
    day_text = query.get(AS_OF, "").strip()
    if day_text:
        try:
            as_of, dated = parse_date(day_text, "Tại ngày"), True
        except DateParseError as exc:
            error = str(exc)
    return RoundFilter(state, unit_id, as_of, dated), error
