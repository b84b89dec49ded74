"""Importing the platforms' exports of posts: each layout, bad files, re-imports, campaigns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from engage.evaluation import services
from engage.evaluation.models import Campaign, Platform, SocialPost
from engage.evaluation.social import plan_import_file
from engage.evaluation.tests.factories import sample


def local(post: SocialPost) -> dt.datetime:
    return timezone.localtime(post.published_at).replace(tzinfo=None)


def test_facebook_page_posts_import(office, officer):
    result = services.import_posts(office, sample("facebook-posts.csv"), "posts.csv", by=officer)

    assert (result.platform, result.added, result.updated) == ("facebook", 8, 0)
    post = SocialPost.objects.get(office=office, post_id="1000000000000750")
    assert post.platform == Platform.FACEBOOK
    assert local(post) == dt.datetime(2026, 6, 14, 8, 15)  # "06/14/2026 08:15": month first
    assert post.text.startswith("Thank you to the 1,000 people")
    assert post.permalink == "https://www.facebook.com/104385729103746/posts/1000000000000750"
    assert (post.reach, post.impressions, post.engagements, post.clicks) == (4914, 8138, 402, 37)
    assert post.history.first().history_user == officer


def test_instagram_posts_import_adding_up_engagements(office, officer):
    services.import_posts(office, sample("instagram-posts.csv"), "ig.csv", by=officer)

    post = SocialPost.objects.get(office=office, post_id="17900000000006990")
    assert post.platform == Platform.INSTAGRAM
    assert local(post) == dt.datetime(2026, 6, 6, 12, 30)
    # Likes 112 + comments 152 + shares 14 + saves 7; Instagram's export has no clicks.
    assert (post.reach, post.impressions, post.engagements, post.clicks) == (4499, 8389, 285, None)


def test_x_post_analytics_import(office, officer):
    services.import_posts(office, sample("x-account-analytics-content.csv"), "x.csv", by=officer)

    post = SocialPost.objects.get(office=office, post_id="1800000000092966358")
    assert post.platform == Platform.X
    assert local(post) == dt.datetime(2026, 5, 3, 12, 0)  # a day without a time: midday
    assert (post.reach, post.impressions, post.engagements, post.clicks) == (None, 2180, 41, 9)
    assert SocialPost.objects.filter(office=office).count() == 8


def test_x_tweet_activity_import(office, officer):
    services.import_posts(office, sample("x-tweet-activity.csv"), "tweet_activity.csv", by=officer)

    post = SocialPost.objects.get(office=office, post_id="1401234567890123456")
    assert post.published_at == dt.datetime(2021, 6, 7, 8, 30, tzinfo=dt.UTC)
    assert (post.impressions, post.engagements, post.clicks) == (2310, 71, 14)
    assert post.permalink == "https://twitter.com/WarksPCC/status/1401234567890123456"


def test_an_unexpected_layout_is_refused_naming_the_layouts_we_read(office, officer):
    content = b"date,message,likes\n2026-06-01,Hello,4\n"

    with pytest.raises(services.ImportRefused) as refused:
        services.import_posts(office, content, "mine.csv", by=officer)

    [message] = refused.value.plan.errors
    assert message.startswith("The file's columns are not a layout we recognise.")
    for expected in (
        "Facebook Page posts (Meta Business Suite): Post ID, Page ID, Publish time, Permalink",
        "Instagram posts (Meta Business Suite): Post ID, Account username, Publish time, Permalink",
        "X post analytics: Post ID, Date, Post text, Impressions, Engagements",
        "X (Twitter) tweet activity: Tweet id, time, Tweet text, Impressions, Engagements",
        "This file's first row has: date, message, likes.",
    ):
        assert expected in message
    assert not SocialPost.objects.exists()


def test_a_bad_number_on_row_7_imports_nothing(office, officer):
    lines = sample("facebook-posts.csv").decode().splitlines()
    cells = lines[6].split(",")
    cells[-8] = "lots"  # the Reach column of the sixth post: row 7 counting the header
    lines[6] = ",".join(cells)

    with pytest.raises(services.ImportRefused) as refused:
        services.import_posts(office, "\n".join(lines).encode(), "posts.csv", by=officer)

    assert refused.value.plan.errors == ["Row 7: Reach “lots” is not a whole number of 0 or more."]
    assert not SocialPost.objects.exists()


def test_a_bad_date_is_refused_with_its_row(office, officer):
    content = (
        sample("x-account-analytics-content.csv")
        .decode()
        .replace('"Sun, May 03, 2026"', "03/05/2026 tea-time")
    )

    plan = plan_import_file(office, content.encode(), "x.csv")

    assert plan.errors[0].startswith("Row ")
    assert "Date “03/05/2026 tea-time” is not a date and time we can read" in plan.errors[0]
    assert not plan.can_import


def test_reimporting_updates_rather_than_duplicates(office, officer):
    services.import_posts(office, sample("facebook-posts.csv"), "posts.csv", by=officer)
    again = services.import_posts(office, sample("facebook-posts.csv"), "posts.csv", by=officer)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 8)

    later = sample("facebook-posts.csv").decode().replace(",8138,4914,402,", ",9000,5100,450,")
    result = services.import_posts(office, later.encode(), "posts.csv", by=officer)

    assert (result.added, result.updated, result.unchanged) == (0, 1, 7)
    assert SocialPost.objects.filter(office=office).count() == 8
    post = SocialPost.objects.get(post_id="1000000000000750")
    assert (post.impressions, post.reach, post.engagements) == (9000, 5100, 450)


def test_the_same_post_id_in_another_office_is_another_post(
    office, other_office, officer, other_officer
):
    services.import_posts(office, sample("facebook-posts.csv"), "posts.csv", by=officer)
    services.import_posts(other_office, sample("facebook-posts.csv"), "posts.csv", by=other_officer)

    assert SocialPost.objects.filter(post_id="1000000000000750").count() == 2


def test_hashtags_put_posts_in_campaigns_and_the_import_campaign_takes_the_rest(office, officer):
    precept = services.create_campaign(
        office, by=officer, name="Precept", hashtags=["#PreceptSurvey", "havEyourSayprecept"]
    )
    general = services.create_campaign(office, by=officer, name="Everyday")

    services.import_posts(
        office, sample("facebook-posts.csv"), "posts.csv", campaign=general, by=officer
    )

    posts = list(SocialPost.objects.filter(office=office))
    for post in posts:
        tagged = (
            "#preceptsurvey" in post.text.casefold()
            or "#haveyoursayprecept" in post.text.casefold()
        )
        assert post.campaign == (precept if tagged else general), post.text
    assert precept.hashtags == ["PreceptSurvey", "havEyourSayprecept"]
    assert {p.campaign for p in posts} == {precept, general}


def test_a_post_keeps_the_campaign_it_was_given_when_imported_again(office, officer):
    services.import_posts(office, sample("facebook-posts.csv"), "posts.csv", by=officer)
    post = SocialPost.objects.get(post_id="1000000000000750")
    chosen = Campaign.objects.create(office=office, name="Chosen by hand")
    services.set_post_campaign(post, chosen, by=officer)
    services.create_campaign(office, by=officer, name="Precept", hashtags=["PreceptSurvey"])

    services.import_posts(office, sample("facebook-posts.csv"), "posts.csv", by=officer)

    post.refresh_from_db()
    assert post.campaign == chosen


def test_a_new_campaign_takes_the_posts_without_one_that_carry_its_hashtag(office, officer):
    services.import_posts(office, sample("x-tweet-activity.csv"), "tweets.csv", by=officer)

    rural = services.create_campaign(
        office, by=officer, name="Rural crime week", hashtags=["RuralCrimeWeek"]
    )

    assert set(rural.posts.values_list("post_id", flat=True)) == {
        "1401234567890123456",
        "1402555555555555555",
    }


def test_a_campaign_of_another_office_is_refused(office, other_office, officer):
    theirs = Campaign.objects.create(office=other_office, name="Theirs")
    with pytest.raises(ValueError):
        services.import_posts(
            office, sample("facebook-posts.csv"), "posts.csv", campaign=theirs, by=officer
        )
