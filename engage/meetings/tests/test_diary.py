import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from engage.engagements.models import Activity, SurgerySession
from engage.meetings import services
from engage.meetings.diary import diary_for
from engage.meetings.models import RotaAssignment, RotaPlan, RotaStatus
from engage.meetings.tests.factories import make_forum_areas, make_series

LONDON = ZoneInfo("Europe/London")


def _at(days, hour=10):
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def _diary_sources(office, officer, commissioner, deputy):
    panel = make_series(office, title="Police and Crime Panel", attending_posts=["pcc"])
    services.add_occurrence(panel, starts_at=_at(3), by=officer)
    (area,) = make_forum_areas(office, ["Southam"])
    forums = make_series(
        office, title="Community Forums", per_forum_area=True, attending_posts=["ambassador"]
    )
    forum = services.add_occurrence(forums, starts_at=_at(5, 18), area=area, by=officer)
    plan = RotaPlan.objects.create(
        office=office,
        name="2026–2028",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=730),
        status=RotaStatus.ADOPTED,
    )
    RotaAssignment.objects.create(office=office, plan=plan, occurrence=forum, person=commissioner)
    visit = Activity.objects.create(
        office=office,
        title="Youth club visit",
        type="visit",
        starts_at=_at(7, 16),
        lead=commissioner,
        feedback_token=secrets.token_urlsafe(16),
    )
    SurgerySession.objects.create(
        office=office,
        starts_at=_at(9),
        ends_at=_at(9, 12),
        location="Rugby Library",
        held_by=commissioner,
    )
    other = Activity.objects.create(
        office=office,
        title="Radio interview",
        type="media_interview",
        starts_at=_at(8),
        lead=deputy,
        feedback_token=secrets.token_urlsafe(16),
    )
    return visit, other


def test_diary_brings_meetings_rota_visits_activities_and_surgeries_together(
    office, officer, commissioner, deputy
):
    _diary_sources(office, officer, commissioner, deputy)
    entries = diary_for(commissioner, office, _at(0, 0), _at(30, 0))
    assert [(e.kind, e.title) for e in entries] == [
        ("meeting", "Police and Crime Panel"),
        ("forum", "Community Forums – Southam"),
        ("activity", "Youth club visit"),
        ("surgery", "Surgery: Rugby Library"),
    ]
    assert [e.title for e in diary_for(deputy, office, _at(0, 0), _at(30, 0))] == [
        "Radio interview"
    ]


def test_personal_feed_carries_the_whole_diary(client, office, officer, commissioner, deputy):
    _diary_sources(office, officer, commissioner, deputy)
    feed = services.create_feed(office, person=commissioner, label="", by=commissioner)
    cal = Calendar.from_ical(client.get(reverse("meetings:feed", args=[feed.token])).content)
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert summaries == [
        "Police and Crime Panel",
        "Community Forums – Southam",
        "Youth club visit",
        "Surgery: Rugby Library",
    ]


def test_diary_page_shows_the_month_for_the_chosen_person(
    client, office, officer, commissioner, deputy
):
    _diary_sources(office, officer, commissioner, deputy)
    client.force_login(officer)
    month = _at(7).strftime("%Y-%m")
    page = client.get(
        reverse("meetings:diary"), {"person": commissioner.pk, "month": month}
    ).content.decode()
    assert "Pat Pemberton&#x27;s diary" in page or "Pat Pemberton's diary" in page
    assert "Youth club visit" in page
    assert "Radio interview" not in page


def test_meetings_attended_in_rotation_are_in_a_diary_only_when_the_rota_sends_them(
    office, officer, commissioner, deputy
):
    areas = make_forum_areas(office, ["Alcester", "Kenilworth"])
    forums = make_series(
        office,
        title="Community Forums",
        per_forum_area=True,
        attending_posts=["pcc", "dpcc"],
        attendance_rotation=True,
    )
    alcester = services.add_occurrence(forums, starts_at=_at(4, 18), area=areas[0], by=officer)
    services.add_occurrence(forums, starts_at=_at(6, 18), area=areas[1], by=officer)
    plan = RotaPlan.objects.create(
        office=office,
        name="Rota",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=60),
        status=RotaStatus.ADOPTED,
    )
    RotaAssignment.objects.create(office=office, plan=plan, occurrence=alcester, person=deputy)
    assert [e.title for e in diary_for(deputy, office, _at(0, 0), _at(30, 0))] == [
        "Community Forums – Alcester"
    ]
    assert diary_for(commissioner, office, _at(0, 0), _at(30, 0)) == []
