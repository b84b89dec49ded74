"""Community messaging: subscribers and their consent, alerts, and every message sent.

Trust first (seed 002): a subscriber needs no account, only an email address or a mobile number,
the areas and topics they care about and their language. Nothing here is shared with any police
system. Consent is a ledger (`ConsentRecord`): rows are added, never changed or deleted.

Every email or SMS Engage sends, whatever it is for (a confirmation link, an alert, a notice that a
decision was taken), is one `Message` row with a unique `key`. The key makes sending idempotent:
a message is created once however often a fan-out or a notice is retried, and the delivery loop
claims a row before it calls the provider, so a crash or a retry never sends it twice.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.bilingual import bilingual
from engage.core.models import OfficeQuerySet, OfficeScopedModel


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message (SMS)")


class Language(models.TextChoices):
    ENGLISH = "en-gb", _("English")
    WELSH = "cy", _("Cymraeg")


class Topic(models.IntegerChoices):
    """What an alert is about. Stored on a subscriber as bits of one integer, so choosing the
    recipients of an alert is one `topics & mask <> 0` test in SQL."""

    APPEALS = 1, _("Appeals for information")
    BURGLARY = 2, _("Burglary and theft")
    ASB = 4, _("Anti-social behaviour")
    ROAD_SAFETY = 8, _("Road safety")
    SCAMS = 16, _("Fraud and scams")
    RURAL = 32, _("Rural crime")
    CONSULTATIONS = 64, _("Consultations and events")
    COMMISSIONER = 128, _("News from the Commissioner")


ALL_TOPICS = sum(Topic.values)


def topics_mask(topics: list[int] | list[str]) -> int:
    return sum({int(t) for t in topics})


def topics_of(mask: int) -> list[Topic]:
    return [t for t in Topic if mask & t.value]


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    ACTIVE = "active", _("Subscribed")
    LEFT = "left", _("Unsubscribed")


class SubscriberQuerySet(OfficeQuerySet):
    def active(self) -> SubscriberQuerySet:
        return self.filter(status=SubscriberStatus.ACTIVE)


class Subscriber(OfficeScopedModel):
    """Someone who asked for alerts: one email address or one mobile number, no account."""

    channel = models.CharField(_("how to reach them"), max_length=10, choices=Channel.choices)
    # An email address in lower case, or a mobile number in E.164 (+447700900123).
    address = models.CharField(_("email address or mobile number"), max_length=254)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    areas = models.ManyToManyField(
        "places.Area", verbose_name=_("areas"), related_name="subscribers"
    )
    topics = models.PositiveIntegerField(_("topics"), default=ALL_TOPICS)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    left_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        constraints = [
            models.UniqueConstraint(fields=["office", "address"], name="one_subscriber_per_address")
        ]
        indexes = [models.Index(fields=["office", "status"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} subscriber {self.pk}"

    @property
    def topic_list(self) -> list[Topic]:
        return topics_of(self.topics)


class ConsentAction(models.TextChoices):
    GIVEN = "given", _("Gave consent (not yet confirmed)")
    CONFIRMED = "confirmed", _("Confirmed by the link sent to them")
    CHANGED = "changed", _("Changed their areas, topics or language")
    WITHDRAWN = "withdrawn", _("Withdrew consent")


class ConsentPurpose(models.TextChoices):
    ALERTS = "alerts", _("Community alerts and appeals")
    HEAR_BACK = "hear_back", _("Hearing what came of what they said")


class AppendOnlyQuerySet(OfficeQuerySet):
    def update(self, **kwargs: object) -> int:
        raise ValidationError("Consent records are never changed: add a new record instead.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError("Consent records are never deleted.")


class ConsentRecord(OfficeScopedModel):
    """One entry in the consent ledger: who agreed (or withdrew) to what, with the words shown.

    Append-only: rows are never changed or deleted (saving an existing row is refused)."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    # Kept so the ledger still says who, should the subscriber row be erased.
    address = models.CharField(_("email address or mobile number"), max_length=254)
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    action = models.CharField(_("action"), max_length=20, choices=ConsentAction.choices)
    wording = models.TextField(_("the words they were shown"))
    version = models.CharField(_("version of the wording"), max_length=20)
    language = models.CharField(_("language"), max_length=10, default=Language.ENGLISH)
    # What they chose, as it was at the time: areas (ids and names), topics, language.
    detail = models.JSONField(_("what they chose"), default=dict, blank=True)
    source = models.CharField(
        _("how"), max_length=40, help_text=_("web form, link in a message, staff on the phone…")
    )

    objects = AppendOnlyQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("consent record")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.purpose}, v{self.version})"

    def save(self, *args: object, **kwargs: object) -> None:
        # The one exception to "no logic in save()": the ledger must be append-only.
        if self.pk is not None:
            raise ValidationError("Consent records are never changed: add a new record instead.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValidationError("Consent records are never deleted.")


class Suppression(OfficeScopedModel):
    """An address that asked to hear nothing more of a kind: no notice (or alert) goes to it."""

    address = models.CharField(_("email address or mobile number"), max_length=254)
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "address", "purpose"], name="one_suppression_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose}: {self.address}"


class AlertKind(models.TextChoices):
    ALERT = "alert", _("Alert")
    APPEAL = "appeal", _("Appeal for information")
    NEWS = "news", _("News")


class AlertStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class Alert(OfficeScopedModel):
    """An alert or appeal to the subscribers of some areas and topics."""

    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind.choices)
    title = models.CharField(_("title"), max_length=120)
    title_cy = models.CharField(_("title in Welsh"), max_length=120, blank=True)
    body = models.TextField(_("message"), max_length=3000)
    body_cy = models.TextField(_("message in Welsh"), max_length=3000, blank=True)
    # The text of an SMS: short, as each 160 characters is charged.
    sms_text = models.CharField(_("text message"), max_length=306, blank=True)
    sms_text_cy = models.CharField(_("text message in Welsh"), max_length=306, blank=True)
    areas = models.ManyToManyField("places.Area", verbose_name=_("areas"), related_name="alerts")
    topics = models.PositiveIntegerField(_("topics"), default=Topic.APPEALS)
    template = models.CharField(_("started from"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.DRAFT
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepts_replies = models.BooleanField(_("invite replies"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[areas])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("alert")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("messaging:alert", args=[self.pk])

    @property
    def local_title(self) -> str:
        return bilingual(self, "title")

    @property
    def local_body(self) -> str:
        return bilingual(self, "body")

    @property
    def topic_list(self) -> list[Topic]:
        return topics_of(self.topics)


class MessageKind(models.TextChoices):
    CONFIRM = "confirm", _("Confirm your subscription")
    MANAGE = "manage", _("Link to manage a subscription")
    ALERT = "alert", _("Alert")
    NOTICE = "notice", _("What came of what you said")
    # A surgery booking made on the public site: booked, changed or cancelled (the event is in
    # the key: "booking:<booking id>:<event>:<link key>").
    BOOKING = "booking", _("Surgery booking")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


ALERT_KEY = re.compile(r"alert:(\d+):(\d+)")
# A surgery booking's message: the booking, what happened, and the link key it had then.
BOOKING_KEY = re.compile(r"booking:(\d+):(booked|changed|cancelled):([\w-]+)")
BOOKING_EVENTS = ("booked", "changed", "cancelled")


class MessageQuerySet(OfficeQuerySet):
    def failed(self) -> MessageQuerySet:
        return self.filter(status=MessageStatus.FAILED)

    def with_key(self, key: str) -> MessageQuerySet:
        """The message with this key (our reference at the provider), found by an index: an
        alert's messages by their alert and subscriber, which their key is made of."""
        alert = ALERT_KEY.fullmatch(key)
        if alert:
            return self.filter(alert_id=int(alert[1]), subscriber_id=int(alert[2]))
        return self.filter(key=key, alert__isnull=True)


class Message(OfficeScopedModel):
    """One email or SMS to one address. Its text is rendered when it is sent, in its language.

    `key` is unique: the same message can never be created twice (e.g. "alert:12:345" for
    subscriber 345's message of alert 12, "notice:decision:7:email:someone@example.org"). Rows
    are created in bulk by SQL (alert fan-out), so this model has no defaults that live only in
    Python.
    """

    # A fan-out writes a million rows in one statement. PostgreSQL checks a foreign-key
    # constraint with one query per row, which made that take minutes instead of seconds; so a
    # message's links have no constraint in the database (Django still follows them and applies
    # on_delete), and only the indexes the pages and the sender use (migrations 0002 and 0003).
    # An alert's messages are kept unique by (alert, subscriber), two integers, which their key
    # is made of; a unique index on the key text as well cost a fan-out a third of its time.
    office = models.ForeignKey(
        "core.Office",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,  # messages are found by status, alert, notice or subscriber
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("to"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    key = models.CharField(max_length=200)
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        db_constraint=False,
    )
    alert = models.ForeignKey(
        Alert,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        db_constraint=False,
        db_index=False,  # message_alert_subscriber below starts with it
    )
    notice = models.ForeignKey(
        "messaging.Notice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        db_constraint=False,
        db_index=False,  # message_notice_status below starts with it
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, db_default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), db_default=0)
    # Not before: retries back off; a scheduled alert's messages wait for their time.
    due_at = models.DateTimeField(_("due"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    provider_ref = models.CharField(_("provider's id"), max_length=100, blank=True, db_default="")
    error = models.CharField(_("last error"), max_length=500, blank=True, db_default="")

    objects = MessageQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("message")
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "subscriber"],
                name="message_alert_subscriber",
                condition=models.Q(alert__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["key"], name="message_key", condition=models.Q(alert__isnull=True)
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="message_due"),
            # Partial: an alert's messages have no notice and, until sent, no provider's id,
            # so a fan-out adds nothing to these two.
            models.Index(
                fields=["notice", "status"],
                name="message_notice_status",
                condition=models.Q(notice__isnull=False),
            ),
            models.Index(
                fields=["provider_ref"],
                name="message_provider_ref",
                condition=~models.Q(provider_ref=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.get_channel_display()} ({self.status})"


class Notice(OfficeScopedModel):
    """Telling people what came of what they said, when a decision or an outcome is published."""

    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    outcome = models.ForeignKey(
        "decisions.Outcome",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    recipients = models.PositiveIntegerField(_("people told"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Notice of {self.decision or self.outcome}"
