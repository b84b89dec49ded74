"""Staff pages for decisions: the list, recording and editing one, its evidence, the voices behind
it, publishing it (which tells the people who asked to hear back), and the unanswered list.

Thin: access, form, one service or query, render or redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.decisions import queries, services
from engage.decisions.forms import (
    DecisionFilterForm,
    DecisionForm,
    EvidenceForm,
    EvidenceKindForm,
    WeeksForm,
)
from engage.decisions.models import Decision, Evidence, EvidenceKind

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


def _decision(request: OfficeRequest, pk: int, perm: str) -> Decision:
    decision = get_for_office_or_404(Decision.objects.select_related("created_by"), request, pk=pk)
    require_perm(request, perm, decision)
    return decision


@login_required
def decision_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, VIEW, request.office)
    form = DecisionFilterForm(request.GET or None, office=request.office)
    decisions = form.apply(queries.decisions_for(request.office))
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/decision_list.html",
        {"form": form, "page": page, "filtered": form.filtered},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, CHANGE, request.office)
    form = DecisionForm(request.POST or None, office=request.office)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.create_decision(request.office, by=request.user, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Decision recorded. Now link the evidence that informed it.")
            )
            return redirect(decision)
    return render(
        request,
        "decisions/decision_form.html",
        {"form": form, "decision": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, CHANGE)
    form = DecisionForm(
        request.POST or None,
        office=request.office,
        decision=decision,
        initial=DecisionForm.initial_for(decision),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_decision(decision, by=request.user, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Decision saved."))
            return redirect(decision)
    return render(
        request,
        "decisions/decision_form.html",
        {"form": form, "decision": decision},
        status=400 if form.is_bound else 200,
    )


def _public_url(decision: Decision) -> str:
    try:
        return decision.get_public_url()
    except NoReverseMatch:  # the public pages are another part of this issue
        return ""


@login_required
def decision_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, VIEW)
    evidence = queries.evidence_of(decision)
    can_publish = request.user.has_perm(PUBLISH, decision)
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "evidence": evidence,
            "voices": queries.voices_behind(decision, evidence),
            "notices": queries.notices_of(decision),
            "would_tell": len(queries.contacts_behind(decision))
            if can_publish and not decision.is_published
            else None,
            "can_change": request.user.has_perm(CHANGE, decision),
            "can_publish": can_publish,
            "public_url": _public_url(decision) if decision.is_published else "",
            "trail": audit_trail(decision)
            if request.user.has_perm("core.view_history", decision)
            else None,
        },
    )


@login_required
@require_POST
def decision_publish(request: OfficeRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, PUBLISH)
    try:
        notice = services.publish_decision(decision, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(decision)
    if notice.recipients:
        messages.success(
            request,
            ngettext(
                "Decision published. Notices queued for %(count)d person who asked to hear back.",
                "Decision published. Notices queued for %(count)d people who asked to hear back.",
                notice.recipients,
            )
            % {"count": notice.recipients},
        )
    else:
        messages.success(
            request,
            _(
                "Decision published. Nobody linked to its evidence asked to hear back, "
                "so no notices were queued."
            ),
        )
    return redirect(decision)


@login_required
@require_POST
def decision_unpublish(request: OfficeRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, PUBLISH)
    try:
        services.unpublish_decision(decision, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Decision unpublished: it is no longer on the public pages. Notices sent stay sent."),
        )
    return redirect(decision)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: OfficeRequest, pk: int) -> HttpResponse:
    """Two steps, without JavaScript: choose the kind (a GET form), then the thing (POST)."""
    decision = _decision(request, pk, CHANGE)
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "")
    if kind not in EvidenceKind.values:
        kind_form = EvidenceKindForm(data if "kind" in data else None)
        invalid = kind_form.is_bound and not kind_form.is_valid()
        return render(
            request,
            "decisions/decision_evidence_kind.html",
            {"decision": decision, "form": kind_form},
            status=400 if invalid else 200,
        )
    form = EvidenceForm(
        request.POST if request.method == "POST" else None, office=request.office, kind=kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_evidence(decision, by=request.user, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Evidence linked to the decision."))
            return redirect(decision.get_absolute_url() + "#evidence")
    return render(
        request,
        "decisions/decision_evidence_form.html",
        {"decision": decision, "form": form, "kind": EvidenceKind(kind)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def evidence_remove(request: OfficeRequest, pk: int, evidence: int) -> HttpResponse:
    decision = _decision(request, pk, CHANGE)
    item = get_for_office_or_404(Evidence.objects.filter(decision=decision), request, pk=evidence)
    services.remove_evidence(item, by=request.user)
    messages.success(request, _("Evidence removed from the decision."))
    return redirect(decision.get_absolute_url() + "#evidence")


@login_required
def unanswered(request: OfficeRequest) -> HttpResponse:
    require_perm(request, VIEW, request.office)
    form = WeeksForm(request.GET if "weeks" in request.GET else None)
    found = queries.unanswered(request.office, form.chosen())
    page = Paginator(found.concerns, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/unanswered.html",
        {"form": form, "found": found, "page": page},
    )
