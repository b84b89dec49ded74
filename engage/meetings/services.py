"""Writes to the meeting schedule. Each function is one whole state change, atomic and audited."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from engage.accounts.models import Membership, Post, User
from engage.core.models import Office
from engage.engagements.models import Concern, ConcernStatus, SurgeryBooking
from engage.meetings.models import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Frequency,
    MeetingSeries,
    Occurrence,
    OccurrenceStatus,
)
from engage.places.models import Area

LONDON = ZoneInfo("Europe/London")
MONTHS_BETWEEN = {
    Frequency.MONTHLY: 1,
    Frequency.BIMONTHLY: 2,
    Frequency.QUARTERLY: 3,
    Frequency.TWICE_YEARLY: 6,
    Frequency.ANNUAL: 12,
}
WEEKS_BETWEEN = {Frequency.WEEKLY: 1, Frequency.FORTNIGHTLY: 2}


def local_datetime(day: dt.date, at: dt.time) -> dt.datetime:
    """A wall-clock time in England and Wales, right on either side of a clock change."""
    return dt.datetime.combine(day, at, tzinfo=LONDON)


def _weekday(day: dt.date) -> dt.date:
    """Meetings fall on working days: a date on a weekend moves to the Monday after."""
    if day.weekday() >= 5:
        return day + dt.timedelta(days=7 - day.weekday())
    return day


def schedule_dates(
    series: MeetingSeries, start: dt.date, end: dt.date, offset_days: int = 0
) -> list[dt.date]:
    """The dates the series' frequency gives between `start` (inclusive) and `end` (exclusive).

    Dates step from the series' first meeting date (or, if none is set, a date derived from the
    series so that different series do not all fall on one day). "As required, about N a year"
    gives N evenly spaced provisional dates. "To be agreed" and "none" give no dates.
    """
    # Without a first date, count from the day the series was created (not from `start`), so that
    # generating again on a later day finds the same slots.
    created = timezone.localdate(series.created_at) if series.created_at else start
    anchor = series.first_date or (created + dt.timedelta(days=(series.pk or 0) % 21))
    anchor += dt.timedelta(days=offset_days)
    if series.frequency in WEEKS_BETWEEN:
        step: relativedelta = relativedelta(weeks=WEEKS_BETWEEN[Frequency(series.frequency)])
    elif series.frequency in MONTHS_BETWEEN:
        step = relativedelta(months=MONTHS_BETWEEN[Frequency(series.frequency)])
    elif series.frequency == Frequency.AS_REQUIRED and series.per_year:
        step = relativedelta(months=max(1, 12 // series.per_year))
    else:
        return []
    dates = []
    n = 0
    # Walk back to the first slot on or after `start`, then forward to `end`. Each date is
    # computed from the anchor (not the previous date) so that the 31st stays the month's end.
    while anchor + step * n > start and n > -1000:
        n -= 1
    while True:
        day = anchor + step * n
        if day >= end:
            break
        if day >= start:
            dates.append(day)
        n += 1
    return dates


def _stamp(obj: Any, by: User | None) -> None:
    obj._history_user = by


@transaction.atomic
def generate_occurrences(
    series: MeetingSeries, *, start: dt.date, end: dt.date, by: User | None = None
) -> int:
    """Create the series' meetings between `start` and `end` that do not exist yet.

    Safe to run again: a slot already generated (even if since moved or cancelled) is never
    created twice. A series held in every community forum area gets one meeting per area per
    slot, spread a few days apart. Returns the number of meetings created.
    Side effects: Occurrence rows and their history.
    """
    if not series.is_active or not series.is_recurring:
        return 0
    areas: list[Area | None]
    if series.per_forum_area:
        areas = list(Area.objects.for_office(series.office).forum_areas().order_by("name"))
    else:
        areas = [None]
    provisional = series.frequency == Frequency.AS_REQUIRED
    existing: set[tuple[int | None, dt.date | None]] = set(
        Occurrence.objects.filter(series=series, scheduled_for__isnull=False).values_list(
            "area_id", "scheduled_for"
        )
    )
    duration = dt.timedelta(minutes=series.duration_minutes)
    created = 0
    for index, area in enumerate(areas):
        # Spread forum meetings over the weeks of each period rather than all on one evening.
        offset = (index * 3) % 56 if area is not None else 0
        for slot in schedule_dates(series, start, end, offset_days=offset):
            key = (area.pk if area else None, slot)
            if key in existing:
                continue
            starts = local_datetime(_weekday(slot), series.start_time)
            occurrence = Occurrence(
                office=series.office,
                series=series,
                area=area,
                scheduled_for=slot,
                starts_at=starts,
                ends_at=starts + duration,
                location=series.location,
                provisional=provisional,
            )
            _stamp(occurrence, by)
            occurrence.save()
            existing.add(key)
            created += 1
    return created


def generate_schedule(office: Office, *, months: int = 12, by: User | None = None) -> int:
    """Generate every active series' meetings from today for the next `months` months."""
    today = timezone.localdate()
    end = today + relativedelta(months=months)
    return sum(
        generate_occurrences(series, start=today, end=end, by=by)
        for series in MeetingSeries.objects.for_office(office).filter(is_active=True)
    )


@transaction.atomic
def update_series(
    series: MeetingSeries, changes: dict[str, Any], *, by: User | None
) -> MeetingSeries:
    """Save edits to a series. If its timing changed, future untouched meetings are re-dated.

    Side effects: history; future generated meetings that nobody has moved, minuted or attended
    are deleted and generated again from the new frequency, for the next 12 months.
    """
    timing_fields = {
        "frequency",
        "per_year",
        "first_date",
        "start_time",
        "duration_minutes",
        "per_forum_area",
    }
    before = {f: getattr(series, f) for f in timing_fields}
    stakeholders = changes.pop("stakeholders", None)
    for name, value in changes.items():
        setattr(series, name, value)
    _stamp(series, by)
    series.save()
    if stakeholders is not None:
        series.stakeholders.set(stakeholders)
    if any(before[f] != getattr(series, f) for f in timing_fields):
        today = timezone.localdate()
        untouched = Occurrence.objects.filter(
            series=series,
            starts_at__gte=timezone.now(),
            scheduled_for__isnull=False,
            status=OccurrenceStatus.SCHEDULED,
            attendance_recorded=False,
            notes="",
        ).filter(~Q(actions__isnull=False))
        for occurrence in untouched:
            local = timezone.localtime(occurrence.starts_at)
            slot = occurrence.scheduled_for
            if (
                slot is not None
                and local.date() == _weekday(slot)
                and local.time() == before["start_time"]
            ):
                occurrence.delete()
        generate_occurrences(series, start=today, end=today + relativedelta(months=12), by=by)
    return series


@transaction.atomic
def create_series(office: Office, fields: dict[str, Any], *, by: User) -> MeetingSeries:
    """Add a meeting series by hand and generate its meetings for the next 12 months."""
    stakeholders = fields.pop("stakeholders", None)
    series = MeetingSeries(office=office, **fields)
    _stamp(series, by)
    series.save()
    if stakeholders:
        series.stakeholders.set(stakeholders)
    today = timezone.localdate()
    generate_occurrences(series, start=today, end=today + relativedelta(months=12), by=by)
    return series


@transaction.atomic
def add_occurrence(
    series: MeetingSeries,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    location: str = "",
    area: Area | None = None,
    by: User,
) -> Occurrence:
    """Add a one-off meeting to a series (an extra meeting, or one called as required)."""
    occurrence = Occurrence(
        office=series.office,
        series=series,
        area=area,
        starts_at=starts_at,
        ends_at=ends_at or starts_at + dt.timedelta(minutes=series.duration_minutes),
        location=location or series.location,
    )
    _stamp(occurrence, by)
    occurrence.save()
    return occurrence


@transaction.atomic
def move_occurrence(
    occurrence: Occurrence,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str,
    by: User,
    reason: str = "",
) -> Occurrence:
    """Change a meeting's date, time or place. It keeps its place in the schedule."""
    occurrence.starts_at = starts_at
    occurrence.ends_at = ends_at
    occurrence.location = location
    occurrence.provisional = False
    occurrence._change_reason = reason  # type: ignore[attr-defined]
    _stamp(occurrence, by)
    occurrence.save()
    return occurrence


@transaction.atomic
def cancel_occurrence(occurrence: Occurrence, *, by: User, reason: str = "") -> Occurrence:
    """Cancel a meeting. It stays in the schedule (and calendar feeds) marked cancelled."""
    occurrence.status = OccurrenceStatus.CANCELLED
    occurrence._change_reason = reason  # type: ignore[attr-defined]
    _stamp(occurrence, by)
    occurrence.save()
    return occurrence


@transaction.atomic
def reinstate_occurrence(occurrence: Occurrence, *, by: User) -> Occurrence:
    occurrence.status = OccurrenceStatus.SCHEDULED
    _stamp(occurrence, by)
    occurrence.save()
    return occurrence


@transaction.atomic
def record_attendance(
    occurrence: Occurrence,
    *,
    attended: list[User],
    apologies: list[User],
    notes: str,
    by: User,
) -> Occurrence:
    """Record who from the OPCC attended a meeting, who sent apologies, and its notes or minutes.

    Replaces any earlier record for the meeting. Each person's post is stored as it is today, so
    commitments ("PCC to attend one meeting a year") stay true if people change roles later.
    Side effects: Attendance rows and history on them and the meeting.
    """
    posts = dict(
        Membership.objects.filter(
            office=occurrence.office, user__in=[*attended, *apologies]
        ).values_list("user_id", "post")
    )
    wanted = {p.pk: AttendanceStatus.ATTENDED for p in attended} | {
        p.pk: AttendanceStatus.APOLOGIES for p in apologies if p.pk not in {a.pk for a in attended}
    }
    for row in Attendance.objects.filter(occurrence=occurrence):
        if row.person_id not in wanted:
            _stamp(row, by)
            row.delete()
    current = {row.person_id: row for row in Attendance.objects.filter(occurrence=occurrence)}
    for person_id, status in wanted.items():
        found = current.get(person_id)
        post = posts.get(person_id, Post.OTHER)
        if found is None:
            row = Attendance(
                office=occurrence.office,
                occurrence=occurrence,
                person_id=person_id,
                post=post,
                status=status,
            )
        elif found.status == status:
            continue
        else:
            row = found
        row.status = status
        _stamp(row, by)
        row.save()
    occurrence.notes = notes
    occurrence.attendance_recorded = True
    _stamp(occurrence, by)
    occurrence.save()
    return occurrence


@transaction.atomic
def add_action(
    source: Occurrence | Concern | SurgeryBooking,
    *,
    description: str,
    owner: User | None,
    owner_name: str,
    due_on: dt.date | None,
    by: User | None,
) -> Action:
    """Record an action agreed at a meeting, on a concern, or on a surgery case.

    Side effects: one Action and its history; a concern with an action becomes "action agreed".
    """
    action = Action(
        office=source.office,
        description=description,
        owner=owner,
        owner_name=owner_name,
        due_on=due_on,
    )
    if isinstance(source, Occurrence):
        action.occurrence = source
    elif isinstance(source, Concern):
        action.concern = source
        if source.status == ConcernStatus.OPEN:
            source.status = ConcernStatus.ACTIONED
            _stamp(source, by)
            source.save()
    else:
        action.booking = source
    _stamp(action, by)
    action.save()
    return action


@transaction.atomic
def update_action(action: Action, changes: dict[str, Any], *, by: User) -> Action:
    """Edit an action; marking it done stamps today's date, reopening clears it."""
    for name, value in changes.items():
        setattr(action, name, value)
    if action.status == ActionStatus.DONE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    elif action.status != ActionStatus.DONE:
        action.completed_on = None
    _stamp(action, by)
    action.save()
    return action


@transaction.atomic
def create_feed(office: Office, *, person: User | None, label: str, by: User) -> CalendarFeed:
    """A new private calendar address: the token is 256 random bits, shown only to its owner."""
    feed = CalendarFeed(
        office=office, person=person, created_by=by, label=label, token=secrets.token_urlsafe(32)
    )
    _stamp(feed, by)
    feed.save()
    return feed


@transaction.atomic
def revoke_feed(feed: CalendarFeed, *, by: User) -> CalendarFeed:
    """Stop a calendar address working at once; calendars subscribed to it get 404 from now on."""
    feed.revoked_at = timezone.now()
    _stamp(feed, by)
    feed.save()
    return feed
