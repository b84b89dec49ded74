"""What offices share: benchmark files imported from other offices, and the practice library."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.models import OfficeScopedModel


class BenchmarkFile(OfficeScopedModel):
    """Another office's anonymised figures for one quarter, as imported (one per office and
    quarter: importing the same quarter again replaces it)."""

    source_name = models.CharField(_("office"), max_length=200)
    source_code = models.CharField(_("force area code"), max_length=9)
    financial_year = models.CharField(_("financial year"), max_length=7)
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    schema_version = models.CharField(_("format version"), max_length=10)
    # The whole document as it was validated: the measures are read from here.
    document = models.JSONField(_("figures"))
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "source_name"]
        verbose_name = _("benchmark file")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "source_code", "financial_year", "quarter"],
                name="one_benchmark_file_per_office_and_quarter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_name}, {self.financial_year} Q{self.quarter}"


class AreaType(models.TextChoices):
    URBAN = "urban", _("Urban")
    SUBURBAN = "suburban", _("Suburban or market town")
    RURAL = "rural", _("Rural")
    COASTAL = "coastal", _("Coastal")
    MIXED = "mixed", _("Mixed, or the whole force area")
    ONLINE = "online", _("Online, no one place")


class CaseStudy(OfficeScopedModel):
    """A write-up of something an office did, for other offices to learn from."""

    # The same case study keeps its identifier in every installation it is exported to, so
    # importing it again updates it rather than adding a copy.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    what_was_done = models.TextField(_("what was done"), max_length=5000)
    audiences = models.JSONField(_("who it was for"), default=list, blank=True)
    area_type = models.CharField(
        _("type of area"), max_length=20, choices=AreaType.choices, blank=True
    )
    cost = models.DecimalField(
        _("cost (£)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), max_length=5000, blank=True)
    lessons = models.TextField(_("lessons learned"), max_length=5000, blank=True)
    activity = models.ForeignKey(
        "engagements.Activity",
        verbose_name=_("activity it comes from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_studies",
    )
    author_office = models.CharField(_("office that wrote it"), max_length=200)
    # Comma-separated, so that one search covers the title, the text and the tags alike.
    tags = models.CharField(
        _("tags"),
        max_length=300,
        blank=True,
        help_text=_("Words to find it by, separated by commas, like: youth, rural, online."),
    )
    published = models.BooleanField(
        _("published in the library"),
        default=False,
        help_text=_("Published case studies are in the library's export for other offices."),
    )
    # Set when it came from another installation's export file.
    imported_from = models.CharField(_("imported from file"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written up by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.UniqueConstraint(fields=["office", "uid"], name="one_copy_of_a_case_study")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sharing:case_study", args=[self.pk])

    @property
    def audience_labels(self) -> list[str]:
        from engage.engagements.models import Audience

        labels = dict(Audience.choices)
        return [str(labels[a]) for a in self.audiences if a in labels]

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def is_imported(self) -> bool:
        return bool(self.imported_from)
