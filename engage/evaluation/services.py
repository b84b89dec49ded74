"""Every change to campaigns and imported social media posts.

Each function runs in one transaction and records who made the change in the audit trail
(simple-history reads `_history_user`, or `default_user` for the bulk writes of an import).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import Activity
from engage.evaluation.models import Campaign, SocialPost
from engage.evaluation.social import (
    FIGURES,
    NEW,
    UPDATE,
    ImportPlan,
    ImportRefused,
    campaign_for_text,
    hashtag_map,
    plan_import_file,
)


def normal_hashtags(tags: Iterable[str]) -> list[str]:
    """Hashtags as stored: as typed without the #, each once whatever its case, in order."""
    result: list[str] = []
    for tag in tags:
        clean = tag.strip().lstrip("#")
        if clean and clean.casefold() not in {t.casefold() for t in result}:
            result.append(clean)
    return result


def _check_activities(office: Office, activities: Iterable[Activity]) -> list[Activity]:
    chosen = list(activities)
    if any(a.office_id != office.pk for a in chosen):
        raise ValueError("An activity belongs to another office.")
    return chosen


@transaction.atomic
def assign_by_hashtags(office: Office, *, by: User | None) -> int:
    """Give each post without a campaign the campaign of its first mapped hashtag.

    Returns how many posts were assigned. Side effects: a history row per post assigned.
    """
    by_hashtag = hashtag_map(office)
    if not by_hashtag:
        return 0
    changed = []
    for post in SocialPost.objects.for_office(office).filter(campaign__isnull=True):
        campaign = campaign_for_text(post.text, by_hashtag)
        if campaign is not None:
            post.campaign = campaign
            changed.append(post)
    if changed:
        bulk_update_with_history(changed, SocialPost, ["campaign"], default_user=by)
    return len(changed)


@transaction.atomic
def create_campaign(
    office: Office,
    *,
    by: User | None,
    name: str,
    hashtags: Iterable[str] = (),
    description: str = "",
    activities: Iterable[Activity] = (),
) -> Campaign:
    """Add a campaign; posts without a campaign that carry one of its hashtags join it.

    Side effects: history rows for the campaign and for each post assigned to it.
    """
    chosen = _check_activities(office, activities)
    campaign = Campaign(
        office=office, name=name, hashtags=normal_hashtags(hashtags), description=description
    )
    campaign._history_user = by  # type: ignore[attr-defined]
    campaign.save()
    campaign.activities.set(chosen)
    assign_by_hashtags(office, by=by)
    return campaign


@transaction.atomic
def update_campaign(
    campaign: Campaign,
    *,
    by: User | None,
    name: str,
    hashtags: Iterable[str] = (),
    description: str = "",
    activities: Iterable[Activity] = (),
) -> Campaign:
    """Change a campaign's name, hashtags, description and linked activities.

    Posts already in a campaign stay where they are; posts without one that carry one of its
    hashtags join it. Side effects: history rows for the campaign and each post assigned.
    """
    chosen = _check_activities(campaign.office, activities)
    campaign.name = name
    campaign.hashtags = normal_hashtags(hashtags)
    campaign.description = description
    campaign._history_user = by  # type: ignore[attr-defined]
    campaign.save()
    campaign.activities.set(chosen)
    assign_by_hashtags(campaign.office, by=by)
    return campaign


@transaction.atomic
def set_post_campaign(
    post: SocialPost, campaign: Campaign | None, *, by: User | None
) -> SocialPost:
    """Put a post in a campaign, or in none. Re-importing the post later keeps this choice."""
    if campaign is not None and campaign.office_id != post.office_id:
        raise ValueError("The campaign belongs to another office.")
    if post.campaign_id != getattr(campaign, "pk", None):
        post.campaign = campaign
        post._history_user = by  # type: ignore[attr-defined]
        post.save()
    return post


@dataclass
class ImportResult:
    platform: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def import_posts(
    office: Office,
    content: bytes,
    filename: str,
    *,
    campaign: Campaign | None = None,
    by: User | None,
) -> ImportResult:
    """Import a platform's export of posts: every row, or none.

    Posts are matched by platform and post ID, so importing the same export again updates their
    figures and text rather than adding them twice; nothing is deleted. A post keeps a campaign
    it already has; one without is given the campaign of its first mapped hashtag, or else
    `campaign`. Raises ImportRefused, with the plan and its row-numbered messages, if the layout
    is not recognised or any row has an error.
    Side effects: history rows for every post added or changed.
    """
    if campaign is not None and campaign.office_id != office.pk:
        raise ValueError("The campaign belongs to another office.")
    with transaction.atomic():
        # Checked again here, inside the transaction, in case posts changed since the preview.
        plan: ImportPlan = plan_import_file(office, content, filename, campaign)
        if not plan.can_import or plan.layout is None:
            raise ImportRefused(plan)
        platform = plan.layout.platform
        result = ImportResult(platform=platform)
        now = timezone.now()
        new: list[SocialPost] = []
        changed: list[SocialPost] = []
        for row in plan.rows:
            if row.status == NEW:
                new.append(
                    SocialPost(
                        office=office,
                        platform=platform,
                        post_id=row.post_id,
                        campaign=row.campaign,
                        **row.values(),  # type: ignore[arg-type]
                    )
                )
            elif row.status == UPDATE and row.existing is not None:
                post = row.existing
                for name, value in row.values().items():
                    setattr(post, name, value)
                post.campaign = row.campaign
                post.updated_at = now  # a bulk update does not set auto_now fields
                changed.append(post)
            else:
                result.unchanged += 1
        if new:
            bulk_create_with_history(new, SocialPost, default_user=by)
        if changed:
            bulk_update_with_history(
                changed,
                SocialPost,
                ["published_at", "text", "permalink", *FIGURES, "campaign", "updated_at"],
                default_user=by,
            )
        result.added, result.updated = len(new), len(changed)
    return result


__all__ = [
    "ImportRefused",
    "ImportResult",
    "assign_by_hashtags",
    "create_campaign",
    "import_posts",
    "normal_hashtags",
    "set_post_campaign",
    "update_campaign",
]
