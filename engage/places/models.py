"""Areas with their ONS codes, and the populations imported for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.models import OfficeQuerySet, OfficeScopedModel


class AreaKind(models.TextChoices):
    """The levels of the hierarchy, largest first."""

    COUNTRY = "country", _("Country")
    FORCE_AREA = "force_area", _("Police force area")
    DISTRICT = "district", _("Local authority district")
    FORUM_AREA = "forum_area", _("Community forum area")
    WARD = "ward", _("Ward")


class AreaQuerySet(OfficeQuerySet):
    def districts(self) -> AreaQuerySet:
        return self.filter(kind=AreaKind.DISTRICT)

    def forum_areas(self) -> AreaQuerySet:
        return self.filter(kind=AreaKind.FORUM_AREA)


class Area(OfficeScopedModel):
    """A place in the office's force area: the force area, a district, a forum area, a ward."""

    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_cy = models.CharField(_("Welsh name"), max_length=200, blank=True)
    ons_code = models.CharField(
        _("ONS code"),
        max_length=9,
        blank=True,
        help_text=_("Nine characters, like E07000222. Community forum areas may have none."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # A forum area made of parts of a district, with no census figures of its own, is given the
    # share of its district's population it holds; its figures are then derived, and shown so.
    population_share = models.DecimalField(
        _("share of parent's population"),
        max_digits=6,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Between 0 and 1, for areas with no census figures of their own."),
    )
    history = HistoricalRecords()

    objects = AreaQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("area")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "ons_code"],
                condition=~models.Q(ons_code=""),
                name="area_ons_code_unique_per_office",
            ),
            models.UniqueConstraint(
                fields=["office", "kind", "name"], name="area_name_unique_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:detail", args=[self.pk])


class Dimension(models.TextChoices):
    AGE_BAND = "age_band", _("Age band")
    SEX = "sex", _("Sex")
    SEX_AGE = "sex_age", _("Sex by single year of age")
    ETHNIC_GROUP = "ethnic_group", _("Ethnic group")


class PopulationFigure(models.Model):
    """A count of usual residents of an area in one category (like aged 15 to 19) and its source."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="population")
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    category = models.CharField(_("category"), max_length=60)
    value = models.PositiveIntegerField(_("usual residents"))
    source = models.CharField(_("source"), max_length=250)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["area", "dimension", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "dimension", "category"], name="one_figure_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.category} = {self.value}"
