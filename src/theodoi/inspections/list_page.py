"""The list page `/kiem-tra/`: its filters (year, status) read from the address, and the rows
(`listing.inspection_list`). A wrong value is named on the page and left out."""

from typing import Any

from django.utils import timezone

from theodoi.core.http import AuthedRequest
from theodoi.inspections.listing import inspection_list, years
from theodoi.inspections.status import Status


def list_context(request: AuthedRequest) -> dict[str, Any]:
    today = timezone.localdate()
    problems = []
    year: int | None = None
    raw_year = request.GET.get("nam", "").strip()
    if raw_year:
        if raw_year.isdigit() and 1900 <= int(raw_year) <= 2100:
            year = int(raw_year)
        else:
            problems.append(f"Năm «{raw_year[:20]}» không hợp lệ: đang hiện mọi năm.")
    status = request.GET.get("trang_thai", "").strip()
    if status and status not in Status.values:
        problems.append("Trạng thái đã chọn không có: đang hiện mọi trạng thái.")
        status = ""
    words = [f"Năm {year}" if year else "Mọi năm"]
    words.append(f"trạng thái: {Status(status).label}" if status else "mọi trạng thái")
    query = "&".join(f"{k}={v}" for k, v in (("nam", year or ""), ("trang_thai", status)) if v)
    return {
        "filters": ", ".join(words),
        "query": query,
        "rows": inspection_list(request.user, today, year=year, status=status),
        "years": years(request.user),
        "statuses": Status.choices,
        "year": year,
        "status": status,
        "problems": problems,
        "today": today,
    }
