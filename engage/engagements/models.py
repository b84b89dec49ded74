"""Engagement activities and their feedback, concerns raised anywhere, and public surgeries."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.models import OfficeQuerySet, OfficeScopedModel


class ActivityType(models.TextChoices):
    VISIT = "visit", _("Visit")
    PUBLIC_MEETING = "public_meeting", _("Public meeting")
    FORUM = "forum", _("Community forum")
    SURGERY = "surgery", _("Surgery")
    EVENT = "event", _("Event")
    MEDIA_INTERVIEW = "media_interview", _("Media interview")
    SOCIAL_MEDIA = "social_media", _("Social media campaign")
    YOUTH_COUNCIL = "youth_council", _("Youth council")
    IAG_MEETING = "iag_meeting", _("Independent advisory group meeting")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online meeting")
    PHONE = "phone", _("Phone")
    BROADCAST = "broadcast", _("Radio or television")
    PRINT = "print", _("Newspaper or print")
    SOCIAL_MEDIA = "social_media", _("Social media")


class Objective(models.TextChoices):
    """Why the office engages (seed 002's objectives and seed 004's inform, consult, involve)."""

    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    BUILD_TRUST = "build_trust", _("Build trust with groups that rarely engage")
    DIVERT_YOUNG_PEOPLE = "divert_young_people", _("Divert young people")
    GATHER_INFORMATION = "gather_information", _("Gather information")
    FIND_MISSING_PEOPLE = "find_missing_people", _("Find missing people")
    SCRUTINY = "scrutiny", _("Scrutiny and accountability")


class Audience(models.TextChoices):
    """Communities of interest and protected characteristics an activity reached."""

    GENERAL_PUBLIC = "general_public", _("General public")
    YOUNG_PEOPLE = "young_people", _("Young people (under 25)")
    OLDER_PEOPLE = "older_people", _("Older people (65 and over)")
    ETHNIC_MINORITIES = "ethnic_minorities", _("Black, Asian and minority ethnic communities")
    FAITH_GROUPS = "faith_groups", _("Faith groups")
    DISABLED_PEOPLE = "disabled_people", _("Disabled people")
    LGBT = "lgbt", _("LGBT+ people")
    WOMEN_AND_GIRLS = "women_and_girls", _("Women and girls")
    VICTIMS = "victims", _("Victims of crime")
    RURAL = "rural", _("Rural communities")
    BUSINESSES = "businesses", _("Businesses")
    STUDENTS = "students", _("Students")
    GYPSY_ROMA_TRAVELLER = "gypsy_roma_traveller", _("Gypsy, Roma and Traveller communities")
    PARTNERS = "partners", _("Partner organisations")


class Activity(OfficeScopedModel):
    """One engagement, online or off: a visit, a public meeting, an event, an interview…"""

    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=ActivityType.choices)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.IN_PERSON
    )
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    people_reached = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    staff_hours = models.DecimalField(
        _("staff time (hours)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    cost = models.DecimalField(
        _("cost (£)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_activities",
    )
    opcc_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who from the OPCC attended"),
        blank=True,
        related_name="activities",
    )
    stakeholders = models.ManyToManyField(
        "stakeholders.Organisation",
        verbose_name=_("partners"),
        blank=True,
        related_name="activities",
    )
    occurrence = models.ForeignKey(
        "meetings.Occurrence",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    outcome = models.TextField(_("outcome"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The Commissioner's public diary shows an activity only when staff say so, and then only its
    # title (in Welsh too, if written), time, place and what was heard: never notes or costs.
    in_public_diary = models.BooleanField(
        _("show in the Commissioner's public diary"), default=False
    )
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    public_summary = models.TextField(
        _("what was heard, for the public"), max_length=2000, blank=True
    )
    public_summary_cy = models.TextField(
        _("what was heard, for the public, in Welsh"), max_length=2000, blank=True
    )
    # The key of the public feedback page and its QR code. Not a secret, but not guessable.
    feedback_token = models.CharField(max_length=32, unique=True, editable=False)
    feedback_open = models.BooleanField(_("feedback open"), default=True)
    history = HistoricalRecords(m2m_fields=[opcc_attendees, stakeholders])

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["office", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagements:activity", args=[self.pk])


class ActivityAudience(models.Model):
    """A group an activity reached, with how many of them where known."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="audiences")
    audience = models.CharField(_("audience"), max_length=30, choices=Audience.choices)
    count = models.PositiveIntegerField(_("how many"), null=True, blank=True)

    class Meta:
        ordering = ["activity", "audience"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "audience"], name="one_row_per_audience")
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()}: {self.count or '?'}"


class Feedback(models.Model):
    """An anonymous rating of an activity by someone who took part. No personal data."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5"


class ConcernTheme(OfficeScopedModel):
    """A theme in the office's own taxonomy of concerns (ASB, road safety…), editable by staff."""

    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("concern theme")
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="theme_name_unique")]

    def __str__(self) -> str:
        return self.name


class ConcernSource(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    FORUM_REPORT = "forum_report", _("Ambassador's forum report")
    MEETING = "meeting", _("Partner meeting")
    SURGERY = "surgery", _("Surgery")
    CONSULTATION = "consultation", _("Consultation")
    ALERT_REPLY = "alert_reply", _("Reply to an alert")
    CONTACT_FORM = "contact_form", _("Website contact form")
    CORRESPONDENCE = "correspondence", _("Letter, email or call")
    OTHER = "other", _("Other")


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTIONED = "actioned", _("Action agreed")
    CLOSED = "closed", _("Closed")


class ConcernQuerySet(OfficeQuerySet):
    def open(self) -> ConcernQuerySet:
        return self.exclude(status=ConcernStatus.CLOSED)


class Concern(OfficeScopedModel):
    """Something people raised, wherever they raised it: themed, placed, and followed up."""

    summary = models.TextField(_("what was raised"), max_length=2000)
    theme = models.ForeignKey(
        ConcernTheme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="concerns"
    )
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
    )
    source = models.CharField(_("source"), max_length=20, choices=ConcernSource.choices)
    raised_on = models.DateField(_("raised on"))
    people = models.PositiveIntegerField(
        _("people who raised it"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="concerns"
    )
    occurrence = models.ForeignKey(
        "meetings.Occurrence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
    )
    forum_report = models.ForeignKey(
        "meetings.ForumReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
    )
    booking = models.ForeignKey(
        "engagements.SurgeryBooking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
    )
    # A reply to an alert or appeal arrives here, linked to the alert.
    alert = models.ForeignKey(
        "messaging.Alert",
        verbose_name=_("reply to alert"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    # Contact details only when the person gave them and agreed to be told what came of it.
    contact_name = models.CharField(_("their name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("their email"), blank=True)
    contact_phone = models.CharField(_("their mobile number"), max_length=40, blank=True)
    wants_reply = models.BooleanField(
        _("agreed to hear what came of it"),
        default=False,
        help_text=_(
            "Only with their consent: they will be told when a decision it fed is published."
        ),
    )
    language = models.CharField(_("language for replies"), max_length=10, default="en-gb")
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ConcernQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("concern")
        indexes = [models.Index(fields=["office", "raised_on"])]

    def __str__(self) -> str:
        return self.summary[:80]

    def get_absolute_url(self) -> str:
        return reverse("engagements:concern", args=[self.pk])


class ComplaintThemeCount(OfficeScopedModel):
    """How many complaints about policing had a theme in a month. Aggregated, never personal."""

    theme = models.ForeignKey(ConcernTheme, on_delete=models.PROTECT, related_name="complaints")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    count = models.PositiveIntegerField(_("complaints"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["-month", "theme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "theme", "month"], name="one_complaint_count_per_theme_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme} {self.month:%m/%Y}: {self.count}"


class SurgerySession(OfficeScopedModel):
    """A public surgery: the Commissioner or Deputy meets residents in short private slots."""

    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=300)
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surgeries",
    )
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="surgeries",
    )
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=15)
    notes = models.TextField(_("notes"), blank=True)
    # Set when staff call the surgery off: nothing more can be booked or changed to it.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("surgery")

    def __str__(self) -> str:
        return f"{self.location}, {self.starts_at:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("engagements:surgery", args=[self.pk])


class SurgerySlot(OfficeScopedModel):
    session = models.ForeignKey(SurgerySession, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "starts_at"], name="one_slot_per_time")
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")
    CLOSED = "closed", _("Closed")


# A booking in any of these holds its slot; a cancelled one leaves the slot free to book again.
LIVE_STATUSES = (
    BookingStatus.BOOKED,
    BookingStatus.ATTENDED,
    BookingStatus.NO_SHOW,
    BookingStatus.CLOSED,
)


class SurgeryBooking(OfficeScopedModel):
    """A resident's booking of a slot, with the least personal data that works."""

    # One live booking per slot (constraint below): the database refuses a second, even under
    # concurrent requests. Cancelled bookings stay, for the record, beside the one that replaced
    # them.
    slot = models.ForeignKey(SurgerySlot, on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    topic = models.CharField(
        _("what it is about"),
        max_length=300,
        help_text=_("A few words, not the details: those go in the confidential case notes."),
    )
    theme = models.ForeignKey(
        ConcernTheme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_bookings",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    # The key of the booking's change-or-cancel link: the signed link carries part of it, and a
    # new key is made at each change, so a link from an older message no longer works.
    cancel_token = models.CharField(max_length=64, unique=True, editable=False)
    wants_outcome = models.BooleanField(
        _("agreed to hear what came of it"),
        default=False,
        help_text=_("They will be told when a decision their case fed is published."),
    )
    language = models.CharField(_("language for replies"), max_length=10, default="en-gb")
    # Made by the resident on the public site (not by staff): staff see it as new until they
    # assign an officer.
    booked_online = models.BooleanField(_("booked online"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["slot__starts_at"]
        verbose_name = _("surgery booking")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=~models.Q(status=BookingStatus.CANCELLED),
                name="one_live_booking_per_slot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.slot}: {self.topic[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("engagements:booking", args=[self.pk])

    @property
    def link_key(self) -> str:
        """The part of `cancel_token` the signed change-or-cancel link carries."""
        return self.cancel_token[:12]


class CaseNote(OfficeScopedModel):
    """A confidential note on a surgery case. Only named roles and the assigned officer read it."""

    booking = models.ForeignKey(SurgeryBooking, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_notes"
    )
    text = models.TextField(_("note"), max_length=20000)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Case note {self.pk}"


class CaseNoteRead(OfficeScopedModel):
    """Every time someone opened a case's notes: who and when (append-only)."""

    booking = models.ForeignKey(SurgeryBooking, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_note_reads"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.reader} read case {self.booking_id} at {self.created_at:%d/%m/%Y %H:%M}"
