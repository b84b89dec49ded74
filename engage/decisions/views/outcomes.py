"""Staff pages of "you said, we did": the list, drafting a page, editing it and its points,
publishing and unpublishing it.

Thin: access, form, one service, render or redirect. The rules are in decisions.outcomes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from engage.consultations.models import Consultation
from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.decisions import outcomes
from engage.decisions.models import Outcome, OutcomePoint
from engage.decisions.outcome_forms import (
    FromConsultationForm,
    FromThemeForm,
    MoveForm,
    OutcomeForm,
    PointForm,
)
from engage.decisions.outcome_queries import outcomes_for, points_of

VIEW = "decisions.view_decision"
CHANGE = "decisions.change_decision"
PUBLISH = "decisions.publish_decision"


def _apply_errors(form: Any, error: ValidationError) -> None:
    """Put a service's refusal on the form's fields (or above them)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _outcome(request: OfficeRequest, pk: int, perm: str) -> Outcome:
    outcome = get_for_office_or_404(
        Outcome.objects.select_related("consultation", "concern_theme", "area"), request, pk=pk
    )
    require_perm(request, perm, outcome)
    return outcome


def _point(outcome: Outcome, pk: int) -> OutcomePoint:
    return get_object_or_404(OutcomePoint, outcome=outcome, pk=pk)


@login_required
def outcome_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, VIEW, request.office)
    return render(
        request, "decisions/outcome_list.html", {"outcomes": outcomes_for(request.office)}
    )


@login_required
def outcome_create(request: OfficeRequest) -> HttpResponse:
    """Draft a page from a consultation (`?consultation=<pk>` chooses it) or from a theme."""
    require_perm(request, CHANGE, request.office)
    office = request.office
    start = request.POST.get("start", "")
    initial = {}
    if request.GET.get("consultation", "").isdigit():
        initial["consultation"] = int(request.GET["consultation"])
    from_consultation = FromConsultationForm(
        request.POST if start == "consultation" else None, office=office, initial=initial
    )
    from_theme = FromThemeForm(request.POST if start == "theme" else None, office=office)
    if request.method == "POST":
        try:
            if start == "consultation" and from_consultation.is_valid():
                consultation: Consultation = from_consultation.cleaned_data["consultation"]
                outcome = outcomes.draft_outcome_for_consultation(consultation, by=request.user)
            elif start == "theme" and from_theme.is_valid():
                outcome = outcomes.draft_outcome_for_theme(
                    office,
                    from_theme.cleaned_data["concern_theme"],
                    from_theme.cleaned_data["area"],
                    by=request.user,
                )
            else:
                outcome = None
        except ValidationError as error:
            _apply_errors(from_consultation if start == "consultation" else from_theme, error)
        else:
            if outcome is not None:
                messages.success(
                    request,
                    _("Draft written. Check what it says, then answer each point."),
                )
                return redirect(outcome)
    return render(
        request,
        "decisions/outcome_create.html",
        {"from_consultation": from_consultation, "from_theme": from_theme},
        status=400 if request.method == "POST" else 200,
    )


def _render_detail(
    request: OfficeRequest, outcome: Outcome, errors: list[str] | None = None
) -> HttpResponse:
    return render(
        request,
        "decisions/outcome_detail.html",
        {
            "outcome": outcome,
            "points": points_of(outcome),
            "decisions": list(outcome.decisions.order_by("-decided_on", "-pk")),
            "problems": [] if outcome.is_published else outcomes.publish_problems(outcome),
            "errors": [{"href": "", "text": e} for e in errors or []],
            "can_change": request.user.has_perm(CHANGE, outcome),
            "can_publish": request.user.has_perm(PUBLISH, outcome),
            "trail": audit_trail(outcome)
            if request.user.has_perm("core.view_history", outcome)
            else None,
        },
        status=400 if errors else 200,
    )


@login_required
def outcome_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _outcome(request, pk, VIEW))


@login_required
def outcome_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk, CHANGE)
    form = OutcomeForm(request.POST or None, office=request.office, instance=outcome)
    if request.method == "POST" and form.is_valid():
        try:
            outcomes.update_outcome(outcome, by=request.user, **form.values())
        except ValidationError as error:
            outcome.refresh_from_db()
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(outcome)
    return render(
        request,
        "decisions/outcome_form.html",
        {"form": form, "outcome": outcome},
        status=400 if form.is_bound else 200,
    )


def _point_form(
    request: OfficeRequest, outcome: Outcome, point: OutcomePoint | None
) -> HttpResponse:
    form = PointForm(request.POST or None, office=request.office, instance=point)
    if request.method == "POST" and form.is_valid():
        try:
            if point is None:
                outcomes.add_point(outcome, by=request.user, **form.values())
            else:
                outcomes.update_point(point, by=request.user, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Point added.") if point is None else _("Point saved."))
            return redirect(f"{outcome.get_absolute_url()}#points")
    return render(
        request,
        "decisions/outcome_point_form.html",
        {"form": form, "outcome": outcome, "point": point},
        status=400 if form.is_bound else 200,
    )


@login_required
def point_add(request: OfficeRequest, pk: int) -> HttpResponse:
    return _point_form(request, _outcome(request, pk, CHANGE), None)


@login_required
def point_edit(request: OfficeRequest, pk: int, point: int) -> HttpResponse:
    outcome = _outcome(request, pk, CHANGE)
    return _point_form(request, outcome, _point(outcome, point))


@login_required
def point_delete(request: OfficeRequest, pk: int, point: int) -> HttpResponse:
    """GET asks to confirm; POST deletes."""
    outcome = _outcome(request, pk, CHANGE)
    found = _point(outcome, point)
    if request.method == "POST":
        outcomes.delete_point(found, by=request.user)
        messages.success(request, _("Point deleted."))
        return redirect(f"{outcome.get_absolute_url()}#points")
    return render(
        request, "decisions/outcome_point_delete.html", {"outcome": outcome, "point": found}
    )


@login_required
@require_POST
def point_move(request: OfficeRequest, pk: int, point: int) -> HttpResponse:
    outcome = _outcome(request, pk, CHANGE)
    found = _point(outcome, point)
    form = MoveForm(request.POST)
    if form.is_valid():
        outcomes.move_point(found, form.cleaned_data["direction"], by=request.user)
    return redirect(f"{outcome.get_absolute_url()}#point-{found.pk}")


@login_required
@require_POST
def outcome_publish(request: OfficeRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk, PUBLISH)
    try:
        notice = outcomes.publish_outcome(outcome, by=request.user)
    except ValidationError as error:
        outcome.refresh_from_db()
        return _render_detail(request, outcome, error.messages)
    messages.success(
        request,
        ngettext(
            "Published. %(n)s person who asked to hear back will be told.",
            "Published. %(n)s people who asked to hear back will be told.",
            notice.recipients,
        )
        % {"n": notice.recipients},
    )
    return redirect(outcome)


@login_required
@require_POST
def outcome_unpublish(request: OfficeRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk, PUBLISH)
    try:
        outcomes.unpublish_outcome(outcome, by=request.user)
    except ValidationError as error:
        outcome.refresh_from_db()
        return _render_detail(request, outcome, error.messages)
    messages.success(request, _("Unpublished: the page is no longer on the public site."))
    return redirect(outcome)
