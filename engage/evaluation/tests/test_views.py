"""The evaluation pages: who may see and do what, the figures shown, and the import's steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from engage.accounts.models import Role
from engage.evaluation import services
from engage.evaluation.models import Campaign, SocialPost
from engage.evaluation.tests.factories import make_activity, meeting, rate, sample
from engage.meetings.tests.factories import make_series
from engage.places.models import Area, AreaKind

PAGES = [
    "evaluation:index",
    "evaluation:activities",
    "evaluation:flags",
    "evaluation:social",
    "evaluation:posts",
]


@pytest.mark.parametrize(
    ("role", "can_view", "can_import"),
    [
        (Role.OFFICER, True, True),
        (Role.COMMISSIONER, True, True),
        (Role.DEPUTY, True, True),
        (Role.CHIEF_EXECUTIVE, True, True),
        (Role.ADMIN, True, True),
        (Role.ANALYST, True, False),
        (Role.AMBASSADOR, True, False),
    ],
)
def test_rules(cast, office, other_office, role, can_view, can_import):
    user = cast[role]
    assert user.has_perm("evaluation.view_evaluation", office) is can_view
    assert user.has_perm("evaluation.import_social", office) is can_import
    assert user.has_perm("evaluation.change_campaign", office) is can_import
    assert user.has_perm("evaluation.view_evaluation", other_office) is False


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_a_member_of_the_office(client, other_officer, name):
    assert client.get(reverse(name)).status_code == 302  # to sign in
    client.force_login(other_officer)
    response = client.get(reverse(name))
    assert response.status_code == 200  # their own office's page, empty


def test_an_analyst_sees_the_pages_but_cannot_import(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("evaluation:social")).status_code == 200
    assert client.get(reverse("evaluation:social_import")).status_code == 403
    assert client.post(reverse("evaluation:social_import_confirm")).status_code == 403


def test_another_offices_campaign_and_post_are_not_found(client, office, other_officer, officer):
    campaign = Campaign.objects.create(office=office, name="Ours")
    services.import_posts(office, sample("x-tweet-activity.csv"), "t.csv", by=officer)
    post = SocialPost.objects.filter(office=office).first()
    client.force_login(other_officer)

    assert client.get(reverse("evaluation:campaign_edit", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("evaluation:post_campaign", args=[post.pk])).status_code == 404
    response = client.post(reverse("evaluation:post_campaign", args=[post.pk]), {"campaign": ""})
    assert response.status_code == 404


def test_index_shows_the_channels_for_the_period(officer_client, office):
    today = timezone.localdate()
    activity = make_activity(
        office, title="Market stall", day=today - dt.timedelta(days=3), people_reached=40, cost=100
    )
    rate(activity, 4, 2)
    make_activity(office, title="Old stall", day=today - dt.timedelta(days=400), people_reached=999)

    response = officer_client.get(reverse("evaluation:index"))

    channel = response.context["overview"].channels
    assert [(c.label, c.activities, c.reached) for c in channel] == [("In person", 1, 40)]
    html = response.content.decode()
    assert "£2.50" in html and "3.0 <span" in html

    response = officer_client.get(
        reverse("evaluation:index"), {"start": "2020-01-01", "end": "2099-12-31"}
    )
    assert response.context["overview"].total.activities == 2


def test_a_mistyped_period_says_what_to_fix_and_shows_the_last_12_months(officer_client, office):
    response = officer_client.get(
        reverse("evaluation:index"), {"start": "31/02/2026", "end": "2026-01-01"}
    )

    assert "Enter a real date, like 27 3 2026 or 27/03/2026" in response.content.decode()
    assert response.context["end"] == dt.date(2026, 1, 1)


def test_the_activities_table_sorts(officer_client, office):
    today = timezone.localdate()
    make_activity(office, title="Cheap", day=today, people_reached=100, cost=10)
    make_activity(
        office, title="Dear", day=today - dt.timedelta(days=1), people_reached=10, cost=100
    )

    response = officer_client.get(
        reverse("evaluation:activities"), {"sort": "cost_per_person", "order": "desc"}
    )

    assert [r.title for r in response.context["rows"]] == ["Dear", "Cheap"]
    html = response.content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=cost_per_person&amp;order=asc" in html


def test_flags_page_gives_the_reason(officer_client, office, ambassador):
    series = make_series(office, title="Community Forums X 30", per_forum_area=True)
    bilton = Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name="Bilton")
    today = timezone.localdate()
    for n, people in enumerate([34, 31, 29, 23, 15, 9]):
        meeting(
            series,
            day=today - dt.timedelta(days=91 * (6 - n)),
            area=bilton,
            attendance=people,
            ambassador=ambassador,
        )

    html = officer_client.get(reverse("evaluation:flags")).content.decode()

    assert (
        "Bilton forum: attendance 23, 15, 9 over the last three meetings (earlier average 31.3); no feedback collected."
        in html
    )


def test_import_previews_then_imports_on_confirmation(officer_client, office):
    campaign = Campaign.objects.create(office=office, name="Everyday")
    upload = SimpleUploadedFile("posts.csv", sample("facebook-posts.csv"), content_type="text/csv")

    response = officer_client.post(
        reverse("evaluation:social_import"), {"file": upload, "campaign": campaign.pk}
    )

    assert response.context["plan"].counts["new"] == 8
    assert "is an export of Facebook Page posts (Meta Business Suite)" in response.content.decode()
    assert not SocialPost.objects.exists()

    response = officer_client.post(reverse("evaluation:social_import_confirm"))

    assert response.status_code == 302
    assert SocialPost.objects.filter(office=office, campaign=campaign).count() == 8


def test_import_of_an_unknown_layout_shows_the_message_and_keeps_nothing(officer_client, office):
    upload = SimpleUploadedFile("mine.csv", b"a,b\n1,2\n", content_type="text/csv")

    response = officer_client.post(reverse("evaluation:social_import"), {"file": upload})

    html = response.content.decode()
    assert "The file&#x27;s columns are not a layout we recognise." in html
    assert officer_client.post(reverse("evaluation:social_import_confirm")).status_code == 302
    assert not SocialPost.objects.exists()


def test_import_without_a_file_says_so(officer_client):
    response = officer_client.post(reverse("evaluation:social_import"), {})
    assert "Choose the export file to upload." in response.content.decode()


def test_campaign_add_and_edit(officer_client, office, officer):
    services.import_posts(office, sample("x-tweet-activity.csv"), "t.csv", by=officer)
    activity = make_activity(office, title="Roadshow", day=timezone.localdate())

    response = officer_client.post(
        reverse("evaluation:campaign_add"),
        {"name": "Rural crime week", "hashtags": "#RuralCrimeWeek", "activities": [activity.pk]},
    )

    assert response.status_code == 302
    campaign = Campaign.objects.get(office=office)
    assert (campaign.hashtags, list(campaign.activities.all()), campaign.posts.count()) == (
        ["RuralCrimeWeek"],
        [activity],
        2,
    )
    response = officer_client.post(
        reverse("evaluation:campaign_add"),
        {"name": "rural crime week", "hashtags": "#RuralCrimeWeek #not-a-tag"},
    )
    html = response.content.decode()
    assert "There is already a campaign called “rural crime week”" in html
    assert "“#not-a-tag” is not a hashtag" in html

    response = officer_client.post(
        reverse("evaluation:campaign_edit", args=[campaign.pk]),
        {"name": "Rural crime fortnight", "hashtags": ""},
    )
    campaign.refresh_from_db()
    assert (campaign.name, campaign.hashtags) == ("Rural crime fortnight", [])


def test_a_posts_campaign_is_changed(officer_client, office, officer):
    services.import_posts(office, sample("x-tweet-activity.csv"), "t.csv", by=officer)
    post = SocialPost.objects.filter(office=office).first()
    campaign = Campaign.objects.create(office=office, name="Everyday")

    officer_client.post(
        reverse("evaluation:post_campaign", args=[post.pk]), {"campaign": campaign.pk}
    )

    post.refresh_from_db()
    assert post.campaign == campaign
    response = officer_client.get(reverse("evaluation:posts"), {"campaign": "none"})
    assert response.context["page"].paginator.count == 2


def test_social_page_lists_campaign_figures(officer_client, office, officer):
    services.create_campaign(
        office, by=officer, name="Rural crime week", hashtags=["RuralCrimeWeek"]
    )
    services.import_posts(office, sample("x-tweet-activity.csv"), "t.csv", by=officer)

    response = officer_client.get(
        reverse("evaluation:social"), {"start": "2021-01-01", "end": "2021-12-31"}
    )

    [rural, none] = response.context["campaigns"]
    assert (rural.name, rural.posts, rural.impressions, rural.engagements) == (
        "Rural crime week",
        2,
        5430,
        173,
    )
    assert "3.2%" in response.content.decode()
    assert none.posts == 1


def test_pages_render_in_welsh(officer_client, office, officer, ambassador):
    services.import_posts(office, sample("facebook-posts.csv"), "posts.csv", by=officer)
    make_activity(office, title="Stondin", day=timezone.localdate(), people_reached=1200, cost=50)
    officer_client.cookies["django_language"] = "cy"

    for name in PAGES:
        assert officer_client.get(reverse(name), {"start": "2020-01-01"}).status_code == 200
