"""The 12-month engagement plan: what the office means to do, where, with whom, and what did it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.models import OfficeScopedModel
from engage.engagements.models import ActivityType, Channel


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from `earlier`'s month to `later`'s: October to December is 2."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


class PlanItem(OfficeScopedModel):
    """One engagement planned for a month: the kind, the place, the groups, the budget."""

    title = models.CharField(_("title"), max_length=200)
    activity_type = models.CharField(
        _("type of activity"), max_length=30, choices=ActivityType.choices
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.IN_PERSON
    )
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    # engagements.Audience values, in that order.
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    budget = models.DecimalField(
        _("budget (£)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    purpose = models.TextField(_("purpose"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    # Plan against actual is a link: the activity, once logged, that delivered this item.
    activity = models.ForeignKey(
        "engagements.Activity",
        verbose_name=_("delivered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    # Filled when the item was added from a suggestion of the gap analysis: why, with figures.
    suggested_because = models.TextField(_("suggested because"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "title", "pk"]
        verbose_name = _("plan item")
        indexes = [models.Index(fields=["office", "month"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="plan_budget_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:item", args=[self.pk])

    def months_late(self, today: dt.date) -> int:
        """How many months ago its month ended with nothing delivered (0: not late)."""
        if self.status != PlanStatus.PLANNED or self.activity_id is not None:
            return 0
        return max(0, months_between(self.month, today))

    def is_slipped(self, today: dt.date) -> bool:
        return self.months_late(today) > 0
