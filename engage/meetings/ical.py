"""The schedule as iCalendar (RFC 5545), for subscribing from Outlook, Google or Apple calendars."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from engage.core.models import Office
from engage.meetings.diary import DiaryEntry, PublicEntry, diary_for, office_diary
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
    name = f"{feed.office.short_name}: " + (str(feed.person) if feed.person_id else "all meetings")
    base = settings.SITE_URL.rstrip("/")
    return _calendar(
        name,
        [
            _Event(
                uid=e.uid,
                title=e.title,
                starts_at=e.starts_at,
                ends_at=e.ends_at,
                status=_status(e),
                category=e.kind_label,
                location=e.location,
                description=e.description,
                url=base + e.url,
                updated_at=e.updated_at,
            )
            for e in feed_entries(feed)
        ],
    )


def public_calendar(office: Office, entries: list[PublicEntry], url: str) -> bytes:
    """The Commissioner's public diary as a VCALENDAR: what the diary page shows, nothing more."""
    return _calendar(
        f"{office.short_name}: the Commissioner's public diary",
        [
            _Event(
                uid=e.uid,
                title=e.title,
                starts_at=e.starts_at,
                ends_at=e.ends_at,
                status="CANCELLED" if e.cancelled else "CONFIRMED",
                category=e.kind_label,
                location=e.location,
                description="\n".join(e.people),
                url=url,
                updated_at=e.updated_at,
            )
            for e in entries
        ],
    )


@dataclass
class _Event:
    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    status: str
    category: str
    location: str
    description: str
    url: str
    updated_at: dt.datetime | None


def _calendar(name: str, events: list[_Event]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    cal.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    host = settings.SITE_URL.rstrip("/").split("://", 1)[-1].split("/", 1)[0]
    stamp = timezone.now()
    for entry in events:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(entry.starts_at, LONDON))
        ends = entry.ends_at or entry.starts_at + dt.timedelta(hours=1)
        event.add("dtend", timezone.localtime(ends, LONDON))
        if entry.updated_at:
            event.add("last-modified", entry.updated_at)
        event.add("summary", entry.title)
        event.add("status", entry.status)
        event.add("categories", [entry.category])
        if entry.location:
            event.add("location", entry.location)
        event.add("description", "\n".join(filter(None, [entry.description, entry.url])))
        event.add("url", entry.url)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
