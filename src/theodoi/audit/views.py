from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from theodoi.audit.presenting import present
from theodoi.audit.selectors import OBJECT_TYPE_LABELS, change_list
from theodoi.core.access import Action, require
from theodoi.core.http import AuthedRequest
from theodoi.core.paging import kept_query

PAGE_SIZE = 50


def change_list_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_AUDIT)
    object_type = request.GET.get("loai", "")
    if object_type not in OBJECT_TYPE_LABELS:
        object_type = ""
    # (PostgreSQL refuses a NUL character in a text it compares: "%00" gave an error page)
    query = request.GET.get("q", "").replace("\x00", "").strip()
    page = Paginator(change_list(object_type=object_type, query=query), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "lines": present(page.object_list),
            "types": OBJECT_TYPE_LABELS,
            "object_type": object_type,
            "q": query,
            "query": kept_query(loai=object_type, q=query),
        },
    )
