"""Social media posts imported from the platforms' exports, and the campaigns they belong to."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.models import OfficeScopedModel


class Platform(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook")
    X = "x", _("X (Twitter)")
    INSTAGRAM = "instagram", _("Instagram")


class Campaign(OfficeScopedModel):
    """A social media campaign: posts on one subject, found by its hashtags, beside the offline work."""

    name = models.CharField(_("name"), max_length=200)
    # Without the #, as typed: a post whose text carries one, in any case, is assigned.
    hashtags = models.JSONField(_("hashtags"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    activities = models.ManyToManyField(
        "engagements.Activity",
        verbose_name=_("activities"),
        blank=True,
        related_name="campaigns",
    )
    history = HistoricalRecords(m2m_fields=[activities])

    class Meta:
        ordering = ["name"]
        verbose_name = _("campaign")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="campaign_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluation:campaign_edit", args=[self.pk])

    @property
    def hashtags_display(self) -> str:
        return " ".join(f"#{tag}" for tag in self.hashtags)


class SocialPost(OfficeScopedModel):
    """One post on the office's account, with its figures as the platform's export gave them."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    post_id = models.CharField(_("post ID"), max_length=100)
    published_at = models.DateTimeField(_("published"))
    text = models.TextField(_("text"), blank=True)
    permalink = models.URLField(_("link"), max_length=500, blank=True)
    # Empty when the export does not give the figure (X gives no reach, Instagram no clicks).
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    impressions = models.PositiveIntegerField(_("impressions"), null=True, blank=True)
    engagements = models.PositiveIntegerField(_("engagements"), null=True, blank=True)
    clicks = models.PositiveIntegerField(_("clicks"), null=True, blank=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("social media post")
        constraints = [
            # Re-importing an export updates its posts rather than adding them again.
            models.UniqueConstraint(
                fields=["office", "platform", "post_id"], name="one_post_per_platform_id"
            )
        ]
        indexes = [models.Index(fields=["office", "published_at"])]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.post_id}"
