"""Delivering messages: claim one, write it, send it, mark it; retry, give up, resume.

The `deliver` task (tasks.py) calls `run()`, which
1. reconciles messages left "sending" for longer than the lease by a worker that stopped (see
   `reconcile`): a provider that can tell (Notify, the SMS file) is asked whether it got the
   message, and it is marked sent or queued again; one that cannot (SMTP) has the message failed
   with "may have been sent" for a person to check. Nothing is resent blindly;
2. sends every message that is due, in batches: for each, waits for a token from the provider's
   rate limit, claims the row with a conditional UPDATE (queued → sending, attempts + 1; two
   workers never claim the same row), renders it in its language, calls the provider outside any
   transaction, and marks it sent with the provider's id;
3. on a temporary failure (429, 5xx, no connection) queues it again after an exponential backoff
   with jitter, up to MESSAGING_MAX_ATTEMPTS, then fails it (the dead letters staff see on
   messaging:delivery); on a permanent failure (a refused address) fails it at once with the reason;
4. if messages are due later (retries, scheduled alerts), enqueues itself to run then.

A message whose earlier attempt may have reached the provider (a retry, or one staff retried) is
first checked with the provider when it can tell, so a lost answer never causes a second copy.

`kick()` is how the rest of Engage asks for delivery: it enqueues the task once the current
transaction commits. `manage.py resume_delivery` (cron, every few minutes) reconciles and kicks.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from engage.core.models import Office
from engage.messaging.models import (
    AlertStatus,
    ConsentPurpose,
    Message,
    MessageKind,
    MessageStatus,
    SubscriberStatus,
    Suppression,
)
from engage.messaging.providers import PermanentFailure, Provider, Providers, TemporaryFailure
from engage.messaging.rendering import RenderError, render

logger = logging.getLogger(__name__)

# A worker that has held a message "sending" this long has stopped: no provider call lasts as
# long (providers.TIMEOUT is 30 seconds).
LEASE = dt.timedelta(minutes=5)
# Read together; each is still claimed alone, just before it is sent.
BATCH = 100
# Retry n waits between half and all of BACKOFF_BASE × 2^(n-1), never more than BACKOFF_CAP.
BACKOFF_BASE = dt.timedelta(seconds=30)
BACKOFF_CAP = dt.timedelta(hours=6)

# The reasons staff read on the delivery page (stored on the message, in English).
MAY_HAVE_BEEN_SENT = "May have been sent before the worker stopped: check before retrying"
REQUEUED_AFTER_STOP = "Not sent before the worker stopped (the provider said so): queued again"
GAVE_UP = "Gave up after {attempts} attempts. Last error: {error}"
# Messages that were deliberately not sent: failed, but not dead letters to retry.
NOT_SENT_LEFT = "Not sent: they unsubscribed before it went"
NOT_SENT_SUPPRESSED = "Not sent: this address asked for no more of these messages"
NOT_SENT_CANCELLED = "Not sent: the alert was cancelled"
NOT_SENT = (NOT_SENT_LEFT, NOT_SENT_SUPPRESSED, NOT_SENT_CANCELLED)


class Clock:
    """The time, and a way to wait. Tests pass one whose sleep moves its time on."""

    def now(self) -> dt.datetime:
        return timezone.now()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


SYSTEM_CLOCK = Clock()


class RateLimit:
    """At most MESSAGING_RATE messages a second through one provider, counted in the cache so
    every worker shares the bucket (with several workers, CACHE_URL must be a shared cache).

    A bucket of `capacity` tokens is filled at the start of each window (one second, longer for
    rates below one a second); taking a token past the last waits for the next window.
    """

    def __init__(self, name: str, rate: float, clock: Clock = SYSTEM_CLOCK) -> None:
        self.name = name
        self.rate = rate
        self.clock = clock
        self.window = max(1.0, 1.0 / rate) if rate > 0 else 0.0
        self.capacity = max(1, int(rate * self.window)) if rate > 0 else 0

    def take(self) -> None:
        if self.rate <= 0:
            return
        while True:
            now = self.clock.now().timestamp()
            slot = int(now // self.window)
            key = f"engage:messaging:rate:{self.name}:{slot}"
            cache.add(key, 0, timeout=int(self.window) + 60)
            try:
                used = cache.incr(key)
            except ValueError:  # the key expired between add and incr: start again
                continue
            if used <= self.capacity:
                return
            self.clock.sleep(max(0.001, (slot + 1) * self.window - now))


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th try failed: exponential, with jitter so a crowd
    of messages that failed together does not come back together."""
    full = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(0, attempts - 1)))
    return full * random.uniform(0.5, 1.0)


@dataclass
class Summary:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    not_sent: int = 0
    reconciled: int = 0
    next_run: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _messages(pk: int, *statuses: str) -> QuerySet[Message]:
    return Message.objects.filter(pk=pk, status__in=statuses)


def _mark_sent(pk: int, provider_ref: str, now: dt.datetime) -> None:
    done = _messages(pk, MessageStatus.SENDING).update(
        status=MessageStatus.SENT, sent_at=now, provider_ref=provider_ref[:100], error=""
    )
    if not done:
        # A delivery receipt beat us to it (delivered or failed): keep its status, add ours.
        Message.objects.filter(pk=pk, sent_at__isnull=True).update(
            sent_at=now, provider_ref=provider_ref[:100]
        )


def _fail(pk: int, error: str) -> None:
    _messages(pk, MessageStatus.SENDING).update(status=MessageStatus.FAILED, error=error[:500])


def _retry_or_fail(message: Message, error: str, clock: Clock, summary: Summary) -> None:
    if message.attempts >= settings.MESSAGING_MAX_ATTEMPTS:
        _fail(message.pk, GAVE_UP.format(attempts=message.attempts, error=error))
        summary.failed += 1
        return
    _messages(message.pk, MessageStatus.SENDING).update(
        status=MessageStatus.QUEUED,
        due_at=clock.now() + backoff(message.attempts),
        error=error[:500],
    )
    summary.retrying += 1


def suppressed_among(messages: list[Message]) -> set[tuple[int, str, str]]:
    """(office, address, purpose) of the suppressions that touch a batch, in one query."""
    addresses = {m.address for m in messages if m.kind in (MessageKind.ALERT, MessageKind.NOTICE)}
    if not addresses:
        return set()
    return set(
        Suppression.objects.filter(address__in=addresses).values_list(
            "office_id", "address", "purpose"
        )
    )


def reason_not_to_send(message: Message, suppressed: set[tuple[int, str, str]]) -> str:
    """Why a claimed message must not go after all (they left, they said stop), or ""."""
    if message.kind == MessageKind.ALERT:
        if message.alert is not None and message.alert.status == AlertStatus.CANCELLED:
            return NOT_SENT_CANCELLED
        if message.subscriber is None or message.subscriber.status != SubscriberStatus.ACTIVE:
            return NOT_SENT_LEFT
    if message.kind in (MessageKind.ALERT, MessageKind.NOTICE):
        purpose = (
            ConsentPurpose.HEAR_BACK
            if message.kind == MessageKind.NOTICE
            else ConsentPurpose.ALERTS
        )
        if (message.office_id, message.address, purpose) in suppressed:
            return NOT_SENT_SUPPRESSED
    return ""


def _claim(pk: int, now: dt.datetime) -> bool:
    return bool(
        Message.objects.filter(pk=pk, status=MessageStatus.QUEUED, due_at__lte=now).update(
            status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def deliver_one(
    message: Message,
    providers: Providers,
    limits: dict[str, RateLimit],
    clock: Clock,
    summary: Summary,
    suppressed: set[tuple[int, str, str]],
) -> None:
    """Claim, write, send and mark one message, read (with its related rows) as queued."""
    pk = message.pk
    try:
        provider: Provider = providers[message.channel]
    except ImproperlyConfigured as error:
        # Settings are checked at start-up, so this is rare; try again later, then give up.
        logger.error("Messages by %s cannot be sent: %s", message.channel, error)
        if _claim(pk, clock.now()):
            message.attempts += 1
            _retry_or_fail(message, f"Not set up to send this: {error}", clock, summary)
        return
    limit = limits.setdefault(
        provider.name, RateLimit(provider.name, settings.MESSAGING_RATE, clock)
    )
    # Wait for the token before claiming: a worker stopped while waiting leaves nothing in doubt.
    limit.take()
    if not _claim(pk, clock.now()):
        return  # another worker has it
    # The claim only succeeds on the row as it was read (still queued and due), so the copy in
    # hand is the row, with one attempt more.
    message.attempts += 1
    message.status = MessageStatus.SENDING
    reason = reason_not_to_send(message, suppressed)
    if reason:
        _fail(pk, reason)
        summary.not_sent += 1
        return
    try:
        # Tried before: the earlier attempt may have got there though its answer was lost.
        if (message.attempts > 1 or message.error) and provider.already_sent(message.key):
            _mark_sent(pk, "", clock.now())
            summary.sent += 1
            return
        rendered = render(message)
        provider_ref = provider.send(rendered)
    except TemporaryFailure as error:
        _retry_or_fail(message, str(error), clock, summary)
    except (PermanentFailure, RenderError) as error:
        _fail(pk, str(error))
        summary.failed += 1
    except Exception:
        # We do not know whether it went. Leave it "sending": once the lease is over, reconcile
        # asks the provider, or lists it as "may have been sent".
        logger.exception("Sending message %s failed in an unexpected way", pk)
    else:
        _mark_sent(pk, provider_ref, clock.now())
        summary.sent += 1


def due_batch(clock: Clock, size: int) -> list[Message]:
    """The next messages due, oldest first, with everything rendering reads, in one query."""
    return list(
        Message.objects.filter(status=MessageStatus.QUEUED, due_at__lte=clock.now())
        .select_related(
            "office", "subscriber", "alert", "notice__decision__office", "notice__outcome__office"
        )
        .order_by("due_at", "pk")[:size]
    )


def reconcile(
    providers: Providers, *, clock: Clock = SYSTEM_CLOCK, lease: dt.timedelta = LEASE
) -> int:
    """Settle messages a stopped worker left "sending" for longer than `lease`. Returns how many.

    Notify (or the SMS file) is asked whether it has the message's reference: yes → sent; no →
    queued again. A provider that cannot tell (SMTP, console) → failed with MAY_HAVE_BEEN_SENT,
    listed on the delivery page for a person to check and retry if it did not arrive.
    """
    now = clock.now()
    stale = Message.objects.filter(status=MessageStatus.SENDING).filter(
        Q(claimed_at__lt=now - lease) | Q(claimed_at__isnull=True)
    )
    settled = 0
    for message in stale.only("pk", "key", "channel", "claimed_at").iterator():
        try:
            answer = providers[message.channel].already_sent(message.key)
        except (TemporaryFailure, ImproperlyConfigured) as error:
            logger.warning("Cannot reconcile message %s yet: %s", message.pk, error)
            continue
        still = Message.objects.filter(
            pk=message.pk, status=MessageStatus.SENDING, claimed_at=message.claimed_at
        )
        if answer is True:
            settled += still.update(status=MessageStatus.SENT, sent_at=now, error="")
        elif answer is False:
            settled += still.update(
                status=MessageStatus.QUEUED, due_at=now, error=REQUEUED_AFTER_STOP
            )
        else:
            settled += still.update(status=MessageStatus.FAILED, error=MAY_HAVE_BEEN_SENT)
    return settled


def next_run_at(clock: Clock = SYSTEM_CLOCK) -> dt.datetime | None:
    """When there will next be work: the earliest queued message, or a lease running out."""
    found = Message.objects.aggregate(
        due=Min("due_at", filter=Q(status=MessageStatus.QUEUED)),
        claimed=Min("claimed_at", filter=Q(status=MessageStatus.SENDING)),
    )
    times = [found["due"]] if found["due"] else []
    if found["claimed"]:
        times.append(found["claimed"] + LEASE + dt.timedelta(seconds=1))
    if not times:
        return None
    return max(min(times), clock.now() + dt.timedelta(seconds=1))


def run(*, clock: Clock = SYSTEM_CLOCK, batch: int = BATCH) -> Summary:
    """Reconcile, send everything due, and arrange the next run. Never inside a transaction in
    production (the task runs it in autocommit), so no transaction spans a provider's call."""
    summary = Summary()
    with Providers() as providers:
        summary.reconciled = reconcile(providers, clock=clock)
        limits: dict[str, RateLimit] = {}
        while due := due_batch(clock, batch):
            suppressed = suppressed_among(due)
            for message in due:
                deliver_one(message, providers, limits, clock, summary, suppressed)
    when = next_run_at(clock)
    if when is not None:
        summary.next_run = when.isoformat()
        # Several runs finishing at once schedule one follow-up between them, not one each.
        if cache.add(f"engage:messaging:next-run:{int(when.timestamp())}", 1, timeout=3600):
            kick(run_after=when)
    return summary


def _enqueue(run_after: dt.datetime | None) -> None:
    from engage.messaging.tasks import deliver

    task = deliver
    if run_after is not None:
        if not task.get_backend().supports_defer:
            # The immediate backend (tests) cannot wait: the next kick sends what is due then.
            return
        task = task.using(run_after=run_after)
    task.enqueue()


def kick(run_after: dt.datetime | None = None) -> None:
    """Ask for delivery once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(_enqueue, run_after))


# The delivery page: reads and the one write.


def status_counts(office: Office) -> dict[str, int]:
    """How many of the office's messages are in each status (every status, zeros included)."""
    counts = dict(
        Message.objects.for_office(office)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in MessageStatus.values}


def dead_letters(office: Office, *, kind: str = "") -> QuerySet[Message]:
    """Failed messages a person should look at: every failure except those deliberately not sent."""
    messages = Message.objects.for_office(office).failed().exclude(error__in=NOT_SENT)
    if kind:
        messages = messages.filter(kind=kind)
    return messages.select_related("alert", "notice__decision", "notice__outcome").order_by(
        "-claimed_at", "-pk"
    )


def not_sent_count(office: Office) -> int:
    return Message.objects.for_office(office).failed().filter(error__in=NOT_SENT).count()


@transaction.atomic
def retry_messages(office: Office, *, by: Any, ids: list[int] | None = None, kind: str = "") -> int:
    """Queue failed messages again (those chosen, or all of a kind), with attempts from zero.

    Side effects: the messages are queued, due now (their last error stays until the retry's
    own outcome replaces it); delivery is kicked on commit.
    The first try of each asks the provider first when it can tell, so one that did arrive is
    not sent again. Returns how many were queued.
    """
    messages = dead_letters(office, kind=kind)
    if ids is not None:
        messages = messages.filter(pk__in=ids)
    # Keep the reason until the retry's own outcome replaces it: "tried before" is how the loop
    # knows to ask the provider first.
    count = Message.objects.filter(pk__in=list(messages.values_list("pk", flat=True))).update(
        status=MessageStatus.QUEUED, attempts=0, due_at=timezone.now(), claimed_at=None
    )
    logger.info("%s queued %s failed messages of office %s again", by, count, office.pk)
    if count:
        kick()
    return count


# Delivery receipts (GOV.UK Notify's callback, views/delivery.py).

RECEIPT_ERRORS = {
    "permanent-failure": "Not delivered: the address does not exist or refused it (permanent failure)",
    "temporary-failure": "Not delivered: the inbox was full or the phone was off for days (temporary failure)",
    "technical-failure": "Not delivered: a technical failure at the provider",
}


def record_receipt(
    *, provider_ref: str, reference: str, status: str, at: dt.datetime | None = None
) -> int:
    """What the provider says became of a message it accepted: delivered, or failed and why.

    Matched by the provider's id, else by our reference (the key; a receipt may come before our
    "sent" is saved). Statuses on the way (created, sending, pending) change nothing; a delivered
    message stays delivered. Returns how many messages changed (0 or 1).
    """
    messages = Message.objects.none()
    if provider_ref:
        messages = Message.objects.filter(provider_ref=provider_ref)
    if reference and not messages.exists():
        messages = Message.objects.with_key(reference)
    messages = messages.exclude(status=MessageStatus.DELIVERED)
    if status == "delivered":
        return messages.exclude(status=MessageStatus.QUEUED).update(
            status=MessageStatus.DELIVERED, delivered_at=at or timezone.now(), error=""
        )
    if status in RECEIPT_ERRORS:
        return messages.filter(status__in=[MessageStatus.SENDING, MessageStatus.SENT]).update(
            status=MessageStatus.FAILED, error=RECEIPT_ERRORS[status]
        )
    return 0
