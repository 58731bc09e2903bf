from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from theodoi.core.access import Action, require
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.paging import ListPaginator
from theodoi.core.sessions import not_activity
from theodoi.notifications import services
from theodoi.notifications.forms import PreferenceForm
from theodoi.notifications.selectors import delivery_of, notifications_of, unread_badge

PAGE_SIZE = 50


def notification_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_NOTIFICATIONS)
    page = ListPaginator(notifications_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    form = PreferenceForm(initial={"delivery": delivery_of(request.user)})
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "form": form,
            "has_email": bool(request.user.email),
        },
    )


def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read (only one's own)."""
    require(request.user, Action.VIEW_NOTIFICATIONS)
    note = notifications_of(request.user).filter(pk=pk).first()
    if note is None:
        raise Http404("Không có thông báo này.")
    services.mark_read(request.user, [note.pk])
    return redirect(note.url or "notifications:list")


@not_activity
def notification_bell(request: AuthedRequest) -> HttpResponse:
    """The bell alone, for the top bar to refresh itself (htmx). Asking does not keep an idle
    session alive: a tab left open still signs out after the idle time."""
    require(request.user, Action.VIEW_NOTIFICATIONS)
    bell = render_to_string("notifications/_bell.html", {"unread": unread_badge(request.user)})
    return HttpResponse(bell)


@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_NOTIFICATIONS)
    count = services.mark_read(request.user)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("notifications:list")


@require_POST
def preference_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_NOTIFICATIONS)
    form = PreferenceForm(request.POST)

    def save() -> object:
        return services.preference_set(request.user, form.cleaned_data["delivery"])

    if form.is_valid() and submit(form, save) is not None:
        messages.success(request, "Đã lưu cách nhận thư.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("notifications:list")
