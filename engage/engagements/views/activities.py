"""Staff pages for activities (quick entry, list, export, detail, QR poster) and the public
feedback page that the poster's QR code opens."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.core.exports import spreadsheet_safe
from engage.core.public_forms import public_post
from engage.engagements.forms.activities import (
    ActivityFilterForm,
    ActivityForm,
    ConcernFormSet,
    FeedbackForm,
    started_token,
)
from engage.engagements.models import Activity, Audience, ConcernTheme, Objective
from engage.engagements.queries import activities as queries
from engage.engagements.services import activities as services
from engage.engagements.services.concerns import ensure_default_themes

PAGE_SIZE = 25


def _filters(request: OfficeRequest) -> tuple[ActivityFilterForm, dict[str, Any]]:
    form = ActivityFilterForm(request.GET, office=request.office)
    form.is_valid()  # invalid filters are shown on the panel and the rest still apply
    return form, form.filters()


@login_required
def activity_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.view_activity", request.office)
    form, filters = _filters(request)
    page = Paginator(queries.activities_for(request.office, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "engagements/activities/list.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "filtered": bool(filters),
        },
    )


def _csv_rows(activities: Iterable[Activity]) -> Iterable[list[Any]]:
    objectives = dict(Objective.choices)
    audiences = dict(Audience.choices)
    yield [
        _("Date"),
        _("Time"),
        _("Title"),
        _("Type"),
        _("How"),
        _("Area"),
        _("Place"),
        _("Objectives"),
        _("Audiences"),
        _("Number of people"),
        _("Staff time (hours)"),
        _("Cost (£)"),
        _("Lead"),
        _("Partners"),
        _("Mean rating"),
        _("Ratings"),
        _("Concerns raised"),
        _("Outcome"),
    ]
    for a in activities:
        local = timezone.localtime(a.starts_at)
        mean = getattr(a, "mean_rating", None)
        yield [
            local.strftime("%d/%m/%Y"),
            local.strftime("%H:%M"),
            a.title,
            a.get_type_display(),
            a.get_channel_display(),
            a.area.name if a.area else "",
            a.location,
            "; ".join(str(objectives.get(o, o)) for o in a.objectives),
            "; ".join(
                f"{audiences.get(r.audience, r.audience)}"
                + (f" ({r.count})" if r.count is not None else "")
                for r in a.audiences.all()
            ),
            a.people_reached if a.people_reached is not None else "",
            a.staff_hours if a.staff_hours is not None else "",
            a.cost if a.cost is not None else "",
            (a.lead.get_full_name() or a.lead.email) if a.lead else "",
            "; ".join(o.name for o in a.stakeholders.all()),
            f"{mean:.1f}" if mean is not None else "",
            getattr(a, "feedback_count", 0),
            getattr(a, "concern_count", 0),
            a.outcome,
        ]


@login_required
def activity_export(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.export_activities", request.office)
    _form, filters = _filters(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _csv_rows(queries.activities_for_export(request.office, filters)):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    # The byte-order mark tells Excel the file is UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"activities-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _form_page(
    request: OfficeRequest, activity: Activity | None, form: ActivityForm, concerns: Any
) -> HttpResponse:
    # Rows 2 to 5 sit in a "record more" section, opened when any of them has input or errors.
    more_open = concerns.is_bound and any(f.errors or f.has_changed() for f in concerns.forms[1:])
    return render(
        request,
        "engagements/activities/form.html",
        {"activity": activity, "form": form, "concerns": concerns, "more_concerns_open": more_open},
    )


def _concern_formset(request: OfficeRequest) -> Any:
    if not ConcernTheme.objects.for_office(request.office).exists():
        ensure_default_themes(request.office, by=request.user)
    data = request.POST if request.method == "POST" else None
    return ConcernFormSet(data, prefix="concern", form_kwargs={"office": request.office})


@login_required
def activity_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.change_activity", request.office)
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(
        data,
        office=request.office,
        initial={"date": timezone.localdate(), "lead": request.user.pk},
    )
    concerns = _concern_formset(request)
    if data is not None and form.is_valid() & concerns.is_valid():
        activity = services.create_activity(
            request.office,
            form.activity_fields(),
            form.audience_counts(),
            concerns.raised(),
            by=request.user,
        )
        messages.success(request, _("%(title)s logged.") % {"title": activity.title})
        return redirect(activity)
    return _form_page(request, None, form, concerns)


@login_required
def activity_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    activity = get_for_office_or_404(Activity, request, pk=pk)
    require_perm(request, "engagements.change_activity", activity)
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, office=request.office, instance=activity)
    concerns = _concern_formset(request)
    if data is not None and form.is_valid() & concerns.is_valid():
        activity.refresh_from_db()  # the form wrote its input onto the instance as it checked it
        services.update_activity(
            activity,
            form.activity_fields(),
            form.audience_counts(),
            concerns.raised(),
            by=request.user,
        )
        messages.success(request, _("Changes to %(title)s saved.") % {"title": activity.title})
        return redirect(activity)
    if data is not None:
        activity.refresh_from_db()
    return _form_page(request, activity, form, concerns)


@login_required
def activity_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    activity = get_for_office_or_404(queries.activity_with_details(request.office), request, pk=pk)
    require_perm(request, "engagements.view_activity", activity)
    objectives = dict(Objective.choices)
    return render(
        request,
        "engagements/activities/detail.html",
        {
            "activity": activity,
            "objectives": [objectives.get(o, o) for o in activity.objectives],
            "audiences": list(activity.audiences.all()),
            "feedback": queries.feedback_summary(activity),
            "comments": queries.recent_comments(activity),
            "cost_per_participant": queries.cost_per_participant(activity),
            "staff_hours": _plain_number(activity.staff_hours),
            "concerns": queries.concerns_raised_at(activity),
            "feedback_url": _feedback_url(request, activity),
            "trail": audit_trail(activity),
        },
    )


def _plain_number(value: Decimal | None) -> str:
    """3.50 as "3.5" and 10.00 as "10"."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _feedback_url(request: HttpRequest, activity: Activity) -> str:
    return request.build_absolute_uri(
        reverse("engagements:feedback", args=[activity.feedback_token])
    )


@login_required
def activity_qr(request: OfficeRequest, pk: int) -> HttpResponse:
    activity = get_for_office_or_404(Activity, request, pk=pk)
    require_perm(request, "engagements.view_activity", activity)
    return render(
        request,
        "engagements/activities/qr.html",
        {"activity": activity, "feedback_url": _feedback_url(request, activity)},
    )


@login_required
def activity_qr_svg(request: OfficeRequest, pk: int) -> HttpResponse:
    activity = get_for_office_or_404(Activity, request, pk=pk)
    require_perm(request, "engagements.view_activity", activity)
    buffer = io.BytesIO()
    # Medium error correction survives a crease or a smudge on a printed poster.
    segno.make(_feedback_url(request, activity), error="m").save(
        buffer, kind="svg", scale=10, border=4, title=_("QR code for the feedback page")
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# -- public -----------------------------------------------------------------------------------


def _activity_key(group: str, request: HttpRequest) -> str:
    """All posts for one activity share a cap, whatever addresses they come from."""
    match = request.resolver_match
    return str(match.kwargs.get("token", "")) if match else ""


# People at one event often share the venue's wi-fi (one address): allow a room's worth a
# minute, far below what a script would send.
FEEDBACK_PER_ADDRESS = "20/m"


@public_post(
    "engagements.feedback",
    per_address=FEEDBACK_PER_ADDRESS,
    overall="300/h",
    overall_key=_activity_key,
)
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone who took part rates the activity from 1 to 5, with an optional comment."""
    # No token has a NUL, and PostgreSQL refuses one in a query.
    activity = None if "\x00" in token else queries.activity_for_feedback(token)
    if activity is None:
        raise Http404
    context: dict[str, Any] = {"activity": activity, "office": activity.office}
    if getattr(request, "limited", False):
        return render(request, "engagements/activities/feedback_limited.html", context, status=429)
    if not activity.feedback_open:
        return render(request, "engagements/activities/feedback_closed.html", context)
    data = request.POST if request.method == "POST" else None
    form = FeedbackForm(data, activity=activity)
    if data is not None:
        if form.is_spam():
            # Look as if it worked, so the bot learns nothing.
            return redirect("engagements:feedback_thanks")
        if form.is_valid():
            try:
                services.record_feedback(
                    activity, form.rating_value(), form.cleaned_data["comment"]
                )
            except services.FeedbackClosed:
                return render(request, "engagements/activities/feedback_closed.html", context)
            return redirect("engagements:feedback_thanks")
    context.update({"form": form, "started": started_token(activity)})
    return render(request, "engagements/activities/feedback.html", context)


def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "engagements/activities/feedback_thanks.html")
