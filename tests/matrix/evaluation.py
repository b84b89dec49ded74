"""Evaluation (issue 7, part 3): every member sees the figures; the staff who attend and record
activities import social media exports and manage campaigns."""

from __future__ import annotations

from django.utils import timezone

from engage.accounts.models import Role
from engage.evaluation import services
from engage.evaluation.models import Platform, SocialPost

R = Role
EVERYONE = set(Role.values)
ATTENDERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER, R.COMMISSIONER, R.DEPUTY}

MATRIX: dict[str, set[str]] = {
    "evaluation.view_evaluation": EVERYONE,
    "evaluation.import_social": ATTENDERS,
    "evaluation.change_campaign": ATTENDERS,
}

VIEW = "evaluation.view_evaluation"
URLS: dict[str, tuple[str, str | None, str]] = {
    "evaluation:index": (VIEW, None, "get"),
    "evaluation:activities": (VIEW, None, "get"),
    "evaluation:flags": (VIEW, None, "get"),
    "evaluation:social": (VIEW, None, "get"),
    "evaluation:posts": (VIEW, None, "get"),
    "evaluation:social_import": ("evaluation.import_social", None, "get"),
    "evaluation:social_import_confirm": ("evaluation.import_social", None, "post"),
    "evaluation:campaign_add": ("evaluation.change_campaign", None, "get"),
    "evaluation:campaign_edit": ("evaluation.change_campaign", "evaluation:campaign", "get"),
    "evaluation:post_campaign": ("evaluation.change_campaign", "evaluation:post", "post"),
}


def samples(office, officer, cast):
    campaign = services.create_campaign(
        office, by=officer, name="Rural crime week", hashtags=["RuralCrimeWeek"]
    )
    post = SocialPost.objects.create(
        office=office,
        platform=Platform.FACEBOOK,
        post_id="1234567890",
        published_at=timezone.now(),
        text="Rural crime week starts today #RuralCrimeWeek",
        reach=1200,
    )
    return {"evaluation:campaign": {"pk": campaign.pk}, "evaluation:post": {"pk": post.pk}}
