import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from engage.engagements.models import Activity, ConcernSource, SurgerySession
from engage.engagements.services.concerns import ensure_default_themes, record_concern
from engage.meetings import services as meetings
from engage.meetings.models import ForumReport
from engage.meetings.tests.factories import make_forum_areas, make_series
from engage.places.models import Area, AreaKind
from engage.stakeholders import services as stakeholders

LONDON = ZoneInfo("Europe/London")


def _forum(office, officer, commissioner, ambassador):
    district = Area.objects.create(
        office=office, kind=AreaKind.DISTRICT, name="Stratford-on-Avon", ons_code="E07000221"
    )
    (southam,) = make_forum_areas(office, ["Southam"])
    southam.parent = district
    southam.save()
    council = stakeholders.create_organisation(
        office, by=officer, name="Southam Town Council", category="parish_councils", area=southam
    )
    stakeholders.add_contact(
        council, by=officer, name="Peter Lowe", role="Town Clerk", email="clerk@southam.example.org"
    )
    stakeholders.log_interaction(
        council,
        by=officer,
        date=timezone.localdate() - dt.timedelta(days=20),
        kind="call",
        summary="Agreed the forum agenda",
    )
    series = make_series(
        office,
        title="Community Forums",
        per_forum_area=True,
        attending_posts=["ambassador"],
        chair="Chair: various",
    )
    series.stakeholders.add(council)
    last = meetings.add_occurrence(
        series, starts_at=timezone.now() - dt.timedelta(days=80), area=southam, by=officer
    )
    meetings.record_attendance(
        last,
        attended=[ambassador, commissioner],
        apologies=[],
        notes="Speeding on Warwick Road",
        by=officer,
    )
    ForumReport.objects.create(
        office=office,
        occurrence=last,
        ambassador=ambassador,
        attendance=23,
        good_practice="Speedwatch volunteers",
    )
    themes = {t.name: t for t in ensure_default_themes(office)}
    today = timezone.localdate()
    for summary in ("Speeding on Warwick Road", "Lorries through the market square"):
        record_concern(
            office,
            summary=summary,
            theme=themes["Road safety and speeding"],
            source=ConcernSource.FORUM_REPORT,
            raised_on=today - dt.timedelta(days=80),
            by=officer,
            area=southam,
            occurrence=last,
        )
    old = record_concern(
        office,
        summary="Old worry",
        theme=themes["Burglary"],
        source=ConcernSource.OTHER,
        raised_on=today - dt.timedelta(days=500),
        by=officer,
        area=southam,
    )
    asb = record_concern(
        office,
        summary="Teenagers at the rec",
        theme=themes["Anti-social behaviour"],
        source=ConcernSource.ACTIVITY,
        raised_on=today - dt.timedelta(days=30),
        by=officer,
        area=southam,
    )
    meetings.add_action(
        asb,
        description="Ask the SNT for evening patrols",
        owner=officer,
        owner_name="",
        due_on=today + dt.timedelta(days=10),
        by=officer,
    )
    nxt = meetings.add_occurrence(
        series, starts_at=timezone.now() + dt.timedelta(days=6), area=southam, by=officer
    )
    return nxt, old


def test_forum_briefing_has_who_what_was_raised_open_actions_and_last_time(
    client, office, officer, commissioner, ambassador
):
    nxt, _old = _forum(office, officer, commissioner, ambassador)
    client.force_login(commissioner)
    page = client.get(reverse("engagements:briefing_meeting", args=[nxt.pk])).content.decode()
    assert "Community Forums – Southam" in page
    assert (
        "Southam Town Council" in page
        and "Peter Lowe, Town Clerk" in page
        and "clerk@southam.example.org" in page
    )
    assert "Agreed the forum agenda" in page
    assert page.index("Road safety and speeding") < page.index("Anti-social behaviour")
    assert "Old worry" not in page and "Burglary" not in page
    assert "Ask the SNT for evening patrols" in page
    assert "Amir Aziz reported 23 residents attending." in page
    assert "Pat Pemberton (PCC)" in page
    assert "Speedwatch volunteers" in page


def test_activity_and_surgery_briefings_show_the_area(
    client, office, officer, commissioner, ambassador
):
    _forum(office, officer, commissioner, ambassador)
    southam = Area.objects.get(name="Southam")
    activity = Activity.objects.create(
        office=office,
        title="Market stall",
        type="event",
        starts_at=timezone.now(),
        area=southam,
        feedback_token=secrets.token_urlsafe(16),
    )
    session = SurgerySession.objects.create(
        office=office,
        starts_at=timezone.now(),
        ends_at=timezone.now() + dt.timedelta(hours=2),
        location="Southam Library",
        area=southam,
        held_by=commissioner,
    )
    client.force_login(commissioner)
    for url in (
        reverse("engagements:briefing_activity", args=[activity.pk]),
        reverse("engagements:briefing_surgery", args=[session.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Teenagers at the rec" in page, url
        assert "Ask the SNT for evening patrols" in page, url


def test_briefing_of_another_office_is_not_found(
    client, office, officer, commissioner, ambassador, other_officer
):
    nxt, _ = _forum(office, officer, commissioner, ambassador)
    client.force_login(other_officer)
    assert client.get(reverse("engagements:briefing_meeting", args=[nxt.pk])).status_code == 404
