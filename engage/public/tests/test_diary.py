"""The Commissioner's public diary: what it shows, what it never shows, and its calendar."""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from engage.engagements.models import (
    Activity,
    Concern,
    ConcernSource,
    ConcernTheme,
    SurgerySession,
    SurgerySlot,
)
from engage.meetings import services
from engage.meetings.diary import public_diary
from engage.meetings.models import ForumReport, RotaAssignment, RotaPlan, RotaStatus
from engage.meetings.tests.factories import make_series
from engage.places.models import Area, AreaKind

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _at(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def _activity(office, title, days, lead, *, public=True, area=None, **fields):
    return Activity.objects.create(
        office=office,
        title=title,
        type="visit",
        starts_at=_at(days, 16),
        lead=lead,
        area=area,
        location=fields.pop("location", "Brownsover Community Centre"),
        in_public_diary=public,
        feedback_token=secrets.token_urlsafe(16),
        **fields,
    )


@pytest.fixture
def places(office):
    rugby = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Rugby")
    brownsover = Area.objects.create(
        office=office, kind=AreaKind.FORUM_AREA, name="Brownsover", parent=rugby
    )
    warwick = Area.objects.create(office=office, kind=AreaKind.DISTRICT, name="Warwick")
    return {"rugby": rugby, "brownsover": brownsover, "warwick": warwick}


@pytest.fixture
def diary(office, officer, commissioner, deputy, places):
    """A visit coming up, one last month with concerns raised, a private one, a staff member's
    own, a forum the rota sends the Deputy to, and a surgery with two slots, one booked."""
    theme = ConcernTheme.objects.create(office=office, name="Road safety and speeding")
    asb = ConcernTheme.objects.create(office=office, name="Anti-social behaviour")
    _activity(office, "Visit to Brownsover youth club", 6, commissioner, area=places["brownsover"])
    past = _activity(
        office,
        "Public meeting on speeding",
        -20,
        commissioner,
        area=places["rugby"],
        people_reached=41,
        public_summary="Residents asked for speed checks on Hillmorton Road.",
        notes="Councillor Smith was rude to the chair.",
        cost=120,
    )
    for summary, t, n in [("Cars speed past the school", theme, 3), ("Kids on scooters", asb, 1)]:
        Concern.objects.create(
            office=office,
            summary=summary,
            theme=t,
            source=ConcernSource.ACTIVITY,
            raised_on=timezone.localdate() - dt.timedelta(days=20),
            people=n,
            activity=past,
            contact_name="Sam Resident",
            contact_email="sam@example.org",
        )
    _activity(office, "Chief Constable's briefing", 3, commissioner, public=False)
    _activity(office, "Officer's school talk", 4, officer)
    forums = make_series(office, title="Community Forums", per_forum_area=True)
    forum = services.add_occurrence(
        forums, starts_at=_at(-10, 18), area=places["brownsover"], location="Hall", by=officer
    )
    ForumReport.objects.create(office=office, occurrence=forum, ambassador=officer, attendance=23)
    Concern.objects.create(
        office=office,
        summary="Speeding on the estate",
        theme=theme,
        source=ConcernSource.FORUM_REPORT,
        raised_on=timezone.localdate() - dt.timedelta(days=10),
        people=5,
        forum_report=forum.forum_report,
    )
    plan = RotaPlan.objects.create(
        office=office,
        name="Rota",
        starts_on=timezone.localdate() - dt.timedelta(days=30),
        ends_on=timezone.localdate() + dt.timedelta(days=700),
        status=RotaStatus.ADOPTED,
    )
    RotaAssignment.objects.create(office=office, plan=plan, occurrence=forum, person=deputy)
    session = SurgerySession.objects.create(
        office=office,
        starts_at=_at(9),
        ends_at=_at(9, 11),
        location="Warwick Library",
        area=places["warwick"],
        held_by=commissioner,
    )
    for minutes in (0, 15):
        SurgerySlot.objects.create(
            office=office,
            session=session,
            starts_at=_at(9) + dt.timedelta(minutes=minutes),
            ends_at=_at(9) + dt.timedelta(minutes=minutes + 15),
        )
    return {"past": past, "forum": forum}


def test_the_diary_shows_the_commissioner_and_deputy_public_engagements(office, diary):
    entries = public_diary(office, start=_at(-60), end=_at(60))
    assert [(e.kind, e.title) for e in entries] == [
        ("activity", "Public meeting on speeding"),
        ("forum", "Brownsover community forum"),
        ("activity", "Visit to Brownsover youth club"),
        ("surgery", "Public surgery: Warwick Library"),
    ]
    forum = entries[1]
    assert forum.people == ["Dee Dhillon, Deputy Commissioner"]
    assert forum.attendance == 23
    assert forum.heard == [("Road safety and speeding", 5)]
    assert entries[3].free_slots == 2


def test_what_was_heard_is_counted_by_theme_and_never_quotes_anyone(office, diary):
    past = public_diary(office, start=_at(-60), end=_at(-15))[0]
    assert past.heard == [("Road safety and speeding", 3), ("Anti-social behaviour", 1)]
    assert past.summary == "Residents asked for speed checks on Hillmorton Road."
    assert past.attendance == 41


def test_the_diary_page_holds_nothing_private(client, office, diary):
    page = client.get(reverse("public:diary", args=[office.slug])).content.decode()
    assert "Visit to Brownsover youth club" in page
    assert "Residents asked for speed checks on Hillmorton Road." in page
    assert "Road safety and speeding (3 people)" in page
    for private in [
        "Chief Constable's briefing",  # not marked for the public diary
        "Officer's school talk",  # not the Commissioner's or the Deputy's
        "Councillor Smith",  # notes
        "Cars speed past the school",  # what someone said
        "Sam Resident",
        "sam@example.org",
        "120",  # cost
    ]:
        assert private not in page, private


def test_the_diary_filters_by_area_and_the_areas_inside_it(client, office, diary, places):
    url = reverse("public:diary", args=[office.slug])
    rugby = client.get(url, {"area": places["rugby"].pk}).content.decode()
    assert "Visit to Brownsover youth club" in rugby  # Brownsover is in Rugby
    assert "Public meeting on speeding" in rugby
    assert "Warwick Library" not in rugby
    warwick = client.get(url, {"area": places["warwick"].pk}).content.decode()
    assert "Public surgery: Warwick Library" in warwick
    assert "Brownsover" not in warwick.split("<main")[1].split("Show only")[1].split("</select>")[1]


def test_an_area_that_does_not_exist_says_so(client, office, diary):
    response = client.get(reverse("public:diary", args=[office.slug]), {"area": "99999"})
    assert response.status_code == 404
    assert "There is no such area: choose one from the list" in response.content.decode()


def test_the_diary_in_welsh_marks_titles_without_welsh(client, office, diary):
    Activity.objects.filter(title="Visit to Brownsover youth club").update(
        title_cy="Ymweliad â chlwb ieuenctid Brownsover"
    )
    client.cookies["django_language"] = "cy"
    page = client.get(reverse("public:diary", args=[office.slug])).content.decode()
    assert "Ymweliad â chlwb ieuenctid Brownsover" in page
    assert (
        '<h3 class="govuk-heading-s govuk-!-margin-bottom-1" lang="en">Public meeting on speeding'
        in page
    )


def test_the_calendar_has_the_public_engagements_only(client, office, diary):
    response = client.get(reverse("public:diary_ics", args=[office.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    titles = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert titles == [
        "Brownsover community forum",
        "Public meeting on speeding",
        "Public surgery: Warwick Library",
        "Visit to Brownsover youth club",
    ]
    assert b"Councillor Smith" not in response.content


def test_the_diary_takes_the_same_number_of_queries_for_more_entries(
    client, office, diary, commissioner, django_assert_max_num_queries
):
    url = reverse("public:diary", args=[office.slug])
    client.get(url)
    for n in range(10):
        _activity(office, f"Visit {n}", 10 + n, commissioner)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(14):
        client.get(url)


def test_the_diary_content_is_kept_until_what_it_shows_changes(
    client, office, diary, commissioner, settings, django_assert_max_num_queries
):
    """Rendered once, then kept: a change to an engagement, a new one, a booking filling a slot
    each show on the very next request, with no page cache and no waiting."""
    from engage.engagements.services.surgeries import book_slot

    settings.PUBLIC_PAGE_CACHE = False
    url = reverse("public:diary", args=[office.slug])
    first = client.get(url)
    assert "2 slots free to book" in first.text
    with django_assert_max_num_queries(2):  # the office; the content is kept
        again = client.get(url)
    assert again.text == first.text

    added = _activity(office, "Rugby market stall", 12, commissioner)
    assert "Rugby market stall" in client.get(url).text
    added.title = "Rugby Saturday market stall"
    added.save()
    assert "Rugby Saturday market stall" in client.get(url).text

    slot = SurgerySlot.objects.filter(session__location="Warwick Library").first()
    book_slot(slot, name="Sam Resident", email="sam@example.org", topic="Speeding", by=None)
    page = client.get(url).text
    assert "1 slot free to book" in page and "2 slots free to book" not in page

    added.delete()
    assert "Rugby Saturday market stall" not in client.get(url).text


def test_the_diary_content_is_kept_no_longer_than_until_the_next_entry_starts(
    rf, office, commissioner, places
):
    """An entry starting in five minutes moves from "coming up" to "where they have been" then:
    the content is not kept past it."""
    from engage.public.views import DIARY_KEPT, _diary_content

    soon = Activity.objects.create(
        office=office,
        title="Street surgery",
        type="visit",
        starts_at=timezone.now() + dt.timedelta(seconds=30),
        lead=commissioner,
        in_public_diary=True,
        feedback_token=secrets.token_urlsafe(16),
    )
    made = _diary_content(rf.get("/"), office)
    assert "Street surgery" in made.html and 0 < made.seconds <= 30 < DIARY_KEPT
    soon.starts_at = timezone.now() + dt.timedelta(days=30)
    soon.save()
    assert _diary_content(rf.get("/"), office).seconds == DIARY_KEPT


def test_an_unknown_area_is_answered_not_kept(client, office, diary, settings):
    settings.PUBLIC_PAGE_CACHE = False
    url = reverse("public:diary", args=[office.slug])
    for _attempt in range(2):
        response = client.get(url, {"area": "999999"})
        assert response.status_code == 404
        assert "There is no such area" in response.text
