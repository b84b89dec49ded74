import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from engage.meetings import services
from engage.meetings.tests.factories import make_series

LONDON = ZoneInfo("Europe/London")


def _upcoming(series, days, by, hour=10):
    day = timezone.localdate() + dt.timedelta(days=days)
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)
    return services.add_occurrence(series, starts_at=start, by=by)


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_personal_feed_holds_only_my_meetings_in_london_time(client, office, officer, commissioner):
    panel = make_series(office, title="Police and Crime Panel", attending_posts=["pcc"])
    audit = make_series(office, title="Audit Joint Committee", attending_posts=["treasurer"])
    meeting = _upcoming(panel, 20, officer, hour=14)
    _upcoming(audit, 21, officer)
    feed = services.create_feed(office, person=commissioner, label="Phone", by=commissioner)
    cal = _parse(client.get(reverse("meetings:feed", args=[feed.token])))
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Police and Crime Panel"]
    start = events[0].decoded("DTSTART")
    assert start == timezone.localtime(meeting.starts_at, LONDON)
    assert str(start.tzinfo) == "Europe/London"
    assert events[0]["DTSTART"].params["TZID"] == "Europe/London"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    assert events[0]["UID"].endswith(f"-{meeting.pk}@127.0.0.1:8000")


def test_office_feed_holds_every_meeting_and_cancelled_ones_say_so(client, office, officer):
    series = make_series(office)
    kept = _upcoming(series, 5, officer)
    dropped = _upcoming(series, 40, officer)
    services.cancel_occurrence(dropped, by=officer)
    feed = services.create_feed(office, person=None, label="", by=officer)
    events = _parse(client.get(reverse("meetings:feed", args=[feed.token]))).walk("VEVENT")
    assert {e["UID"].split("@")[0]: str(e["STATUS"]) for e in events} == {
        f"engage-meeting-{kept.pk}": "CONFIRMED",
        f"engage-meeting-{dropped.pk}": "CANCELLED",
    }


def test_feed_never_shows_another_offices_meetings(
    client, office, other_office, officer, other_officer
):
    _upcoming(make_series(other_office, title="Severnvale Panel"), 3, other_officer)
    _upcoming(make_series(office, title="Avonshire Panel"), 3, officer)
    feed = services.create_feed(office, person=None, label="", by=officer)
    events = _parse(client.get(reverse("meetings:feed", args=[feed.token]))).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Avonshire Panel"]


def test_revoked_or_unknown_feed_is_not_found(client, office, officer):
    feed = services.create_feed(office, person=officer, label="", by=officer)
    services.revoke_feed(feed, by=officer)
    assert client.get(reverse("meetings:feed", args=[feed.token])).status_code == 404
    assert client.get(reverse("meetings:feed", args=["not-a-token"])).status_code == 404


def test_feed_tokens_are_long_and_unique(office, officer):
    tokens = {
        services.create_feed(office, person=officer, label="", by=officer).token for _ in range(20)
    }
    assert len(tokens) == 20 and min(len(t) for t in tokens) >= 43
