"""Staff pages of the partner-meeting schedule. Thin: access, form, one service or query, render."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.accounts.models import User
from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.meetings import queries, services
from engage.meetings.diary import DiaryEntry, diary_for, diary_people, this_month
from engage.meetings.forms import (
    ActionForm,
    AddOccurrenceForm,
    AttendanceForm,
    CancelForm,
    FeedForm,
    OccurrenceForm,
    SeriesForm,
)
from engage.meetings.ical import feed_calendar
from engage.meetings.models import (
    Action,
    ActionStatus,
    AttendanceStatus,
    CalendarFeed,
    MeetingSeries,
    Occurrence,
    ScheduleCategory,
)


def _person_filter(request: OfficeRequest) -> User | None:
    return request.user if request.GET.get("mine") == "1" else None


@login_required
def schedule(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.view_schedule", request.office)
    category = request.GET.get("category", "")
    if category not in ScheduleCategory.values:
        category = ""
    series = queries.series_for(request.office, category=category, person=_person_filter(request))
    reports = {r.commitment.pk: r for r in queries.commitment_reports(request.office)}
    return render(
        request,
        "meetings/schedule.html",
        {
            "groups": queries.grouped_schedule(series),
            "reports": reports,
            "categories": ScheduleCategory.choices,
            "category": category,
            "mine": request.GET.get("mine") == "1",
        },
    )


@login_required
def occurrence_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.view_schedule", request.office)
    when = request.GET.get("when", "upcoming")
    category = request.GET.get("category", "")
    if category not in ScheduleCategory.values:
        category = ""
    now = timezone.now()
    person = _person_filter(request)
    if when == "past":
        occurrences = queries.occurrences_for(
            request.office, end=now, person=person, category=category
        ).reverse()
    elif when == "awaiting":
        occurrences = queries.awaiting_attendance(request.office, person=person, days=90)
    else:
        when = "upcoming"
        occurrences = queries.occurrences_for(
            request.office,
            start=now,
            end=now + relativedelta(months=12),
            person=person,
            category=category,
        )
    page = Paginator(occurrences, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/occurrence_list.html",
        {
            "page": page,
            "when": when,
            "category": category,
            "categories": ScheduleCategory.choices,
            "mine": person is not None,
        },
    )


@login_required
def calendar_month(
    request: OfficeRequest, year: int | None = None, month: int | None = None
) -> HttpResponse:
    require_perm(request, "meetings.view_schedule", request.office)
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    first = dt.date(year, month, 1)
    person = _person_filter(request)
    return render(
        request,
        "meetings/calendar.html",
        {
            "weeks": queries.month_calendar(request.office, year, month, person=person),
            "month": first,
            "previous": first - relativedelta(months=1),
            "next": first + relativedelta(months=1),
            "mine": person is not None,
        },
    )


@login_required
def series_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    require_perm(request, "meetings.view_schedule", request.office)
    series = get_for_office_or_404(
        MeetingSeries.objects.select_related("lead_officer").prefetch_related("stakeholders"),
        request,
        pk=pk,
    )
    now = timezone.now()
    occurrences = series.occurrences.select_related("area")
    return render(
        request,
        "meetings/series_detail.html",
        {
            "series": series,
            "reports": [
                queries.commitment_report(c) for c in series.commitments.select_related("office")
            ],
            "upcoming": list(occurrences.filter(starts_at__gte=now).order_by("starts_at")[:12]),
            "recent": list(occurrences.filter(starts_at__lt=now).order_by("-starts_at")[:12]),
            "stats": queries.series_stats(series),
            "trail": audit_trail(series)
            if request.user.has_perm("meetings.view_history", series)
            else None,
        },
    )


@login_required
def series_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.change_schedule", request.office)
    form = SeriesForm(request.POST or None, office=request.office)
    if request.method == "POST" and form.is_valid():
        series = services.create_series(request.office, dict(form.cleaned_data), by=request.user)
        messages.success(request, _("“%(title)s” added to the schedule.") % {"title": series.title})
        return redirect(series)
    return render(request, "meetings/series_form.html", {"form": form, "series": None})


@login_required
def series_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    series = get_for_office_or_404(MeetingSeries, request, pk=pk)
    require_perm(request, "meetings.change_schedule", series)
    form = SeriesForm(request.POST or None, instance=series, office=request.office)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        # ModelForm.is_valid() has already copied the input onto the instance; reload it so that
        # the service sees the old values and can tell whether the timing changed.
        series.refresh_from_db()
        services.update_series(series, changes, by=request.user)
        messages.success(request, _("Changes to “%(title)s” saved.") % {"title": series.title})
        return redirect(series)
    return render(request, "meetings/series_form.html", {"form": form, "series": series})


@login_required
@require_POST
def series_generate(request: OfficeRequest, pk: int) -> HttpResponse:
    series = get_for_office_or_404(MeetingSeries, request, pk=pk)
    require_perm(request, "meetings.change_schedule", series)
    today = timezone.localdate()
    created = services.generate_occurrences(
        series, start=today, end=today + relativedelta(months=12), by=request.user
    )
    messages.success(
        request, _("%(count)s meetings added for the next 12 months.") % {"count": created}
    )
    return redirect(series)


@login_required
def occurrence_add(request: OfficeRequest, pk: int) -> HttpResponse:
    series = get_for_office_or_404(MeetingSeries, request, pk=pk)
    require_perm(request, "meetings.change_schedule", series)
    initial = {"start_time": series.start_time}
    form = AddOccurrenceForm(request.POST or None, series=series, initial=initial)
    if request.method == "POST" and form.is_valid():
        starts, ends = form.datetimes()
        occurrence = services.add_occurrence(
            series,
            starts_at=starts,
            ends_at=ends,
            location=form.cleaned_data["location"],
            area=form.cleaned_data.get("area"),
            by=request.user,
        )
        messages.success(request, _("Meeting added."))
        return redirect(occurrence)
    return render(
        request,
        "meetings/occurrence_form.html",
        {"form": form, "series": series, "occurrence": None},
    )


@login_required
def occurrence_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    require_perm(request, "meetings.view_schedule", request.office)
    occurrence = get_for_office_or_404(
        queries.occurrence_detail(request.office, pk), request, pk=pk
    )
    return _render_occurrence(request, occurrence, ActionForm(office=request.office))


def _render_occurrence(
    request: OfficeRequest, occurrence: Occurrence, action_form: ActionForm
) -> HttpResponse:
    attendance = list(occurrence.attendance.all())
    return render(
        request,
        "meetings/occurrence_detail.html",
        {
            "occurrence": occurrence,
            "series": occurrence.series,
            "attended": [a for a in attendance if a.status == AttendanceStatus.ATTENDED],
            "apologies": [a for a in attendance if a.status == AttendanceStatus.APOLOGIES],
            "actions": list(occurrence.actions.all()),
            "action_form": action_form,
            "can_file_report": occurrence.area is not None
            and occurrence.area.kind == "forum_area"
            and occurrence.is_past
            and request.user.has_perm("meetings.file_forum_report", occurrence),
            "trail": audit_trail(occurrence)
            if request.user.has_perm("meetings.view_history", occurrence)
            else None,
        },
        status=400 if action_form.is_bound and action_form.errors else 200,
    )


@login_required
def occurrence_attendance(request: OfficeRequest, pk: int) -> HttpResponse:
    occurrence = get_for_office_or_404(
        Occurrence.objects.select_related("series", "area"), request, pk=pk
    )
    require_perm(request, "meetings.record_attendance", occurrence)
    current = list(occurrence.attendance.all())
    initial = {
        "attended": [str(a.person_id) for a in current if a.status == AttendanceStatus.ATTENDED],
        "apologies": [str(a.person_id) for a in current if a.status == AttendanceStatus.APOLOGIES],
        "notes": occurrence.notes,
    }
    form = AttendanceForm(request.POST or None, office=request.office, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_attendance(
            occurrence,
            attended=form.chosen("attended"),
            apologies=form.chosen("apologies"),
            notes=form.cleaned_data["notes"],
            by=request.user,
        )
        messages.success(request, _("Attendance recorded."))
        return redirect(occurrence)
    return render(
        request, "meetings/attendance_form.html", {"form": form, "occurrence": occurrence}
    )


@login_required
def occurrence_move(request: OfficeRequest, pk: int) -> HttpResponse:
    occurrence = get_for_office_or_404(
        Occurrence.objects.select_related("series", "area"), request, pk=pk
    )
    require_perm(request, "meetings.change_schedule", occurrence)
    local_start = timezone.localtime(occurrence.starts_at)
    initial = {
        "date": local_start.date(),
        "start_time": local_start.time(),
        "end_time": timezone.localtime(occurrence.ends_at).time(),
        "location": occurrence.location,
    }
    form = OccurrenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        starts, ends = form.datetimes()
        services.move_occurrence(
            occurrence,
            starts_at=starts,
            ends_at=ends,
            location=form.cleaned_data["location"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(request, _("Meeting moved."))
        return redirect(occurrence)
    return render(
        request,
        "meetings/occurrence_form.html",
        {"form": form, "series": occurrence.series, "occurrence": occurrence},
    )


@login_required
def occurrence_cancel(request: OfficeRequest, pk: int) -> HttpResponse:
    occurrence = get_for_office_or_404(
        Occurrence.objects.select_related("series", "area"), request, pk=pk
    )
    require_perm(request, "meetings.change_schedule", occurrence)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cancel_occurrence(occurrence, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(
            request, _("Meeting cancelled. It stays in the schedule, marked cancelled.")
        )
        return redirect(occurrence)
    return render(
        request, "meetings/occurrence_cancel.html", {"form": form, "occurrence": occurrence}
    )


@login_required
@require_POST
def occurrence_reinstate(request: OfficeRequest, pk: int) -> HttpResponse:
    occurrence = get_for_office_or_404(Occurrence, request, pk=pk)
    require_perm(request, "meetings.change_schedule", occurrence)
    services.reinstate_occurrence(occurrence, by=request.user)
    messages.success(request, _("Meeting reinstated."))
    return redirect(occurrence)


@login_required
@require_POST
def action_add(request: OfficeRequest, pk: int) -> HttpResponse:
    occurrence = get_for_office_or_404(
        queries.occurrence_detail(request.office, pk), request, pk=pk
    )
    require_perm(request, "meetings.manage_actions", occurrence)
    form = ActionForm(request.POST, office=request.office)
    if not form.is_valid():
        return _render_occurrence(request, occurrence, form)
    action = services.add_action(
        occurrence,
        description=form.cleaned_data["description"],
        owner=form.cleaned_data["owner"],
        owner_name=form.cleaned_data["owner_name"],
        due_on=form.cleaned_data["due_on"],
        by=request.user,
    )
    messages.success(request, _("Action added."))
    return redirect(action)


@login_required
def action_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    action = get_for_office_or_404(
        Action.objects.select_related("occurrence__series"), request, pk=pk
    )
    require_perm(request, "meetings.manage_actions", action)
    initial = {
        "description": action.description,
        "owner": action.owner_id,
        "owner_name": action.owner_name,
        "due_on": action.due_on,
        "status": action.status,
    }
    form = ActionForm(
        request.POST or None, office=request.office, with_status=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.update_action(action, dict(form.cleaned_data), by=request.user)
        messages.success(request, _("Action updated."))
        return redirect(action)
    return render(
        request,
        "meetings/action_form.html",
        {"form": form, "action": action, "trail": audit_trail(action)},
    )


@login_required
def action_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.view_schedule", request.office)
    status = request.GET.get("status", ActionStatus.OPEN)
    if status not in [*ActionStatus.values, "overdue", "all"]:
        status = ActionStatus.OPEN
    actions = queries.actions_for(
        request.office, owner=_person_filter(request), status="" if status == "all" else status
    )
    if not request.user.has_perm("engagements.view_surgery", request.office):
        # Actions on surgery cases stay with those who may see the cases.
        actions = actions.filter(booking__isnull=True)
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/action_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [*ActionStatus.choices, ("overdue", _("Overdue")), ("all", _("All"))],
            "mine": request.GET.get("mine") == "1",
        },
    )


@login_required
def feeds(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.use_own_feed", request.office)
    allow_office = request.user.has_perm("meetings.manage_office_feeds", request.office)
    form = FeedForm(request.POST or None, allow_office=allow_office)
    if request.method == "POST" and form.is_valid():
        whole_office = form.cleaned_data["scope"] == FeedForm.SCOPE_OFFICE
        feed = services.create_feed(
            request.office,
            person=None if whole_office else request.user,
            label=form.cleaned_data["label"],
            by=request.user,
        )
        messages.success(request, _("Calendar address created. Copy it into your calendar app."))
        return redirect(f"{request.path}#feed-{feed.pk}")
    own = CalendarFeed.objects.for_office(request.office).filter(person=request.user)
    office_feeds = (
        CalendarFeed.objects.for_office(request.office).filter(person__isnull=True)
        if allow_office
        else []
    )
    return render(
        request,
        "meetings/feeds.html",
        {
            "form": form,
            "own": own,
            "office_feeds": office_feeds,
            "base_url": request.build_absolute_uri("/").rstrip("/"),
        },
    )


@login_required
@require_POST
def feed_revoke(request: OfficeRequest, pk: int) -> HttpResponse:
    feed = get_for_office_or_404(CalendarFeed, request, pk=pk)
    allowed = feed.person_id == request.user.pk or (
        feed.person_id is None and request.user.has_perm("meetings.manage_office_feeds", feed)
    )
    if not allowed:
        raise Http404
    services.revoke_feed(feed, by=request.user)
    messages.success(request, _("That calendar address no longer works."))
    return redirect("meetings:feeds")


def feed(request: OfficeRequest, token: str) -> HttpResponse:
    """The iCalendar feed itself: no login (calendar apps cannot sign in), the token is the key."""
    if "\x00" in token:  # no token has one, and PostgreSQL refuses a NUL in a query
        raise Http404
    calendar_feed = get_object_or_404(
        CalendarFeed.objects.select_related("office", "person"),
        token=token,
        revoked_at__isnull=True,
    )
    CalendarFeed.objects.filter(pk=calendar_feed.pk).update(last_used_at=timezone.now())
    response = HttpResponse(
        feed_calendar(calendar_feed), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="engage-meetings.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
def diary(request: OfficeRequest) -> HttpResponse:
    """The Commissioner's (or Deputy's) diary for a month: every engagement from every source."""
    require_perm(request, "meetings.view_diary", request.office)
    people = diary_people(request.office)
    chosen = next((p for p in people if str(p.pk) == request.GET.get("person")), None)
    person = chosen or (request.user if request.user in people else (people[0] if people else None))
    today = timezone.localdate()
    try:
        month = dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        month = today.replace(day=1)
    start, end = this_month(month)
    entries = diary_for(person, request.office, start, end) if person else []
    days: dict[dt.date, list[DiaryEntry]] = {}
    for entry in entries:
        days.setdefault(timezone.localtime(entry.starts_at).date(), []).append(entry)
    return render(
        request,
        "meetings/diary.html",
        {
            "people": people,
            "person": person,
            "month": month,
            "previous": month - relativedelta(months=1),
            "next": month + relativedelta(months=1),
            "days": sorted(days.items()),
            "today": today,
        },
    )
