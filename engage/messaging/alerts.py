"""Alerts and appeals: write, count the recipients, send or schedule, fan out, cancel.

Sending an alert is two steps. `send_alert` checks it and either fans it out now or schedules a
task for its time. `fan_out` is one SQL statement that turns every matching subscriber into a
queued `Message` row, inside the database (ADR 0011): nothing about a subscriber is loaded into
Python, so sending to a million people takes the memory of sending to ten. Each message's key is
`alert:<alert id>:<subscriber id>`, an alert has at most one message per subscriber (a unique
index), and the insert skips subscribers who have one, so running the fan-out twice (a retried
task, a double click) creates nothing more. The delivery task (delivery.py)
then sends the queued messages in batches under the provider's rate limit.

Who receives an alert: the office's active subscribers (never pending or left) with a topic in
common with the alert, who chose one of the alert's areas, an area containing one (someone who
chose a whole district hears of an appeal in one of its wards) or an area inside one (someone
who chose a ward hears of an alert to the whole district), and whose address is not suppressed
for alerts. `recipient_count` counts exactly the people `fan_out` would queue.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from engage.accounts.models import User
from engage.core.models import Office
from engage.messaging.models import (
    ALL_TOPICS,
    Alert,
    AlertKind,
    AlertStatus,
    Channel,
    ConsentPurpose,
    Message,
    MessageKind,
    MessageStatus,
    Subscriber,
    SubscriberStatus,
    Suppression,
)
from engage.places.models import Area

SMS_LIMIT = 306  # two text messages of 153 characters: each part is charged
NO_RECIPIENTS = gettext_lazy(
    "No one subscribes to alerts about these topics in these areas: choose more areas or topics"
)
# Words in square brackets are the parts of a starting point staff must replace.
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,60}\]")
# The fields staff write, and the ones `update_alert` may change.
TEXT_FIELDS = ("kind", "title", "title_cy", "body", "body_cy", "sms_text", "sms_text_cy")
SETTLED = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED)


# -- which areas an alert reaches --------------------------------------------------------------


def matching_area_ids(office: Office, area_ids: Iterable[int]) -> list[int]:
    """The chosen areas with every area containing one and every area inside one (one query).

    A subscriber whose chosen areas meet this list hears of the alert. Siblings do not match: an
    appeal in one ward is not sent to people who chose only the ward next door.
    """
    chosen = set(area_ids)
    parent_of: dict[int, int | None] = {}
    children: dict[int, list[int]] = {}
    for pk, parent in Area.objects.for_office(office).values_list("pk", "parent_id"):
        parent_of[pk] = parent
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    known = chosen & parent_of.keys()
    found: set[int] = set()
    for pk in known:  # the area and every area containing it
        up: int | None = pk
        while up is not None and up not in found:
            found.add(up)
            up = parent_of.get(up)
    inside = set(known)
    below = list(known)
    while below:  # and every area inside it
        for child in children.get(below.pop(), ()):
            if child not in inside:
                inside.add(child)
                below.append(child)
    found |= inside
    return sorted(found)


def _ids(areas: Iterable[Area | int]) -> list[int]:
    return [a if isinstance(a, int) else a.pk for a in areas]


def _recipients_sql(office: Office, area_ids: Sequence[int], mask: int) -> tuple[str, list[Any]]:
    """FROM and WHERE shared by the count and the fan-out, so both always agree."""
    subscriber = Subscriber._meta.db_table
    chosen = Subscriber.areas.through._meta.db_table
    suppression = Suppression._meta.db_table
    matching = matching_area_ids(office, area_ids)
    if not matching or not mask:
        # Nothing matches: keep the statement valid (an empty IN () is not) and empty.
        matching, mask = [0], 0
    placeholders = ", ".join(["%s"] * len(matching))
    # Table names come from the models and every value is a parameter.
    sql = (
        f"FROM {subscriber} s "  # noqa: S608
        "WHERE s.office_id = %s AND s.status = %s AND (s.topics & %s) <> 0 "
        f"AND EXISTS (SELECT 1 FROM {chosen} sa WHERE sa.subscriber_id = s.id "
        f"AND sa.area_id IN ({placeholders})) "
        f"AND NOT EXISTS (SELECT 1 FROM {suppression} x WHERE x.office_id = s.office_id "
        "AND x.address = s.address AND x.purpose = %s)"
    )
    params = [office.pk, SubscriberStatus.ACTIVE, mask, *matching, ConsentPurpose.ALERTS]
    return sql, params


def recipient_count(office: Office, areas: Iterable[Area | int], topics: int) -> dict[str, int]:
    """How many people an alert to `areas` about `topics` would reach now, in total and by
    channel: {"total": 12, "email": 9, "sms": 3}. One query."""
    where, params = _recipients_sql(office, _ids(areas), topics)
    counts = {c: 0 for c in Channel.values}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT s.channel, COUNT(*) {where} GROUP BY s.channel", params)
        for channel, n in cursor.fetchall():
            counts[channel] = n
    return {"total": sum(counts.values()), **counts}


def alert_recipient_count(alert: Alert) -> dict[str, int]:
    return recipient_count(alert.office, _ids(alert.areas.all()), alert.topics)


# -- writing an alert --------------------------------------------------------------------------


def _check(office: Office, areas: Sequence[Area], topics: int, fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not areas:
        errors["areas"] = _("Choose at least one area")
    elif any(area.office_id != office.pk for area in areas):
        errors["areas"] = _("Choose areas of your own office")
    if not topics or topics & ~ALL_TOPICS:
        errors["topics"] = _("Choose at least one topic")
    if not (fields.get("title") or "").strip():
        errors["title"] = _("Enter a title")
    if not (fields.get("body") or "").strip():
        errors["body"] = _("Enter the message")
    for name in ("sms_text", "sms_text_cy"):
        length = len(fields.get(name) or "")
        if length > SMS_LIMIT:
            errors[name] = _(
                "The text message is %(n)s characters: make it %(max)s characters or fewer"
            ) % {"n": length, "max": SMS_LIMIT}
    if fields.get("kind", AlertKind.ALERT) not in AlertKind.values:
        errors["kind"] = _("Choose whether this is an alert, an appeal or news")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_alert(
    office: Office,
    *,
    by: User | None,
    areas: Sequence[Area],
    topics: int,
    accepts_replies: bool = True,
    template: str = "",
    **fields: Any,
) -> Alert:
    """Write a draft alert. `fields`: kind, title, body, sms_text and their `_cy` versions.

    Raises ValidationError (by field) for no area, an area of another office, no topic, or a
    text message over 306 characters. Side effects: the alert and its history rows.
    """
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown alert fields: {sorted(unknown)}")
    areas = list(areas)
    _check(office, areas, topics, fields)
    alert = Alert(
        office=office,
        topics=topics,
        accepts_replies=accepts_replies,
        template=template,
        created_by=by,
        **fields,
    )
    alert._history_user = by  # type: ignore[attr-defined]
    alert.save()
    alert.areas.set(areas)
    return alert


@transaction.atomic
def update_alert(
    alert: Alert,
    *,
    by: User | None,
    areas: Sequence[Area],
    topics: int,
    accepts_replies: bool,
    **fields: Any,
) -> Alert:
    """Change a draft alert. Once scheduled or sent its text is fixed: messages are written from
    it when they are sent, so a change would reach some people and not others.

    Raises ValidationError if the alert is no longer a draft, or as `create_alert`.
    Side effects: the alert and its history rows.
    """
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != AlertStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed: this alert has been sent or scheduled.")
        )
    areas = list(areas)
    merged = {name: getattr(alert, name) for name in TEXT_FIELDS} | fields
    _check(alert.office, areas, topics, merged)
    for name, value in fields.items():
        if name not in TEXT_FIELDS:
            raise TypeError(f"Unknown alert field: {name}")
        setattr(alert, name, value)
    alert.topics = topics
    alert.accepts_replies = accepts_replies
    alert._history_user = by  # type: ignore[attr-defined]
    alert.save()
    alert.areas.set(areas)
    return alert


def placeholders_in(alert: Alert) -> list[str]:
    """Words in square brackets left from a starting point, like "[street name]"."""
    found: list[str] = []
    for name in ("title", "title_cy", "body", "body_cy", "sms_text", "sms_text_cy"):
        for match in PLACEHOLDER.findall(getattr(alert, name) or ""):
            if match not in found:
                found.append(match)
    return found


def sending_problems(alert: Alert) -> list[str]:
    """What stops this alert being sent, as sentences for staff; empty when it can go."""
    problems = []
    if alert.status not in (AlertStatus.DRAFT, AlertStatus.SCHEDULED):
        problems.append(_("This alert has already been sent or cancelled."))
        return problems
    left = placeholders_in(alert)
    if left:
        problems.append(
            _("Replace the words in square brackets before sending: %(words)s")
            % {"words": ", ".join(left)}
        )
    if not alert.sms_text.strip():
        problems.append(
            _("Write the text message: people who chose text messages receive only that.")
        )
    if alert_recipient_count(alert)["total"] == 0:
        problems.append(str(NO_RECIPIENTS))
    return problems


# -- sending -----------------------------------------------------------------------------------


def _kick_delivery() -> None:
    from engage.messaging import delivery  # the sender: imported late, it imports providers

    delivery.kick()  # on commit


@transaction.atomic
def send_alert(alert: Alert, *, by: User | None, send_at: dt.datetime | None = None) -> Alert:
    """Send a draft (or scheduled) alert now, or schedule it for `send_at`.

    Refuses (ValidationError) an alert already sent or cancelled, one with words in square
    brackets left, one with no text message, and one nobody would receive. Now: the alert is
    fanned out (one queued Message per recipient), marked "sending" with its sent time, and
    delivery is started once the transaction commits. Later: the alert is marked "scheduled"
    and a task to fan it out at `send_at` is queued on commit; the recipients are chosen then,
    so anyone who unsubscribes in between is not sent it.
    """
    alert = Alert.objects.select_for_update().select_related("office").get(pk=alert.pk)
    problems = sending_problems(alert)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    alert._history_user = by  # type: ignore[attr-defined]
    if send_at is not None and send_at > now:
        alert.status = AlertStatus.SCHEDULED
        alert.send_at = send_at
        alert.save(update_fields=["status", "send_at", "updated_at"])
        transaction.on_commit(lambda: _schedule_fan_out(alert.pk, send_at))
        return alert
    alert.send_at = None
    _start_sending(alert, now)
    return alert


def _start_sending(alert: Alert, now: dt.datetime) -> int:
    alert.status = AlertStatus.SENDING
    alert.sent_at = now
    alert.save(update_fields=["status", "send_at", "sent_at", "updated_at"])
    queued = fan_out(alert)
    _kick_delivery()
    return queued


def _schedule_fan_out(alert_id: int, when: dt.datetime) -> None:
    scheduled = send_scheduled_alert
    if not scheduled.get_backend().supports_defer:
        # A backend that cannot wait (the tests' immediate one): `send_due_alerts`, run by
        # `manage.py resume_delivery`, starts it once its time has come.
        return
    scheduled.using(run_after=when).enqueue(alert_id)


@task()
def send_scheduled_alert(alert_id: int) -> str:
    """At its time, fan out a scheduled alert and start delivery. Safe to run more than once,
    early (it waits for its time) or after it was cancelled (it does nothing)."""
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update().select_related("office").filter(pk=alert_id).first()
        )
        if alert is None or alert.status != AlertStatus.SCHEDULED:
            return "not scheduled"
        now = timezone.now()
        if alert.send_at is not None and alert.send_at > now:
            return "not yet"
        queued = _start_sending(alert, now)
    return f"queued {queued}"


def send_due_alerts() -> int:
    """Fan out every scheduled alert whose time has come (a safety net when a scheduled task
    was lost). Returns how many alerts were started."""
    due = Alert.objects.filter(status=AlertStatus.SCHEDULED, send_at__lte=timezone.now())
    return sum(
        send_scheduled_alert.call(pk) != "not scheduled" for pk in due.values_list("pk", flat=True)
    )


def fan_out(alert: Alert) -> int:
    """Queue one Message per recipient of `alert`, in ONE `INSERT … SELECT` run by the database.

    Works on SQLite and PostgreSQL (`||` and CAST are in both). Messages are due at the alert's
    scheduled time, or now. Subscribers with a message of this alert are skipped, so a repeat
    creates nothing. Returns how many messages this call created.
    """
    area_ids = list(alert.areas.values_list("pk", flat=True))
    where, params = _recipients_sql(alert.office, area_ids, alert.topics)
    now = timezone.now()
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    due = ops.adapt_datetimefield_value(alert.send_at or now)
    q = ops.quote_name
    columns = ", ".join(
        q(c)
        for c in (
            "office_id",
            "created_at",
            "updated_at",
            "kind",
            "channel",
            "address",
            "language",
            "key",
            "subscriber_id",
            "alert_id",
            "status",
            "attempts",
            "due_at",
            "provider_ref",
            "error",
        )
    )
    # Table and column names come from the models and every value is a parameter.
    sql = (
        f"INSERT INTO {q(Message._meta.db_table)} ({columns}) "  # noqa: S608
        "SELECT s.office_id, %s, %s, %s, s.channel, s.address, s.language, "
        "%s || CAST(s.id AS VARCHAR(20)), s.id, %s, %s, 0, %s, '', '' "
        f"{where} "
        # Skip anyone this alert already has a message for. The unique index on (alert,
        # subscriber) backs this up; fan-outs of one alert never overlap, as each holds the
        # alert's row lock. A plain anti-join costs far less than ON CONFLICT's per-row check.
        f"AND NOT EXISTS (SELECT 1 FROM {q(Message._meta.db_table)} m "
        "WHERE m.alert_id = %s AND m.subscriber_id = s.id)"
    )
    head = [
        stamp,
        stamp,
        MessageKind.ALERT,
        f"alert:{alert.pk}:",
        alert.pk,
        MessageStatus.QUEUED,
        due,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*head, *params, alert.pk])
        return max(cursor.rowcount, 0)


@transaction.atomic
def cancel_alert(alert: Alert, *, by: User | None) -> int:
    """Stop a scheduled alert, or the rest of one still sending.

    Side effects: its queued messages are deleted (messages already sent, or being sent this
    moment, are not touched) and the alert is marked cancelled. Returns how many were removed.
    Refuses (ValidationError) a draft, a sent or an already cancelled alert.
    """
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status not in (AlertStatus.SCHEDULED, AlertStatus.SENDING):
        raise ValidationError(_("Only a scheduled alert, or one still sending, can be cancelled."))
    # Delivery claims a message with `UPDATE … WHERE status = 'queued'`: a row it has claimed is
    # no longer queued, so it is never both deleted here and sent there.
    removed, _detail = Message.objects.filter(alert=alert, status=MessageStatus.QUEUED).delete()
    alert.status = AlertStatus.CANCELLED
    alert._history_user = by  # type: ignore[attr-defined]
    alert.save(update_fields=["status", "updated_at"])
    return removed


# -- after sending -----------------------------------------------------------------------------


def delivery_counts(alert: Alert) -> dict[str, int]:
    """Messages of the alert by status (queued, sending, sent, delivered, failed) and in all."""
    counts = {s: 0 for s in MessageStatus.values}
    for row in Message.objects.filter(alert=alert).values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return {**counts, "total": sum(counts.values())}


def settle_alert(alert: Alert, counts: dict[str, int] | None = None) -> Alert:
    """An alert is "sending" until every message is sent, delivered or failed, then "sent"."""
    if alert.status != AlertStatus.SENDING:
        return alert
    counts = counts if counts is not None else delivery_counts(alert)
    if counts[MessageStatus.QUEUED] or counts[MessageStatus.SENDING]:
        return alert
    # Conditional, so two pages settling it at once write it once.
    if Alert.objects.filter(pk=alert.pk, status=AlertStatus.SENDING).update(
        status=AlertStatus.SENT, updated_at=timezone.now()
    ):
        alert.status = AlertStatus.SENT
    return alert


def alerts_for(office: Office) -> Any:
    """The office's alerts, newest first, with how many messages and replies each has."""

    def counted(model: Any) -> Coalesce:
        per_alert = (
            model.objects.filter(alert=OuterRef("pk"))
            .order_by()
            .values("alert")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(per_alert, output_field=IntegerField()), 0)

    from engage.engagements.models import Concern  # replies are concerns

    return (
        Alert.objects.for_office(office)
        .select_related("created_by")
        .prefetch_related("areas")
        .annotate(recipients=counted(Message), reply_count=counted(Concern))
    )
