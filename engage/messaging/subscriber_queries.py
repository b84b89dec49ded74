"""Reads about subscribers for staff: counts, and one address's consent ledger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.lookups import GreaterThan

from engage.core.models import Office
from engage.messaging.models import (
    Channel,
    ConsentRecord,
    Subscriber,
    SubscriberStatus,
    Suppression,
    Topic,
)
from engage.places.models import Area, AreaKind

ACTIVE = Q(status=SubscriberStatus.ACTIVE)


def subscriber_counts(office: Office) -> dict[str, Any]:
    """How many subscribers by status; and of those subscribed, by channel, topic and area.

    Three queries whatever the numbers: one aggregate over the subscribers, one GROUP BY area.
    """
    subscribers = Subscriber.objects.for_office(office)
    totals = subscribers.aggregate(
        **{f"status_{s.value}": Count("pk", filter=Q(status=s)) for s in SubscriberStatus},
        **{f"channel_{c.value}": Count("pk", filter=ACTIVE & Q(channel=c)) for c in Channel},
        **{
            f"topic_{t.value}": Count(
                "pk", filter=ACTIVE & Q(GreaterThan(F("topics").bitand(t.value), 0))
            )
            for t in Topic
        },
    )
    areas = (
        Area.objects.for_office(office)
        .filter(kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA])
        .annotate(
            active=Count("subscribers", filter=Q(subscribers__status=SubscriberStatus.ACTIVE)),
            pending=Count("subscribers", filter=Q(subscribers__status=SubscriberStatus.PENDING)),
        )
        .order_by("kind", "name")
    )
    return {
        "status": [(s, totals[f"status_{s.value}"]) for s in SubscriberStatus],
        "channel": [(c, totals[f"channel_{c.value}"]) for c in Channel],
        "topic": [(t, totals[f"topic_{t.value}"]) for t in Topic],
        "areas": list(areas),
        "active": totals[f"status_{SubscriberStatus.ACTIVE.value}"],
    }


def latest_subscribers(office: Office, limit: int = 25) -> QuerySet[Subscriber]:
    return (
        Subscriber.objects.for_office(office)
        .annotate(area_count=Count("areas"))
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class Ledger:
    """Everything held about one address: the subscriber (if any), consents, suppressions."""

    address: str
    subscriber: Subscriber | None
    consents: list[ConsentRecord]
    suppressions: list[Suppression]

    @property
    def found(self) -> bool:
        return bool(self.subscriber or self.consents or self.suppressions)


def ledger_for(office: Office, address: str) -> Ledger:
    """The consent ledger of one exact (normalised) address in the office."""
    subscriber = (
        Subscriber.objects.for_office(office)
        .filter(address=address)
        .prefetch_related("areas")
        .first()
    )
    return Ledger(
        address=address,
        subscriber=subscriber,
        consents=list(ConsentRecord.objects.for_office(office).filter(address=address)),
        suppressions=list(Suppression.objects.for_office(office).filter(address=address)),
    )
