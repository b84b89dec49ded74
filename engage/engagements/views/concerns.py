"""Staff pages for concerns and their actions, the themes taxonomy and complaint counts.

Thin: check access, validate with a form, call one service or query, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.core.uploads import clear_upload, stash_upload, stashed_upload
from engage.decisions.queries import decisions_fed_by
from engage.engagements.forms.concerns import (
    ComplaintUploadForm,
    ConcernFilterForm,
    ConcernForm,
    ConcernStatusForm,
    ThemeForm,
    ThemeMergeForm,
)
from engage.engagements.models import Concern, ConcernStatus, ConcernTheme
from engage.engagements.queries import concerns as queries
from engage.engagements.services import complaints, themes
from engage.engagements.services.concerns import (
    ensure_default_themes,
    record_concern,
    set_concern_status,
)
from engage.meetings.forms import ActionForm
from engage.meetings.services import add_action

COMPLAINTS_SESSION_KEY = "engagements_complaints_import"


def _ensure_themes(request: OfficeRequest) -> None:
    """An office's first visit gets the default taxonomy, to rename, retire or add to."""
    if not ConcernTheme.objects.for_office(request.office).exists():
        ensure_default_themes(request.office, by=request.user)


# Concerns


@login_required
def concern_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.view_concern", request.office)
    form = ConcernFilterForm(request.GET or None, office=request.office)
    filters = form.filters()
    page = Paginator(queries.concerns_for(request.office, filters), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "engagements/concerns/concern_list.html",
        {
            "form": form,
            "page": page,
            "theme_counts": queries.theme_counts(request.office, filters),
            "filtered": filters != queries.ConcernFilters(),
        },
    )


def _render_concern(
    request: OfficeRequest,
    concern: Concern,
    *,
    action_form: ActionForm | None = None,
    status_form: ConcernStatusForm | None = None,
) -> HttpResponse:
    action_form = action_form or ActionForm(office=request.office)
    status_form = status_form or ConcernStatusForm(initial={"status": concern.status})
    invalid = (action_form.is_bound and action_form.errors) or (
        status_form.is_bound and status_form.errors
    )
    return render(
        request,
        "engagements/concerns/concern_detail.html",
        {
            "concern": concern,
            "actions": list(concern.actions.all()),
            "action_form": action_form,
            "status_form": status_form,
            "decisions_fed": list(decisions_fed_by(concern))
            if request.user.has_perm("decisions.view_decision", concern)
            else None,
            "trail": audit_trail(concern)
            if request.user.has_perm("core.view_history", concern)
            else None,
        },
        status=400 if invalid else 200,
    )


@login_required
def concern_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    concern = get_for_office_or_404(queries.concern_detail(request.office), request, pk=pk)
    require_perm(request, "engagements.view_concern", concern)
    return _render_concern(request, concern)


@login_required
@require_http_methods(["GET", "POST"])
def concern_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.change_concern", request.office)
    _ensure_themes(request)
    form = ConcernForm(
        request.POST or None,
        office=request.office,
        initial={"raised_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        concern = record_concern(request.office, by=request.user, **form.cleaned_data)
        messages.success(request, _("Concern recorded."))
        return redirect(concern)
    return render(
        request,
        "engagements/concerns/concern_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def concern_action_add(request: OfficeRequest, pk: int) -> HttpResponse:
    concern = get_for_office_or_404(queries.concern_detail(request.office), request, pk=pk)
    require_perm(request, "engagements.change_concern", concern)
    form = ActionForm(request.POST, office=request.office)
    if not form.is_valid():
        return _render_concern(request, concern, action_form=form)
    action = add_action(concern, by=request.user, **form.cleaned_data)
    messages.success(request, _("Action added."))
    return redirect(action)


@login_required
@require_POST
def concern_status(request: OfficeRequest, pk: int) -> HttpResponse:
    concern = get_for_office_or_404(queries.concern_detail(request.office), request, pk=pk)
    require_perm(request, "engagements.change_concern", concern)
    form = ConcernStatusForm(request.POST)
    if not form.is_valid():
        return _render_concern(request, concern, status_form=form)
    set_concern_status(concern, form.cleaned_data["status"], by=request.user)
    messages.success(
        request,
        _("Status changed to “%(status)s”.")
        % {"status": ConcernStatus(form.cleaned_data["status"]).label},
    )
    return redirect(concern)


@login_required
def concerns_overdue(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.view_concern", request.office)
    page = Paginator(queries.overdue_concern_actions(request.office), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "engagements/concerns/overdue.html", {"page": page})


# Themes


@login_required
@require_http_methods(["GET", "POST"])
def theme_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.manage_themes", request.office)
    _ensure_themes(request)
    form = ThemeForm(request.POST or None, office=request.office)
    if request.method == "POST" and form.is_valid():
        theme = themes.add_theme(request.office, by=request.user, **form.cleaned_data)
        messages.success(request, _("Theme “%(name)s” added.") % {"name": theme.name})
        return redirect("engagements:themes")
    return render(
        request,
        "engagements/concerns/theme_list.html",
        {"themes": queries.themes_with_counts(request.office), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    theme = get_for_office_or_404(ConcernTheme, request, pk=pk)
    require_perm(request, "engagements.manage_themes", theme)
    form = ThemeForm(
        request.POST or None,
        office=request.office,
        theme=theme,
        initial={"name": theme.name, "description": theme.description},
    )
    if request.method == "POST" and form.is_valid():
        themes.rename_theme(theme, by=request.user, **form.cleaned_data)
        messages.success(request, _("Theme saved."))
        return redirect("engagements:themes")
    return render(
        request,
        "engagements/concerns/theme_form.html",
        {
            "theme": theme,
            "form": form,
            "merge_form": ThemeMergeForm(theme=theme),
            "trail": audit_trail(theme),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def theme_retire(request: OfficeRequest, pk: int) -> HttpResponse:
    theme = get_for_office_or_404(ConcernTheme, request, pk=pk)
    require_perm(request, "engagements.manage_themes", theme)
    if theme.is_active:
        themes.retire_theme(theme, by=request.user)
        messages.success(
            request,
            _("“%(name)s” retired: it stays on earlier concerns but is not offered for new ones.")
            % {"name": theme.name},
        )
    else:
        themes.reinstate_theme(theme, by=request.user)
        messages.success(request, _("“%(name)s” is in use again.") % {"name": theme.name})
    return redirect("engagements:themes")


@login_required
@require_POST
def theme_merge(request: OfficeRequest, pk: int) -> HttpResponse:
    theme = get_for_office_or_404(ConcernTheme, request, pk=pk)
    require_perm(request, "engagements.manage_themes", theme)
    merge_form = ThemeMergeForm(request.POST, theme=theme)
    if not merge_form.is_valid():
        return render(
            request,
            "engagements/concerns/theme_form.html",
            {
                "theme": theme,
                "form": ThemeForm(
                    office=request.office,
                    theme=theme,
                    initial={"name": theme.name, "description": theme.description},
                ),
                "merge_form": merge_form,
                "trail": audit_trail(theme),
            },
            status=400,
        )
    into = merge_form.cleaned_data["into"]
    name = theme.name
    result = themes.merge_themes(theme, into, by=request.user)
    messages.success(
        request,
        _(
            "“%(name)s” merged into “%(into)s”: %(concerns)d concerns, %(bookings)d surgery "
            "bookings and %(counts)d monthly complaint counts moved."
        )
        % {
            "name": name,
            "into": into.name,
            "concerns": result.concerns,
            "bookings": result.bookings,
            "counts": result.complaint_counts,
        },
    )
    return redirect("engagements:themes")


# Complaint counts


@login_required
def complaint_counts(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.view_concern", request.office)
    return render(
        request,
        "engagements/concerns/complaints.html",
        {"table": queries.complaint_table(request.office)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaints_import(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.import_complaints", request.office)
    form = ComplaintUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        stash_upload(
            request,
            COMPLAINTS_SESSION_KEY,
            form.cleaned_data["data"],
            form.cleaned_data["file"].name,
        )
        return redirect("engagements:complaints_import_preview")
    return render(
        request,
        "engagements/concerns/complaints_upload.html",
        {"form": form, "header": ",".join(complaints.HEADER)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaints_import_preview(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.import_complaints", request.office)
    stored = stashed_upload(request, COMPLAINTS_SESSION_KEY)
    if stored is None:
        messages.info(request, _("Upload the complaint counts file first."))
        return redirect("engagements:complaints_import")
    parsed = complaints.parse_complaints(stored.data, office=request.office)
    if request.method == "POST":
        if request.POST.get("digest") != stored.digest:
            messages.info(request, _("The file changed since you looked at it. Check it again."))
            return redirect("engagements:complaints_import_preview")
        if parsed.is_valid:
            result = complaints.import_complaint_counts(
                request.office, parsed, source=stored.filename, by=request.user
            )
            clear_upload(request, COMPLAINTS_SESSION_KEY)
            messages.success(
                request,
                _(
                    "Complaint counts imported: %(created)d added, %(updated)d changed, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("engagements:complaints")
    return render(
        request,
        "engagements/concerns/complaints_preview.html",
        _preview_context(request, parsed, stored.filename, stored.digest),
        status=200 if parsed.is_valid else 400,
    )


def _preview_context(
    request: OfficeRequest, parsed: complaints.ParsedComplaints, name: str, digest: str
) -> dict[str, Any]:
    existing = queries.existing_complaint_counts(
        request.office,
        ((row.theme.pk, row.month) for row in parsed.rows if row.theme and row.month),
    )
    rows = []
    for row in parsed.rows:
        before = existing.get((row.theme.pk, row.month)) if row.theme and row.month else None
        if row.errors:
            state = ""
        elif before is None:
            state = "new"
        elif before == row.count:
            state = "same"
        else:
            state = "changed"
        rows.append({"row": row, "before": before, "state": state})
    return {
        "parsed": parsed,
        "rows": rows,
        "name": name,
        "digest": digest,
        "error_items": [{"href": "", "text": text} for text in parsed.file_errors]
        + [{"href": f"#row-{row.row}", "text": e} for row in parsed.rows for e in row.errors],
        "new_count": sum(1 for r in rows if r["state"] == "new"),
        "changed_count": sum(1 for r in rows if r["state"] == "changed"),
        "same_count": sum(1 for r in rows if r["state"] == "same"),
    }
