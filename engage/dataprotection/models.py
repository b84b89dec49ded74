"""The log of retention runs, so the Data Protection Officer sees every one; requests from people
about their own data, and the record that an erasure was done."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.models import OfficeQuerySet, OfficeScopedModel


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class Trigger(models.TextChoices):
    """What started a run."""

    COMMAND = "command", _("The daily command (manage.py apply_retention)")
    WORKER = "worker", _("The task worker")
    DEMO = "demo", _("The demonstration data")


class RetentionRun(OfficeScopedModel):
    """One run of the retention schedule for one office: real or dry, and what it found or did."""

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    trigger = models.CharField(_("started by"), max_length=20, choices=Trigger.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    # One entry per rule with something due: see retention.Due.as_json.
    counts = models.JSONField(_("counts"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = OfficeQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def total(self) -> int:
        return sum(entry.get("count", 0) for entry in self.counts)


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Subject access (a copy of their data)")
    ERASURE = "erasure", _("Erasure (to delete their data)")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    EXTENDED = "extended", _("Extended")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")


# Statuses of a request the office still has to answer.
OUTSTANDING = (RequestStatus.OPEN, RequestStatus.EXTENDED)


class SubjectAccessRequestQuerySet(OfficeQuerySet):
    def outstanding(self) -> SubjectAccessRequestQuerySet:
        return self.filter(status__in=OUTSTANDING)


class SubjectAccessRequest(OfficeScopedModel):
    """A person's request for their data (UK GDPR Art. 15) or its erasure (Art. 17), and how it
    was answered."""

    kind = models.CharField(
        _("what they asked for"), max_length=10, choices=RequestKind.choices, default="access"
    )
    requester_name = models.CharField(_("their name"), max_length=200)
    # How to reach them, and what to search for: as they gave it.
    email = models.EmailField(_("their email"), blank=True)
    phone = models.CharField(_("their phone number"), max_length=40, blank=True)
    postal_address = models.TextField(_("their postal address"), max_length=500, blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = SubjectAccessRequestQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("subject access request")
        verbose_name_plural = _("subject access requests")

    def __str__(self) -> str:
        return f"SAR-{self.pk:04d}" if self.pk else "SAR"

    def get_absolute_url(self) -> str:
        return reverse("dataprotection:request", args=[self.pk])

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING

    def days_left(self, today: dt.date) -> int:
        return (self.due_on - today).days


class Erasure(OfficeScopedModel):
    """That a person's data was erased, when and by whom, and how many records of each kind it
    touched. It never says whose data it was: the counts and the request are all it keeps."""

    request = models.ForeignKey(
        SubjectAccessRequest,
        verbose_name=_("request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasures",
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # {"engagements.Concern": {"anonymised": 2}, "messaging.Subscriber": {"deleted": 1}, ...}
    counts = models.JSONField(_("records changed"), default=dict)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("erasure")

    def __str__(self) -> str:
        return f"Erasure {self.pk}"
