"""The forum rota: which forum meetings the Commissioner and the Deputy attend.

Solving runs in the request: it takes seconds (see docs/rota.md for the benchmark).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.meetings import rota, rota_services
from engage.meetings.models import RotaAssignment, RotaPlan
from engage.meetings.rota_forms import PinForm, RotaPlanForm


def _solved_message(request: OfficeRequest, outcome: rota_services.SolveOutcome) -> None:
    text = _("Rota solved in %(seconds)s seconds: %(status)s.") % {
        "seconds": f"{outcome.result.wall_time:.2f}",
        "status": rota_services.STATUS_LABELS[outcome.result.status],
    }
    if outcome.result.covers_every_forum:
        messages.success(request, text)
    else:
        messages.warning(request, text)


@login_required
def rota_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.view_rota", request.office)
    return render(
        request,
        "meetings/rota/list.html",
        {
            "plans": rota_services.plans_for(request.office),
            "labels": rota_services.STATUS_LABELS,
        },
    )


@login_required
def rota_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "meetings.manage_rota", request.office)
    form = RotaPlanForm(request.POST or None, office=request.office)
    if request.method == "POST" and form.is_valid():
        outcome = rota_services.create_plan(request.office, by=request.user, **form.cleaned_data)
        _solved_message(request, outcome)
        return redirect(outcome.plan)
    return render(request, "meetings/rota/form.html", {"form": form})


@login_required
def rota_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    plan = get_for_office_or_404(RotaPlan, request, pk=pk)
    require_perm(request, "meetings.view_rota", plan)
    return render(
        request,
        "meetings/rota/detail.html",
        {
            "plan": plan,
            "page": rota_services.plan_page(plan),
            "status_label": rota_services.STATUS_LABELS.get(plan.solver_status, ""),
            "covers_all": plan.solver_status in (rota.OPTIMAL, rota.FEASIBLE),
        },
    )


@login_required
@require_POST
def rota_solve(request: OfficeRequest, pk: int) -> HttpResponse:
    plan = get_for_office_or_404(RotaPlan, request, pk=pk)
    require_perm(request, "meetings.manage_rota", plan)
    _solved_message(request, rota_services.solve_plan(plan, by=request.user))
    return redirect(plan)


@login_required
@require_POST
def rota_pin(request: OfficeRequest, pk: int, assignment_pk: int) -> HttpResponse:
    plan = get_for_office_or_404(RotaPlan, request, pk=pk)
    require_perm(request, "meetings.manage_rota", plan)
    assignment = get_for_office_or_404(
        RotaAssignment.objects.select_related("occurrence__area", "person"),
        request,
        pk=assignment_pk,
        plan=plan,
    )
    form = PinForm(request.POST, office=request.office)
    if not form.is_valid():
        messages.error(request, _("Choose the Commissioner or the Deputy"))
    else:
        assignment = rota_services.pin_assignment(
            assignment, by=request.user, person=form.cleaned_data["person"]
        )
        template = (
            _("Pinned: %(person)s at %(meeting)s. Solving again keeps this visit.")
            if assignment.pinned
            else _("Unpinned: %(person)s at %(meeting)s. Solving again may change this visit.")
        )
        messages.success(
            request,
            template % {"person": assignment.person, "meeting": assignment.occurrence},
        )
    return redirect(
        reverse("meetings:rota", args=[plan.pk]) + f"#forum-{assignment.occurrence.area_id}"
    )


@login_required
@require_POST
def rota_adopt(request: OfficeRequest, pk: int) -> HttpResponse:
    plan = get_for_office_or_404(RotaPlan, request, pk=pk)
    require_perm(request, "meetings.manage_rota", plan)
    try:
        rota_services.adopt_plan(plan, by=request.user)
    except ValueError:
        messages.error(request, _("This rota has no visits yet: solve it before adopting it."))
    else:
        messages.success(
            request,
            _(
                "Rota adopted: its visits are now the Commissioner's and Deputy's planned "
                "forum attendance. Any rota adopted before goes back to draft."
            ),
        )
    return redirect(plan)


urlpatterns: list[URLPattern] = [
    path("rota/", rota_list, name="rotas"),
    path("rota/new/", rota_create, name="rota_create"),
    path("rota/<int:pk>/", rota_detail, name="rota"),
    path("rota/<int:pk>/solve/", rota_solve, name="rota_solve"),
    path("rota/<int:pk>/adopt/", rota_adopt, name="rota_adopt"),
    path("rota/<int:pk>/visits/<int:assignment_pk>/pin/", rota_pin, name="rota_pin"),
]
