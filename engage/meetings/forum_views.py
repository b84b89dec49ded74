"""Community forums: ambassadors for forum areas, their reports after each forum, overdue reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.meetings import forums
from engage.meetings.forum_forms import AmbassadorsForm, ForumReportForm
from engage.meetings.models import AmbassadorAssignment, ForumReport, Occurrence
from engage.places.models import AreaKind


@login_required
def assignments(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.assign_ambassadors", request.office)
    areas = list(forums.forum_areas(request.office))
    ambassadors = forums.ambassadors_of(request.office)
    form = AmbassadorsForm(request.POST or None, areas=areas, ambassadors=ambassadors)
    if request.method == "POST" and form.is_valid():
        changed = forums.assign_ambassadors(request.office, form.choices(), by=request.user)
        messages.success(
            request,
            _("Ambassadors saved: %(count)s forum areas changed.") % {"count": changed},
        )
        return redirect("meetings:forum_assignments")
    history = (
        AmbassadorAssignment.history.filter(office=request.office)
        .select_related("history_user", "area", "ambassador")
        .order_by("-history_date")[:10]
    )
    return render(
        request,
        "meetings/forums/assignments.html",
        {"form": form, "has_ambassadors": ambassadors.exists(), "history": history},
    )


@login_required
def my_forums(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.view_forum_reports", request.office)
    return render(
        request,
        "meetings/forums/my_forums.html",
        {
            "mine": forums.my_forums(request.office, request.user),
            "due_days": forums.REPORT_DUE_DAYS,
        },
    )


@login_required
def report(request: OfficeRequest, pk: int) -> HttpResponse:
    occurrence = get_for_office_or_404(
        Occurrence.objects.select_related("series", "area__ambassador_assignment__ambassador"),
        request,
        pk=pk,
    )
    require_perm(request, "meetings.file_forum_report", occurrence)
    if occurrence.area is None or occurrence.area.kind != AreaKind.FORUM_AREA:
        raise Http404
    existing = ForumReport.objects.filter(occurrence=occurrence).first()
    if existing is not None:
        return _edit_report(request, occurrence, existing)
    themes = forums.report_themes(request.office, by=request.user)
    form = ForumReportForm(request.POST or None, occurrence=occurrence, themes=themes)
    if request.method == "POST" and form.is_valid():
        assigned = getattr(occurrence.area, "ambassador_assignment", None)
        try:
            forums.file_forum_report(
                occurrence,
                # An organiser reporting on behalf files it for the area's ambassador.
                ambassador=assigned.ambassador if assigned else request.user,
                attendance=form.cleaned_data["attendance"],
                concerns=form.concerns(),
                good_practice=form.cleaned_data["good_practice"],
                requests=form.cleaned_data["requests"],
                by=request.user,
            )
        except forums.ForumReportError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Report filed. Thank you."))
            return redirect(_back(request, occurrence))
    return render(
        request,
        "meetings/forums/report_form.html",
        {
            "form": form,
            "occurrence": occurrence,
            "refusal": _refusal(occurrence),
            "report": None,
            "back": _back(request, occurrence),
        },
    )


def _edit_report(
    request: OfficeRequest, occurrence: Occurrence, existing: ForumReport
) -> HttpResponse:
    initial = {
        "attendance": existing.attendance,
        "good_practice": existing.good_practice,
        "requests": existing.requests,
    }
    form = ForumReportForm(
        request.POST or None, occurrence=occurrence, with_concerns=False, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        forums.update_forum_report(
            existing,
            attendance=form.cleaned_data["attendance"],
            good_practice=form.cleaned_data["good_practice"],
            requests=form.cleaned_data["requests"],
            by=request.user,
        )
        messages.success(request, _("Report updated."))
        return redirect(_back(request, occurrence))
    return render(
        request,
        "meetings/forums/report_form.html",
        {
            "form": form,
            "occurrence": occurrence,
            "refusal": "",
            "report": forums.report_with_concerns(existing),
            "back": _back(request, occurrence),
        },
    )


def _back(request: OfficeRequest, occurrence: Occurrence) -> str:
    """The area's ambassador goes back to My forums; an organiser reporting on their behalf to the
    list of forum reports."""
    assignment = getattr(occurrence.area, "ambassador_assignment", None)
    if assignment is not None and assignment.ambassador_id == request.user.pk:
        return reverse("meetings:my_forums")
    return reverse("meetings:forum_reports")


def _refusal(occurrence: Occurrence) -> str:
    """Why this meeting cannot have a report yet (shown instead of the form), or ""."""
    if occurrence.is_cancelled:
        return _("This meeting was cancelled, so it has no report.")
    if not occurrence.is_past:
        return _("You can file the report after the meeting.")
    return ""


@login_required
def overdue(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.view_forum_reports", request.office)
    meetings = forums.overdue_reports(request.office)
    return render(
        request,
        "meetings/forums/overdue.html",
        {
            "page": Paginator(meetings, 50).get_page(request.GET.get("page")),
            "count": len(meetings),
            "due_days": forums.REPORT_DUE_DAYS,
        },
    )


@login_required
def report_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.view_forum_reports", request.office)
    return render(
        request,
        "meetings/forums/report_list.html",
        {
            "page": Paginator(forums.forum_reports(request.office), 50).get_page(
                request.GET.get("page")
            )
        },
    )


urlpatterns: list[URLPattern] = [
    path("forums/", my_forums, name="my_forums"),
    path("forums/ambassadors/", assignments, name="forum_assignments"),
    path("forums/reports/", report_list, name="forum_reports"),
    path("forums/reports/overdue/", overdue, name="forum_reports_overdue"),
    path("forums/<int:pk>/report/", report, name="forum_report"),
]
