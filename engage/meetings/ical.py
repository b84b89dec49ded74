"""The schedule as iCalendar (RFC 5545), for subscribing from Outlook, Google or Apple calendars."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from engage.meetings.models import CalendarFeed, Occurrence, OccurrenceStatus
from engage.meetings.queries import occurrences_for
from engage.meetings.services import LONDON

PRODID = "-//Engage//Partner meetings//EN"
PAST_DAYS = 92
FUTURE_DAYS = 400


def feed_occurrences(feed: CalendarFeed) -> list[Occurrence]:
    """The meetings a feed carries: the last three months and the next thirteen."""
    now = timezone.now()
    return list(
        occurrences_for(
            feed.office,
            start=now - dt.timedelta(days=PAST_DAYS),
            end=now + dt.timedelta(days=FUTURE_DAYS),
            person=feed.person,
        ).select_related("series__lead_officer")
    )


def _status(occurrence: Occurrence) -> str:
    if occurrence.status == OccurrenceStatus.CANCELLED:
        return "CANCELLED"
    return "TENTATIVE" if occurrence.provisional else "CONFIRMED"


def feed_calendar(feed: CalendarFeed) -> bytes:
    """A VCALENDAR with one VEVENT per meeting, times in Europe/London with its VTIMEZONE."""
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
    for occurrence in feed_occurrences(feed):
        event = Event()
        event.add("uid", f"engage-meeting-{occurrence.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(occurrence.starts_at, LONDON))
        event.add("dtend", timezone.localtime(occurrence.ends_at, LONDON))
        event.add("last-modified", occurrence.updated_at)
        event.add("summary", occurrence.title)
        event.add("status", _status(occurrence))
        if occurrence.location:
            event.add("location", occurrence.location)
        series = occurrence.series
        lines = [f"{series.get_category_display()} – {series.frequency_display}"]
        if series.chair:
            lines.append(f"Chair / lead: {series.chair}")
        if series.attending_posts:
            lines.append("OPCC attendance: " + ", ".join(series.get_attending_posts_display()))
        if series.lead_officer_id or series.lead_officer_text:
            lines.append(f"OPCC lead officer: {series.lead_officer or series.lead_officer_text}")
        if series.notes:
            lines.append(series.notes)
        url = base + occurrence.get_absolute_url()
        lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("url", url)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
