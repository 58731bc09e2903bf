"""The administrators' webhook pages: registering an address (its secret shown once), the
refusals naming the field, a stale change refused, a new secret, the deliveries paged and a
failed one sent again; every change in the change log, never the secret."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import with_token
from theodoi.webhooks.models import Delivery, DeliveryState, Subscription

pytestmark = pytest.mark.django_db
URL = "https://vpdt.bhxh.test/theodoi/webhook"


@pytest.fixture
def admin(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def text(response) -> str:
    return response.content.decode()


def create(admin: Client, url: str = URL, events=("task.assigned", "task.overdue")):
    return admin.post(
        reverse("webhooks:create"),
        with_token(admin, {"url": url, "events": list(events), "description": "Văn phòng điện tử"}),
    )


def logged_text() -> str:
    return json.dumps(list(ChangeRecord.objects.values("before", "after", "reason")))


def test_a_new_subscription_shows_its_secret_once(admin: Client) -> None:
    made = create(admin)
    subscription = Subscription.objects.get()
    page = reverse("webhooks:detail", args=[subscription.pk])
    assert made.status_code == 302 and made["Location"] == page
    assert subscription.events == ["task.assigned", "task.overdue"] and subscription.active
    first = text(admin.get(page))
    assert subscription.secret in first and "Khóa chỉ hiện một lần" in first
    assert subscription.secret not in text(admin.get(page))  # gone on the next view
    listed = text(admin.get(reverse("webhooks:list")))
    assert URL in listed and "Nhiệm vụ được giao; Nhiệm vụ quá hạn" in listed
    assert subscription.secret not in listed
    record = ChangeRecord.objects.get(object_type="webhooks.subscription")
    assert record.action == ChangeKind.CREATE and record.after["url"] == URL
    assert subscription.secret not in logged_text()


@pytest.mark.parametrize(
    "url", ["ftp://vpdt.bhxh.test/hook", "javascript:alert(1)", "vpdt.bhxh.test/hook", "https://"]
)
def test_an_address_that_is_not_http_is_refused_on_its_field(admin: Client, url: str) -> None:
    page = text(create(admin, url))
    assert "Địa chỉ nhận phải là địa chỉ http:// hoặc https:// đầy đủ." in page
    assert not Subscription.objects.exists() and not ChangeRecord.objects.exists()


def test_no_event_chosen_is_refused(admin: Client) -> None:
    assert "Cần chọn ít nhất một sự kiện." in text(create(admin, events=()))
    assert not Subscription.objects.exists()


def test_a_stale_change_is_refused_and_changes_nothing(admin: Client) -> None:
    create(admin)
    subscription = Subscription.objects.get()
    edit = reverse("webhooks:edit", args=[subscription.pk])
    seen = subscription.version
    kept = {"description": "Văn phòng điện tử", "version": seen}
    saved = admin.post(edit, {"events": ["task.submitted"], "active": "on", **kept})
    assert saved.status_code == 302
    stale = admin.post(edit, {"events": ["task.approved"], **kept})
    assert "vừa được người khác thay đổi" in text(stale)
    subscription.refresh_from_db()
    assert (subscription.events, subscription.active) == (["task.submitted"], True)
    record = ChangeRecord.objects.get(action=ChangeKind.UPDATE)
    assert record.before == {"events": ["task.assigned", "task.overdue"]}
    assert record.after == {"events": ["task.submitted"]}


def test_a_new_secret_is_shown_once_and_replaces_the_old(admin: Client) -> None:
    create(admin)
    subscription = Subscription.objects.get()
    page = reverse("webhooks:detail", args=[subscription.pk])
    admin.get(page)  # the first secret shown
    old = subscription.secret
    rotate = reverse("webhooks:new_secret", args=[subscription.pk])
    assert admin.post(rotate, {"version": subscription.version})["Location"] == page
    subscription.refresh_from_db()
    assert subscription.secret != old
    shown = text(admin.get(page))
    assert subscription.secret in shown and old not in shown
    assert subscription.secret not in text(admin.get(page))
    again = admin.post(rotate, {"version": subscription.version - 1}, follow=True)
    assert "vừa được người khác thay đổi" in text(again)  # a second click of the old page
    assert ChangeRecord.objects.filter(action=ChangeKind.WEBHOOK_SECRET).count() == 1
    assert old not in logged_text() and subscription.secret not in logged_text()


def test_deliveries_are_paged_newest_first_and_a_failed_one_is_sent_again(
    admin: Client, admin_user
) -> None:
    create(admin)
    subscription = Subscription.objects.get()
    Delivery.objects.bulk_create(
        Delivery(subscription=subscription, event="task.overdue", body="{}", attempts=n)
        for n in range(51)
    )
    failed = Delivery.objects.order_by("pk").first()
    assert failed is not None
    Delivery.objects.filter(pk=failed.pk).update(
        state=DeliveryState.FAILED, last_status=502, last_error="Nơi nhận trả lời 502"
    )
    page = reverse("webhooks:detail", args=[subscription.pk])
    first = text(admin.get(page))
    assert "Trang 1/2 (51 lần gửi)" in first and "Nhiệm vụ quá hạn" in first
    newest = Delivery.objects.order_by("-pk").first()
    assert newest is not None and str(newest.delivery_id) in first
    second = text(admin.get(page, {"trang": "2"}))
    assert str(failed.delivery_id) in second and "Nơi nhận trả lời 502" in second
    resend = reverse("webhooks:resend", args=[failed.pk])
    assert f'action="{resend}"' in second and first.count("Gửi lại</button>") == 0
    assert admin.post(resend)["Location"] == page
    again = Delivery.objects.get(pk=failed.pk)  # the same row, queued again
    assert (again.state, again.attempts) == (DeliveryState.QUEUED, 0)
    assert Delivery.objects.count() == 51
    record = ChangeRecord.objects.get(action=ChangeKind.WEBHOOK_RESEND)
    assert record.actor == admin_user and record.before == {"state": "failed", "attempts": 0}
    refused = admin.post(resend, follow=True)
    assert "Chỉ gửi lại được lần gửi đã bị đánh dấu gửi không được." in text(refused)


def test_the_menu_has_the_webhook_item_for_administrators(admin: Client) -> None:
    assert f'href="{reverse("webhooks:list")}"' in text(admin.get(reverse("webhooks:list")))
