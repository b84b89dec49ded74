"""Partner organisations, the people in them, and every interaction the office has with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.models import OfficeScopedModel


class Category(models.TextChoices):
    """Seed 004's five schedule categories first, then the other kinds of partner."""

    PUBLIC_ACCOUNTABILITY = "public_accountability", _("Public accountability")
    COUNCILS = "councils", _("Councils")
    STAKEHOLDER_GROUPS = "stakeholder_groups", _("Stakeholder groups")
    VOLUNTARY = "voluntary", _("Voluntary organisations")
    CRIMINAL_JUSTICE = "criminal_justice", _("Criminal justice and statutory agencies")
    MPS = "mps", _("MPs")
    PARISH_COUNCILS = "parish_councils", _("Parish councils")
    MEDIA = "media", _("Media")
    FAITH = "faith", _("Faith groups")
    YOUTH = "youth", _("Youth bodies")
    BUSINESS = "business", _("Businesses")
    COMMUNITY = "community", _("Community groups")
    OTHER = "other", _("Other")


class Organisation(OfficeScopedModel):
    """A partner: a council, a charity, an IAG, a newspaper, an MP's office."""

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relationship owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_organisations",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="organisation_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:detail", args=[self.pk])


class Contact(OfficeScopedModel):
    """A person at a partner organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")

    def __str__(self) -> str:
        return self.name


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Phone call")
    EMAIL = "email", _("Email or letter")
    VISIT = "visit", _("Visit")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


class Interaction(OfficeScopedModel):
    """One contact between the office and a partner: what happened and what follows."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="interactions"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=InteractionKind.choices)
    opcc_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who from the OPCC"),
        blank=True,
        related_name="interactions",
    )
    summary = models.TextField(_("summary"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    # A follow-up stays open until someone marks it done; the date says when it was closed.
    follow_up_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[opcc_people])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("interaction")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.organisation} on {self.date:%d/%m/%Y}"

    @property
    def follow_up_open(self) -> bool:
        return bool(self.follow_up) and self.follow_up_done_on is None
