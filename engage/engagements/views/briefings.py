"""Printable one-page briefings for a meeting, an activity or a surgery."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.engagements.models import Activity, SurgerySession
from engage.engagements.queries import briefings
from engage.meetings.models import Occurrence


@login_required
def meeting_briefing(request: OfficeRequest, pk: int) -> HttpResponse:
    occurrence = get_for_office_or_404(
        Occurrence.objects.select_related("series", "area"), request, pk=pk
    )
    require_perm(request, "meetings.view_schedule", occurrence)
    return render(
        request,
        "engagements/briefings/briefing.html",
        {"b": briefings.meeting_briefing(occurrence)},
    )


@login_required
def activity_briefing(request: OfficeRequest, pk: int) -> HttpResponse:
    activity = get_for_office_or_404(
        Activity.objects.select_related("area", "lead"), request, pk=pk
    )
    require_perm(request, "engagements.view_activity", activity)
    return render(
        request, "engagements/briefings/briefing.html", {"b": briefings.activity_briefing(activity)}
    )


@login_required
def surgery_briefing(request: OfficeRequest, pk: int) -> HttpResponse:
    session = get_for_office_or_404(
        SurgerySession.objects.select_related("area", "held_by"), request, pk=pk
    )
    require_perm(request, "engagements.view_surgery", session)
    return render(
        request, "engagements/briefings/briefing.html", {"b": briefings.surgery_briefing(session)}
    )
