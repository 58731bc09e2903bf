"""Webhook reads for the administrators' pages (a fixed number of queries each)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet

from theodoi.webhooks.events import label_of
from theodoi.webhooks.models import Delivery, DeliveryState, Subscription


@dataclass(frozen=True)
class SubscriptionRow:
    subscription: Subscription
    events: list[str]  # the events' words
    queued: int
    failed: int
    last_at: datetime | None


def subscription_rows() -> list[SubscriptionRow]:
    """Every subscription with its waiting and failed deliveries and its latest (one query)."""
    found = Subscription.objects.defer("secret").annotate(
        queued=Count("deliveries", filter=Q(deliveries__state=DeliveryState.QUEUED)),
        failed=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
        last_at=Max("deliveries__created_at"),
    )
    return [
        SubscriptionRow(
            s,
            [label_of(name) for name in s.events or []],
            s.queued,
            s.failed,
            s.last_at,
        )
        for s in found
    ]


def deliveries_of(subscription: Subscription) -> QuerySet[Delivery]:
    """Its deliveries, newest first, without their bodies."""
    return subscription.deliveries.defer("body").order_by("-created_at", "-id")


@dataclass(frozen=True)
class DeliveryRow:
    delivery: Delivery
    event: str  # the event's words


def delivery_rows(deliveries: list[Delivery]) -> list[DeliveryRow]:
    return [DeliveryRow(d, label_of(d.event)) for d in deliveries]


def label_list(names: list[str] | None) -> list[str]:
    return [label_of(name) for name in names or []]
