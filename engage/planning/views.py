"""Staff pages: the plan (a year by month), an item and its changes, linking the activity that
delivered it, plan against actual, and the gap analysis with its suggestions."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.engagements.models import Audience
from engage.planning import gaps as gap_rules
from engage.planning import queries, services
from engage.planning.forms import GapFilterForm, LinkForm, PlanItemForm, PlanYearForm
from engage.planning.models import PlanItem


def _year(request: OfficeRequest) -> int | None:
    form = PlanYearForm(request.GET)
    return form.cleaned_data.get("year") if form.is_valid() else None


@login_required
def plan(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "planning.view_plan", request.office)
    today = timezone.localdate()
    year = _year(request)
    if year is None:
        shown = queries.next_twelve_months(request.office, today=today)
    else:
        shown = queries.financial_year(request.office, year, today=today)
    this_year = queries.financial_year_of(today)
    return render(
        request,
        "planning/plan.html",
        {
            "plan": shown,
            "year": year,
            "years": [this_year - 1, this_year, this_year + 1],
            "slipped": queries.slipped_items(request.office, today=today),
            "today": today,
        },
    )


@login_required
def item(request: OfficeRequest, pk: int) -> HttpResponse:
    plan_item = get_for_office_or_404(queries.items_for(request.office), request, pk=pk)
    require_perm(request, "planning.view_plan", plan_item)
    audiences = dict(Audience.choices)
    return render(
        request,
        "planning/item.html",
        {
            "item": plan_item,
            "audiences": [audiences.get(a, a) for a in plan_item.audiences],
            "months_late": plan_item.months_late(timezone.localdate()),
            "trail": audit_trail(plan_item),
            "today": timezone.localdate(),
        },
    )


def _form_page(
    request: OfficeRequest, plan_item: PlanItem | None, form: PlanItemForm
) -> HttpResponse:
    return render(request, "planning/form.html", {"item": plan_item, "form": form})


@login_required
def item_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "planning.change_plan", request.office)
    data = request.POST if request.method == "POST" else None
    initial: dict[str, object] = {"owner": request.user.pk}
    month = request.GET.get("month", "")
    if month:
        initial["month"] = month
    form = PlanItemForm(data, office=request.office, initial=initial)
    if data is not None and form.is_valid():
        created = services.create_plan_item(request.office, form.plan_fields(), by=request.user)
        messages.success(request, _("%(title)s added to the plan.") % {"title": created.title})
        return redirect(created)
    return _form_page(request, None, form)


@login_required
def item_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    plan_item = get_for_office_or_404(PlanItem, request, pk=pk)
    require_perm(request, "planning.change_plan", plan_item)
    data = request.POST if request.method == "POST" else None
    form = PlanItemForm(data, office=request.office, instance=plan_item)
    if data is not None and form.is_valid():
        plan_item.refresh_from_db()  # the form wrote its input onto the instance as it checked it
        services.update_plan_item(plan_item, form.plan_fields(), by=request.user)
        messages.success(request, _("Changes to %(title)s saved.") % {"title": plan_item.title})
        return redirect(plan_item)
    if data is not None:
        plan_item.refresh_from_db()
    return _form_page(request, plan_item, form)


@login_required
@require_POST
def item_drop(request: OfficeRequest, pk: int) -> HttpResponse:
    plan_item = get_for_office_or_404(PlanItem, request, pk=pk)
    require_perm(request, "planning.change_plan", plan_item)
    services.drop_plan_item(plan_item, by=request.user)
    messages.success(
        request,
        _("%(title)s dropped from the plan. It stays on record.") % {"title": plan_item.title},
    )
    return redirect(plan_item)


@login_required
@require_POST
def item_restore(request: OfficeRequest, pk: int) -> HttpResponse:
    plan_item = get_for_office_or_404(PlanItem, request, pk=pk)
    require_perm(request, "planning.change_plan", plan_item)
    services.restore_plan_item(plan_item, by=request.user)
    messages.success(request, _("%(title)s is back in the plan.") % {"title": plan_item.title})
    return redirect(plan_item)


@login_required
def item_link(request: OfficeRequest, pk: int) -> HttpResponse:
    plan_item = get_for_office_or_404(queries.items_for(request.office), request, pk=pk)
    require_perm(request, "planning.change_plan", plan_item)
    data = request.POST if request.method == "POST" else None
    form = LinkForm(data, office=request.office, initial={"activity": plan_item.activity_id})
    if data is not None and form.is_valid():
        activity = form.cleaned_data["activity"]
        services.link_activity(plan_item, activity, by=request.user)
        messages.success(
            request,
            _("%(title)s was delivered by %(activity)s.")
            % {"title": plan_item.title, "activity": activity.title},
        )
        return redirect(plan_item)
    return render(
        request,
        "planning/link.html",
        {"item": plan_item, "form": form, "candidates": queries.candidate_activities(plan_item)},
    )


@login_required
@require_POST
def item_unlink(request: OfficeRequest, pk: int) -> HttpResponse:
    plan_item = get_for_office_or_404(PlanItem, request, pk=pk)
    require_perm(request, "planning.change_plan", plan_item)
    services.unlink_activity(plan_item, by=request.user)
    messages.success(
        request, _("The activity is no longer linked to %(title)s.") % {"title": plan_item.title}
    )
    return redirect(plan_item)


@login_required
def actual(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "planning.view_plan", request.office)
    today = timezone.localdate()
    year = _year(request)
    if year is None:
        first = services.first_of_month(today) - relativedelta(months=12)
        label = _("The last 12 months")
    else:
        first = dt.date(year, 4, 1)
        label = _("April %(start)s to March %(end)s") % {"start": year, "end": year + 1}
    months = queries.plan_against_actual(request.office, first, today=today)
    this_year = queries.financial_year_of(today)
    return render(
        request,
        "planning/actual.html",
        {
            "months": months,
            "label": label,
            "year": year,
            "years": [this_year - 1, this_year],
            "today": today,
            "slipped": [i for m in months for i in m.slipped],
        },
    )


def _gap_filters(request: OfficeRequest, data: object) -> tuple[GapFilterForm, dict[str, object]]:
    # An empty query is the default view (the 12 months to today), not a bound form.
    form = GapFilterForm(data or None, office=request.office, initial={"months": 12})
    form.is_valid()  # invalid filters are shown on the panel and the rest still apply
    return form, form.choices()


@login_required
def gaps(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "planning.view_plan", request.office)
    form, choices = _gap_filters(request, request.GET)
    analysis = gap_rules.gap_analysis(
        request.office,
        end=choices["end"],  # type: ignore[arg-type]
        months=choices["months"],  # type: ignore[arg-type]
        area=choices["area"],  # type: ignore[arg-type]
    )
    kinds = [
        ("age", _("Everyone, and by age")),
        ("ethnic", _("Ethnic group")),
        ("other", _("Other groups")),
    ]
    return render(
        request,
        "planning/gaps.html",
        {
            "form": form,
            "analysis": analysis,
            "kinds": [
                (label, [g for g in analysis.groups if g.kind in (kind, f"{kind}+")])
                for kind, label in kinds
            ],
            "largest": analysis.largest(10),
            "suggestions": gap_rules.suggestions(analysis, n=3),
            "trend": analysis.trend(),
            "filtered": bool(request.GET),
            "querystring": request.GET.urlencode(),
            "next_month": services.next_month(timezone.localdate()),
        },
    )


@login_required
@require_POST
def gaps_plan(request: OfficeRequest) -> HttpResponse:
    """Add one suggestion to the plan, in one step: found again from the same figures."""
    require_perm(request, "planning.change_plan", request.office)
    _form, choices = _gap_filters(request, request.POST)
    query = {k: request.POST[k] for k in ("months", "end", "area") if request.POST.get(k)}
    back = reverse("planning:gaps") + (f"?{urlencode(query)}" if query else "")
    analysis = gap_rules.gap_analysis(
        request.office,
        end=choices["end"],  # type: ignore[arg-type]
        months=choices["months"],  # type: ignore[arg-type]
        area=choices["area"],  # type: ignore[arg-type]
    )
    try:
        area_pk = int(request.POST.get("suggestion_area", ""))
    except ValueError:
        area_pk = 0
    suggestion = gap_rules.find_suggestion(
        analysis, area_pk, request.POST.get("suggestion_group", "")
    )
    if suggestion is None:
        messages.warning(
            request,
            _(
                "That suggestion is no longer on the list (it may already be in the plan), so nothing was added."
            ),
        )
        return redirect(back)
    created = services.plan_suggestion(request.office, suggestion, by=request.user)
    messages.success(
        request,
        _("%(title)s added to the plan for %(month)s.")
        % {"title": created.title, "month": date_format(created.month, "F Y")},
    )
    return redirect(back)
