"""The tenant (an office) and the base every office-scoped record is built on."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hex digits, like #1d70b8.")
)


# The first part of every URL that is not an office's public site: an office may not take one
# as its slug, or its site at /<slug>/ would be hidden behind it.
RESERVED_SLUGS = frozenset(
    {
        "accounts", "actions", "activities", "admin", "alerts", "api", "briefings", "concerns",
        "consultations", "decisions", "django-admin", "feedback", "have-your-say", "language",
        "media", "meetings", "messaging", "office", "open-data", "places", "static",
        "stakeholders", "stay-informed", "surgeries", "u", "you-said-we-did", "manifest.webmanifest",
        "sw.js", "offline", "news", "documents", "contact", "well-known", ".well-known",
        "dashboard", "reports", "planning", "evaluation", "sharing", "reply",
        "data-protection",
    }
)  # fmt: skip


def validate_office_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by Engage itself: choose another web address for the office."),
            params={"slug": value},
        )


class Office(models.Model):
    """One Office of the Police and Crime Commissioner: the tenant that owns every record."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    slug = models.SlugField(_("slug"), unique=True, validators=[validate_office_slug])
    force_name = models.CharField(_("police force"), max_length=120)
    colour = models.CharField(
        _("brand colour"), max_length=7, default="#1d70b8", validators=[colour_validator]
    )
    email = models.EmailField(_("public email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:home")


_QS = TypeVar("_QS", bound="OfficeQuerySet")


class OfficeQuerySet(models.QuerySet):
    """Every office-scoped query starts here: `Model.objects.for_office(office)`."""

    def for_office(self: _QS, office: Office) -> _QS:
        return self.filter(office=office)


class OfficeScopedModel(models.Model):
    """Abstract base: a record that belongs to exactly one office, with its timestamps."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        abstract = True
