"""Activity pages: quick entry and its bad input, the list and export, the detail page, the
QR poster, and the public feedback page with its abuse limits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from engage.engagements.forms.activities import started_token
from engage.engagements.models import Activity, ActivityType, Audience, Concern, Feedback
from engage.engagements.services.activities import RaisedConcern, record_feedback
from engage.engagements.tests.test_activities import at, make_activity, theme
from engage.places.models import Area, AreaKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def brownsover(office) -> Area:
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    return Area.objects.create(
        office=office, kind=AreaKind.FORUM_AREA, name="Brownsover", parent=rugby
    )


def entry(office, **changes: Any) -> dict[str, Any]:
    """What an officer types for Friday's youth-club visit."""
    asb = theme(office)
    data: dict[str, Any] = {
        "title": "Visit to Brownsover youth club",
        "type": ActivityType.VISIT,
        "channel": "in_person",
        "date": "2026-03-06",
        "time": "18:30",
        "location": "Brownsover Community Centre",
        "audiences": ["young_people"],
        "audience_young_people": "22",
        "people_reached": "25",
        "objectives": ["divert_young_people"],
        "staff_hours": "3.5",
        "cost": "£45.50",
        "concern-TOTAL_FORMS": "5",
        "concern-INITIAL_FORMS": "0",
        "concern-MIN_NUM_FORMS": "0",
        "concern-MAX_NUM_FORMS": "5",
        "concern-0-summary": "Off-road bikes on the estate at night",
        "concern-0-theme": str(asb.pk),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# -- quick entry ------------------------------------------------------------------------------


def test_create_page_offers_the_offices_themes_even_when_it_had_none(officer_client, office):
    page = officer_client.get(reverse("engagements:activity_create")).content.decode()
    assert "Anti-social behaviour" in page
    assert "What people raised" in page
    assert 'name="audience_young_people"' in page


def test_create_logs_the_visit_with_audience_count_and_concern(
    officer_client, office, officer, brownsover
):
    response = officer_client.post(
        reverse("engagements:activity_create"), entry(office, area=str(brownsover.pk))
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert activity.starts_at == at(dt.date(2026, 3, 6), 18, 30)
    assert activity.cost == Decimal("45.50")
    assert activity.objectives == ["divert_young_people"]
    assert [(a.audience, a.count) for a in activity.audiences.all()] == [("young_people", 22)]
    concern = Concern.objects.get()
    assert (concern.summary, concern.area, concern.activity) == (
        "Off-road bikes on the estate at night",
        brownsover,
        activity,
    )
    page = officer_client.get(response["Location"]).content.decode()
    assert "Visit to Brownsover youth club logged." in page
    assert "Off-road bikes on the estate at night" in page
    assert "£1.82" in page  # 45.50 / 25 people


def test_create_counts_an_audience_with_a_number_but_no_tick(officer_client, office):
    officer_client.post(
        reverse("engagements:activity_create"),
        entry(office, audiences=None, audience_faith_groups="6"),
    )
    activity = Activity.objects.get()
    assert sorted((a.audience, a.count) for a in activity.audiences.all()) == [
        ("faith_groups", 6),
        ("young_people", 22),
    ]


def _refused(client, data) -> str:
    response = client.post(reverse("engagements:activity_create"), data)
    assert response.status_code == 200
    assert not Activity.objects.exists() and not Concern.objects.exists()
    return response.content.decode()


def test_create_refuses_a_negative_cost_and_keeps_what_was_typed(officer_client, office):
    page = _refused(officer_client, entry(office, cost="-20"))
    assert "There is a problem" in page
    assert "The cost cannot be negative: enter £0 or more" in page
    assert 'value="Visit to Brownsover youth club"' in page
    assert 'value="-20"' in page
    assert 'value="22"' in page
    assert "Off-road bikes on the estate at night" in page


def test_create_refuses_an_impossible_date_and_keeps_it(officer_client, office):
    page = _refused(officer_client, entry(office, date="2026-02-30"))
    assert "Enter a real date, like 27 3 2026 or 27/03/2026" in page
    assert 'value="2026-02-30"' in page


def test_create_refuses_an_unknown_area(officer_client, office, other_office):
    elsewhere = Area.objects.create(office=other_office, kind=AreaKind.DISTRICT, name="Stroud")
    for area in (str(elsewhere.pk), "999999", "Rugby"):
        page = _refused(officer_client, entry(office, area=area))
        assert "Choose an area from the list" in page


def test_create_refuses_negative_people_but_not_fewer_than_the_audiences(officer_client, office):
    page = _refused(officer_client, entry(office, people_reached="-3"))
    assert "The number of people cannot be less than 0" in page
    # 10 people in all and 22 young people: counts are often estimates, so this is accepted.
    officer_client.post(reverse("engagements:activity_create"), entry(office, people_reached="10"))
    assert Activity.objects.get().people_reached == 10


def test_create_refuses_a_negative_audience_count(officer_client, office):
    page = _refused(officer_client, entry(office, audience_young_people="-1"))
    assert "How many Young people (under 25) cannot be less than 0" in page


def test_create_refuses_a_concern_without_a_theme_and_keeps_it(officer_client, office):
    page = _refused(officer_client, entry(office, **{"concern-0-theme": ""}))
    assert "Choose a theme for what was raised" in page
    assert "Off-road bikes on the estate at night" in page


def test_create_with_nothing_says_what_is_missing(officer_client, office):
    page = _refused(officer_client, {})
    assert "Enter a title, like Visit to Brownsover youth club" in page
    assert "Choose the type of activity" in page
    assert "Enter the date" in page


def test_edit_changes_the_activity_and_keeps_its_concerns(officer_client, office, officer):
    activity = make_activity(
        office,
        audiences={Audience.YOUNG_PEOPLE: 22},
        concerns=[RaisedConcern("Bikes", theme(office))],
    )
    url = reverse("engagements:activity_edit", args=[activity.pk])
    form = officer_client.get(url).content.decode()
    assert 'value="Visit to Brownsover youth club"' in form and 'value="2026-03-06"' in form
    response = officer_client.post(
        url,
        entry(
            office,
            title="Youth club visit",
            audience_young_people="30",
            feedback_open="",
            **{"concern-0-summary": "", "concern-0-theme": ""},
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Youth club visit"
    assert activity.audiences.get().count == 30
    assert activity.feedback_open is False
    assert activity.concerns.count() == 1


def test_edit_with_bad_input_keeps_the_saved_title_in_the_heading(officer_client, office):
    activity = make_activity(office)
    response = officer_client.post(
        reverse("engagements:activity_edit", args=[activity.pk]),
        entry(office, title="New name", cost="-1"),
    )
    page = response.content.decode()
    assert '<span class="govuk-caption-l">Visit to Brownsover youth club</span>' in page
    assert 'value="New name"' in page
    activity.refresh_from_db()
    assert activity.cost == Decimal("45.50")


# -- list, export, detail, poster -------------------------------------------------------------


def test_list_filters_by_type_and_shows_the_mean_rating(officer_client, office):
    club = make_activity(office)
    for rating in (5, 4):
        record_feedback(club, rating)
    make_activity(office, title="Radio Avonshire interview", type=ActivityType.MEDIA_INTERVIEW)
    page = officer_client.get(reverse("engagements:activities")).content.decode()
    assert "2 activities" in page and "4.5" in page
    page = officer_client.get(
        reverse("engagements:activities"), {"type": "media_interview"}
    ).content.decode()
    assert "Radio Avonshire interview" in page
    assert "Visit to Brownsover youth club" not in page


def test_list_shows_a_bad_filter_and_applies_the_rest(officer_client, office):
    make_activity(office)
    response = officer_client.get(
        reverse("engagements:activities"), {"date_from": "2026-13-45", "type": "visit"}
    )
    page = response.content.decode()
    assert "Enter a real date, like 27 3 2026 or 27/03/2026" in page
    assert "Visit to Brownsover youth club" in page


def test_export_is_the_filtered_list_and_safe_from_formulas(officer_client, office):
    club = make_activity(
        office,
        title='=HYPERLINK("http://evil.example")',
        audiences={Audience.YOUNG_PEOPLE: 22},
        outcome="+ agreed a follow-up",
    )
    record_feedback(club, 4)
    make_activity(office, title="Podcast", type=ActivityType.MEDIA_INTERVIEW)
    response = officer_client.get(reverse("engagements:activities_export"), {"type": "visit"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Date", "Time", "Title"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Title"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Outcome"] == "'+ agreed a follow-up"
    assert row["Date"] == "06/03/2026" and row["Time"] == "18:30"
    assert row["Audiences"] == "Young people (under 25) (22)"
    assert row["Cost (£)"] == "45.50"
    assert (row["Mean rating"], row["Ratings"]) == ("4.0", "1")


def test_export_is_for_staff_only(client, ambassador, office):
    client.force_login(ambassador)
    assert client.get(reverse("engagements:activities_export")).status_code == 403


def test_detail_shows_reach_rating_cost_and_comments(officer_client, office):
    activity = make_activity(office, audiences={Audience.YOUNG_PEOPLE: 22, Audience.LGBT: None})
    record_feedback(activity, 5, "Really good to be listened to")
    record_feedback(activity, 3)
    page = officer_client.get(activity.get_absolute_url()).content.decode()
    assert "4.0 out of 5, from 2 ratings" in page
    assert "Really good to be listened to" in page
    assert "Young people (under 25)" in page and "LGBT+ people" in page
    assert "£1.82" in page
    assert "3.5 hours" in page
    assert f"/feedback/{activity.feedback_token}/" in page
    assert "History" in page


def test_another_offices_activity_is_not_found(client, other_officer, office):
    activity = make_activity(office)
    client.force_login(other_officer)
    assert client.get(activity.get_absolute_url()).status_code == 404


def test_qr_svg_points_at_the_absolute_feedback_link(officer_client, office):
    activity = make_activity(office)
    response = officer_client.get(reverse("engagements:activity_qr_svg", args=[activity.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith((b"<?xml", b"<svg"))
    poster = officer_client.get(reverse("engagements:activity_qr", args=[activity.pk]))
    page = poster.content.decode()
    assert f"http://testserver/feedback/{activity.feedback_token}/" in page
    assert "Tell us what you thought" in page
    assert "engagements/print.css" in page


# -- public feedback --------------------------------------------------------------------------


def _feedback_post(client, activity, started: float | None = None, **data: Any):
    body = {"started": started_token(activity, at=time.time() - 30 if started is None else started)}
    body.update(data)
    return client.post(reverse("engagements:feedback", args=[activity.feedback_token]), body)


def test_feedback_page_needs_no_sign_in_and_signposts_999_and_101(client, office):
    activity = make_activity(office)
    page = client.get(reverse("engagements:feedback", args=[activity.feedback_token]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Very poor" in text and "Very good" in text
    assert "999" in text and "101" in text


def test_feedback_with_a_good_rating_is_stored(client, office):
    activity = make_activity(office)
    response = _feedback_post(client, activity, rating="5", comment="Very helpful")
    assert response.status_code == 302
    assert response["Location"] == reverse("engagements:feedback_thanks")
    assert list(Feedback.objects.values_list("activity", "rating", "comment")) == [
        (activity.pk, 5, "Very helpful")
    ]
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_feedback_refuses_a_rating_of_7_and_keeps_the_comment(client, office):
    activity = make_activity(office)
    response = _feedback_post(client, activity, rating="7", comment="The hall was cold")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a rating from 1 (very poor) to 5 (very good)" in page
    assert "The hall was cold" in page
    assert not Feedback.objects.exists()


def test_feedback_refuses_a_missing_rating(client, office):
    activity = make_activity(office)
    page = _feedback_post(client, activity, comment="No rating").content.decode()
    assert "Choose a rating from 1 (very poor) to 5 (very good)" in page
    assert not Feedback.objects.exists()


def test_feedback_ignores_the_honeypot_silently(client, office):
    activity = make_activity(office)
    response = _feedback_post(client, activity, rating="1", website="http://spam.example")
    assert response.status_code == 302  # looks as if it worked
    assert not Feedback.objects.exists()


def test_feedback_sent_too_fast_is_refused_with_the_answer_kept(client, office):
    activity = make_activity(office)
    response = _feedback_post(client, activity, started=time.time(), rating="4", comment="Quick")
    page = response.content.decode()
    assert "That was quicker than we expected" in page
    assert "Quick" in page and 'value="4" checked' in page
    assert not Feedback.objects.exists()


def test_feedback_without_a_signed_start_is_refused(client, office):
    activity = make_activity(office)
    response = client.post(
        reverse("engagements:feedback", args=[activity.feedback_token]),
        {"rating": "5", "started": "forged"},
    )
    assert "Send it again" in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_start_of_another_activity_is_refused(client, office):
    activity, other = make_activity(office), make_activity(office, title="Other")
    response = client.post(
        reverse("engagements:feedback", args=[activity.feedback_token]),
        {"rating": "5", "started": started_token(other, at=time.time() - 30)},
    )
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_feedback_posted_50_times_a_minute_is_limited(client, office):
    activity = make_activity(office)
    statuses = [_feedback_post(client, activity, rating="5").status_code for _ in range(50)]
    assert statuses[:20] == [302] * 20
    assert set(statuses[20:]) == {429}
    assert Feedback.objects.count() == 20
    page = _feedback_post(client, activity, rating="5")
    assert page.status_code == 429
    assert "too many attempts" in page.content.decode()


def test_feedback_from_many_addresses_is_capped_per_activity(client, office):
    activity = make_activity(office)
    statuses = [
        client.post(
            reverse("engagements:feedback", args=[activity.feedback_token]),
            {"rating": "5", "started": started_token(activity, at=time.time() - 30)},
            REMOTE_ADDR=f"10.0.{i // 250}.{i % 250}",
        ).status_code
        for i in range(305)
    ]
    assert statuses.count(302) == 300
    assert Feedback.objects.count() == 300


def test_feedback_on_a_closed_activity_says_so(client, office):
    activity = make_activity(office, feedback_open=False)
    page = client.get(reverse("engagements:feedback", args=[activity.feedback_token]))
    assert "no longer taking feedback" in page.content.decode()
    _feedback_post(client, activity, rating="5")
    assert not Feedback.objects.exists()


def test_feedback_for_an_unknown_token_is_not_found(client, office):
    assert client.get(reverse("engagements:feedback", args=["not-a-real-token"])).status_code == 404
