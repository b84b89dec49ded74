"""The schedule as iCalendar (RFC 5545), for subscribing from Outlook, Google or Apple calendars."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from engage.meetings.diary import DiaryEntry, diary_for, office_diary
from engage.meetings.models import CalendarFeed
from engage.meetings.services import LONDON

PRODID = "-//Engage//Partner meetings//EN"
PAST_DAYS = 92
FUTURE_DAYS = 400


def feed_entries(feed: CalendarFeed) -> list[DiaryEntry]:
    """What a feed carries, from three months ago to thirteen months ahead: a person's whole
    diary (meetings, planned forum visits, activities, surgeries), or the office's schedule."""
    now = timezone.now()
    start, end = now - dt.timedelta(days=PAST_DAYS), now + dt.timedelta(days=FUTURE_DAYS)
    if feed.person is not None:
        return diary_for(feed.person, feed.office, start, end)
    return office_diary(feed.office, start, end)


def _status(entry: DiaryEntry) -> str:
    if entry.cancelled:
        return "CANCELLED"
    return "TENTATIVE" if entry.provisional else "CONFIRMED"


def feed_calendar(feed: CalendarFeed) -> bytes:
    """A VCALENDAR with one VEVENT per entry, times in Europe/London with its VTIMEZONE."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{feed.office.short_name}: " + (str(feed.person) if feed.person_id else "all meetings")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    cal.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    base = settings.SITE_URL.rstrip("/")
    host = base.split("://", 1)[-1].split("/", 1)[0]
    stamp = timezone.now()
    for entry in feed_entries(feed):
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(entry.starts_at, LONDON))
        ends = entry.ends_at or entry.starts_at + dt.timedelta(hours=1)
        event.add("dtend", timezone.localtime(ends, LONDON))
        if entry.updated_at:
            event.add("last-modified", entry.updated_at)
        event.add("summary", entry.title)
        event.add("status", _status(entry))
        event.add("categories", [entry.kind_label])
        if entry.location:
            event.add("location", entry.location)
        url = base + entry.url
        event.add("description", "\n".join(filter(None, [entry.description, url])))
        event.add("url", url)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
