"""Webhook pages for administrators: the subscriptions, a new one (its secret shown once), a
change to one, a new secret (shown once), its deliveries and sending a failed one again."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from theodoi.core.access import Action, require
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.core.paging import ListPaginator
from theodoi.webhooks import selectors, services
from theodoi.webhooks.delivery import MAX_ATTEMPTS
from theodoi.webhooks.forms import SubscriptionEditForm, SubscriptionForm, VersionForm
from theodoi.webhooks.models import Delivery, Subscription

PAGE_SIZE = 50
SECRET_KEY = "theodoi_webhook_secret"


def _show_secret_once(request: AuthedRequest, subscription: Subscription) -> None:
    """Keep the secret in the session for the one page view that shows it."""
    request.session[SECRET_KEY] = {"pk": subscription.pk, "secret": subscription.secret}


def subscription_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_WEBHOOKS)
    rows = selectors.subscription_rows()
    return render(request, "webhooks/list.html", {"rows": rows})


@once_per_form
def subscription_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_WEBHOOKS)
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = submit(
            form,
            lambda: services.subscription_create(
                actor=request.user,
                url=data["url"],
                events=data["events"],
                description=data["description"],
            ),
        )
        if made is not None:
            _show_secret_once(request, made)
            messages.success(request, f"Đã đăng ký webhook gửi tới {made.url}.")
            return redirect("webhooks:detail", made.pk)
    return form_page(request, form, "Đăng ký webhook", reverse("webhooks:list"))


def subscription_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_WEBHOOKS)
    subscription = get_object_or_404(Subscription, pk=pk)
    shown = request.session.get(SECRET_KEY)
    secret = ""
    if shown and shown.get("pk") == subscription.pk:
        secret = request.session.pop(SECRET_KEY)["secret"]
    page = ListPaginator(selectors.deliveries_of(subscription), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "webhooks/detail.html",
        {
            "subscription": subscription,
            "events": selectors.label_list(subscription.events),
            "secret": secret,
            "page": page,
            "rows": selectors.delivery_rows(list(page.object_list)),
            "query": "",
            "max_attempts": MAX_ATTEMPTS,
        },
    )


def subscription_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_WEBHOOKS)
    subscription = get_object_or_404(Subscription, pk=pk)
    initial = {
        "events": subscription.events,
        "active": subscription.active,
        "description": subscription.description,
        "version": subscription.version,
    }
    form = SubscriptionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = submit(
            form,
            lambda: services.subscription_update(
                actor=request.user,
                subscription=subscription,
                expected_version=data["version"] or 0,
                events=data["events"],
                active=data["active"],
                description=data["description"],
            ),
        )
        if saved is not None:
            messages.success(request, f"Đã lưu webhook gửi tới {saved.url}.")
            return redirect("webhooks:detail", saved.pk)
    back = reverse("webhooks:detail", args=[subscription.pk])
    return form_page(request, form, f"Sửa webhook gửi tới {subscription.url}", back)


@require_POST
def subscription_new_secret(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_WEBHOOKS)
    subscription = get_object_or_404(Subscription, pk=pk)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    done = submit(
        form,
        lambda: services.subscription_new_secret(
            actor=request.user, subscription=subscription, expected_version=version or 0
        ),
    )
    if done is None:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    else:
        _show_secret_once(request, done)
        messages.success(request, "Đã tạo khóa bí mật mới; khóa cũ không còn dùng được.")
    return redirect("webhooks:detail", subscription.pk)


@require_POST
def delivery_resend(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_WEBHOOKS)
    delivery = get_object_or_404(Delivery, pk=pk)
    form = VersionForm(request.POST)
    form.is_valid()
    done = submit(form, lambda: services.delivery_resend(actor=request.user, delivery=delivery))
    if done is None:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    else:
        messages.success(request, "Đã đưa lần gửi trở lại hàng chờ; hệ thống gửi lại ngay.")
    return redirect("webhooks:detail", delivery.subscription_id)
