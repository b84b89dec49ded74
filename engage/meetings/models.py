"""Partner-meeting series, their dated occurrences, who attended, actions, commitments and feeds."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.accounts.models import Post
from engage.core.models import OfficeQuerySet, OfficeScopedModel


class ScheduleCategory(models.TextChoices):
    """The five sections of seed 004's meetings schedule, and a catch-all."""

    PUBLIC_ACCOUNTABILITY = "public_accountability", _("Public accountability")
    COUNCILS_MPS = "councils_mps", _("Councils and MPs")
    STAKEHOLDER_GROUPS = "stakeholder_groups", _("Stakeholder groups")
    VOLUNTARY = "voluntary", _("Voluntary organisations")
    CRIMINAL_JUSTICE = "criminal_justice", _("Criminal justice and statutory agencies")
    OTHER = "other", _("Other")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Fortnightly")
    MONTHLY = "monthly", _("Monthly")
    BIMONTHLY = "bimonthly", _("Bi-monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    TWICE_YEARLY = "twice_yearly", _("Twice a year")
    ANNUAL = "annual", _("Annual")
    AS_REQUIRED = "as_required", _("As required")
    TO_BE_AGREED = "to_be_agreed", _("To be agreed")
    NONE = "none", _("No regular meeting")


class MeetingSeries(OfficeScopedModel):
    """A recurring partner meeting, as a row of the office's meetings schedule."""

    category = models.CharField(_("category"), max_length=30, choices=ScheduleCategory.choices)
    title = models.CharField(_("meeting"), max_length=200)
    chair = models.CharField(
        _("chair / lead officer"),
        max_length=300,
        blank=True,
        help_text=_("Who chairs the meeting and who leads on it for the partner."),
    )
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    per_year = models.PositiveSmallIntegerField(
        _("meetings a year"),
        null=True,
        blank=True,
        help_text=_('For "as required": about how many a year, e.g. 6.'),
    )
    frequency_text = models.CharField(
        _("frequency as written"), max_length=200, blank=True, editable=False
    )
    per_forum_area = models.BooleanField(
        _("one meeting in each community forum area"),
        default=False,
        help_text=_('Like "Community Forums X 30": each forum area meets at this frequency.'),
    )
    expected_areas = models.PositiveSmallIntegerField(
        _("number of forums"), null=True, blank=True, editable=False
    )
    attending_posts = models.JSONField(_("OPCC attendance"), default=list, blank=True)
    attendance_rotation = models.BooleanField(
        _("attendance in rotation"),
        default=False,
        help_text=_(
            "The posts take turns (e.g. PCC / DPCC in rotation) rather than all attending."
        ),
    )
    attendance_text = models.CharField(
        _("OPCC attendance as written"), max_length=300, blank=True, editable=False
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("OPCC lead officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_series",
    )
    lead_officer_text = models.CharField(
        _("OPCC lead officer as written"), max_length=300, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    stakeholders = models.ManyToManyField(
        "stakeholders.Organisation",
        verbose_name=_("partners"),
        blank=True,
        related_name="meeting_series",
    )
    location = models.CharField(_("usual location"), max_length=300, blank=True)
    start_time = models.TimeField(_("usual start time"), default=dt.time(10, 0))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=120)
    first_date = models.DateField(
        _("first meeting date"),
        null=True,
        blank=True,
        help_text=_("Dates are generated from this one at the series' frequency."),
    )
    # How a schedule import recognises this row again: normalised category and title.
    import_key = models.CharField(max_length=300, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[stakeholders])

    class Meta:
        ordering = ["category", "title"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "import_key"],
                condition=~models.Q(import_key=""),
                name="series_import_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:series", args=[self.pk])

    def get_attending_posts_display(self) -> list[str]:
        labels = dict(Post.choices)
        return [str(labels.get(p, p)) for p in self.attending_posts]

    @property
    def frequency_display(self) -> str:
        if self.frequency == Frequency.AS_REQUIRED and self.per_year:
            text = str(_("As required, about %(count)s a year") % {"count": self.per_year})
        else:
            text = str(self.get_frequency_display())
        if self.per_forum_area:
            text = str(_("%(frequency)s in each community forum area") % {"frequency": text})
        return text

    @property
    def is_recurring(self) -> bool:
        return self.frequency not in (Frequency.TO_BE_AGREED, Frequency.NONE)


class Commitment(OfficeScopedModel):
    """A promise about attendance, e.g. "PCC to attend one meeting a year", checked per period."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="commitments")
    posts = models.JSONField(
        _("who"), default=list, help_text=_("Any one of these posts keeps the commitment.")
    )
    times = models.PositiveSmallIntegerField(_("meetings"), default=1)
    period_months = models.PositiveSmallIntegerField(_("every (months)"), default=12)
    per_forum_area = models.BooleanField(_("in each forum area"), default=False)
    starts_on = models.DateField(_("first period starts"))
    description = models.CharField(_("as written"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "pk"]
        verbose_name = _("attendance commitment")

    def __str__(self) -> str:
        return (
            self.description
            or f"{'/'.join(self.posts)} × {self.times} per {self.period_months} months"
        )

    def get_posts_display(self) -> str:
        labels = dict(Post.choices)
        return " / ".join(str(labels.get(p, p)) for p in self.posts)


class OccurrenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class OccurrenceQuerySet(OfficeQuerySet):
    def upcoming(self) -> OccurrenceQuerySet:
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self) -> OccurrenceQuerySet:
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")

    def active(self) -> OccurrenceQuerySet:
        return self.exclude(status=OccurrenceStatus.CANCELLED)

    def between(self, start: dt.datetime, end: dt.datetime) -> OccurrenceQuerySet:
        return self.filter(starts_at__gte=start, starts_at__lt=end)


class Occurrence(OfficeScopedModel):
    """One dated meeting of a series: where and when, who attended, the minutes and actions."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="occurrences")
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("forum area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_occurrences",
    )
    # The date the series' rule gave this meeting; it stays when the meeting is moved, so that
    # generating dates again never recreates a moved or cancelled meeting. Empty when added by hand.
    scheduled_for = models.DateField(_("date in the schedule"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("location"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OccurrenceStatus.choices,
        default=OccurrenceStatus.SCHEDULED,
    )
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("A placeholder for a meeting called as required; the date is not fixed."),
    )
    notes = models.TextField(_("notes or minutes"), blank=True)
    attendance_recorded = models.BooleanField(_("attendance recorded"), default=False)
    history = HistoricalRecords()

    objects = OccurrenceQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "area", "scheduled_for"],
                condition=models.Q(scheduled_for__isnull=False, area__isnull=False),
                name="one_generated_meeting_per_area_slot",
            ),
            models.UniqueConstraint(
                fields=["series", "scheduled_for"],
                condition=models.Q(scheduled_for__isnull=False, area__isnull=True),
                name="one_generated_meeting_per_slot",
            ),
        ]
        indexes = [models.Index(fields=["office", "starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        where = f" – {self.area}" if self.area_id else ""
        return f"{self.series}{where}, {local:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:occurrence", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == OccurrenceStatus.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()

    @property
    def title(self) -> str:
        return f"{self.series.title} – {self.area}" if self.area_id else self.series.title


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    APOLOGIES = "apologies", _("Sent apologies")


class Attendance(OfficeScopedModel):
    """Someone from the OPCC at a meeting, with the post they held at the time."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_attendance"
    )
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    status = models.CharField(_("status"), max_length=20, choices=AttendanceStatus.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["occurrence", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "person"], name="one_attendance_each")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_status_display()}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionQuerySet(OfficeQuerySet):
    def open(self) -> ActionQuerySet:
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self) -> ActionQuerySet:
        return self.open().filter(due_on__lt=timezone.localdate())


class Action(OfficeScopedModel):
    """Something a meeting agreed to do, with an owner and a due date."""

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="actions", null=True, blank=True
    )
    # One kind of action for every source: a meeting, a concern people raised, a surgery case.
    concern = models.ForeignKey(
        "engagements.Concern",
        on_delete=models.CASCADE,
        related_name="actions",
        null=True,
        blank=True,
    )
    booking = models.ForeignKey(
        "engagements.SurgeryBooking",
        on_delete=models.CASCADE,
        related_name="actions",
        null=True,
        blank=True,
    )
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner in the OPCC"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_actions",
    )
    owner_name = models.CharField(
        _("owner outside the OPCC"),
        max_length=200,
        blank=True,
        help_text=_(
            "For an action a partner owns, e.g. 'Rugby Borough Council community safety team'."
        ),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("action")

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        if self.occurrence_id:
            return reverse("meetings:occurrence", args=[self.occurrence_id]) + f"#action-{self.pk}"
        if self.concern_id:
            return reverse("engagements:concern", args=[self.concern_id]) + f"#action-{self.pk}"
        if self.booking_id:
            return reverse("engagements:booking", args=[self.booking_id]) + f"#action-{self.pk}"
        return reverse("meetings:actions")

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == ActionStatus.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    @property
    def owner_display(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name


class CalendarFeed(OfficeScopedModel):
    """A private iCalendar address: one person's meetings, or the whole office's when `person` is empty."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=100, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used_at", "token"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label or (str(self.person) if self.person_id else "office")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def get_feed_url(self) -> str:
        return reverse("meetings:feed", args=[self.token])


class AmbassadorAssignment(OfficeScopedModel):
    """The Community Safety Ambassador who attends a forum area's meetings and reports back."""

    area = models.OneToOneField(
        "places.Area", on_delete=models.CASCADE, related_name="ambassador_assignment"
    )
    ambassador = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_assignments"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__name"]

    def __str__(self) -> str:
        return f"{self.ambassador} – {self.area}"


class ForumReport(OfficeScopedModel):
    """An ambassador's report after a forum meeting: attendance, good practice, requests."""

    occurrence = models.OneToOneField(
        Occurrence, on_delete=models.CASCADE, related_name="forum_report"
    )
    ambassador = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_reports"
    )
    attendance = models.PositiveIntegerField(_("how many residents attended"))
    good_practice = models.TextField(_("good practice"), blank=True, max_length=5000)
    requests = models.TextField(_("requests to the Commissioner"), blank=True, max_length=5000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurrence__starts_at"]

    def __str__(self) -> str:
        return f"Report on {self.occurrence}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:occurrence", args=[self.occurrence_id]) + "#forum-report"


class RotaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class RotaPlan(OfficeScopedModel):
    """A proposed rota of which forum meetings the Commissioner and the Deputy attend."""

    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("cycle starts"))
    ends_on = models.DateField(_("cycle ends"))
    max_per_month = models.PositiveSmallIntegerField(
        _("most forums a person attends a month"), default=2
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RotaStatus.choices, default=RotaStatus.DRAFT
    )
    solver_status = models.CharField(_("solver result"), max_length=40, blank=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:rota", args=[self.pk])


class RotaAssignment(OfficeScopedModel):
    """One forum meeting in a rota, and who of the Commissioner and Deputy attends it."""

    plan = models.ForeignKey(RotaPlan, on_delete=models.CASCADE, related_name="assignments")
    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="rota_assignments"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rota_assignments"
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["occurrence__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "occurrence"], name="one_person_per_forum_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.occurrence}"
