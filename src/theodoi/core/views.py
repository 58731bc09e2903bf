from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from theodoi.core.http import AuthedRequest
from theodoi.core.navigation import landing_url
from theodoi.workcalendar.services import get_calendar


def home(request: AuthedRequest) -> HttpResponse:
    elsewhere = landing_url(request.user)
    if elsewhere:  # a partner's people: every card here would lead to a closed page
        return redirect(elsewhere)
    today = timezone.localdate()
    calendar = get_calendar()
    return render(
        request,
        "core/home.html",
        {
            "today": today,
            "today_info": calendar.info(today),
            "next_working_day": calendar.add_working_days(today, 1),
        },
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = (
        str(exception) if exception and str(exception) else "Bạn không có quyền xem trang này."
    )
    return render(request, "core/403.html", {"message": message}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)
