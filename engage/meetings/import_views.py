"""The schedule import pages: upload a CSV, see how every row will be saved, then import it.

The uploaded bytes wait in the session between the two steps (core.uploads, at most 1 MB), so nothing
is saved until the person has seen the preview and pressed the button. The file is read again
when they press it: what is saved is always what the preview showed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from engage.core.access import require_perm
from engage.core.uploads import clear_upload, stash_upload, stashed_upload
from engage.meetings.forms import ScheduleUploadForm
from engage.meetings.schedule_import import (
    HEADER,
    ParsedSchedule,
    import_schedule,
    parse_schedule,
    preview_statuses,
)

SESSION_KEY = "meetings_schedule_import"


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    require_perm(request, "meetings.import_schedule", request.office)  # type: ignore[attr-defined]
    if request.method == "POST":
        form = ScheduleUploadForm(request.POST, request.FILES)
    else:
        form = ScheduleUploadForm()
    if form.is_bound and form.is_valid():
        stash_upload(
            request, SESSION_KEY, form.cleaned_data["data"], form.cleaned_data["file"].name
        )
        return redirect("meetings:import_preview")
    return render(
        request, "meetings/import_upload.html", {"form": form, "header": ",".join(HEADER)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest) -> HttpResponse:
    office = request.office  # type: ignore[attr-defined]
    require_perm(request, "meetings.import_schedule", office)
    stored = stashed_upload(request, SESSION_KEY)
    if stored is None:
        messages.info(request, _("Upload the schedule file first."))
        return redirect("meetings:import")
    data, name, digest = stored.data, stored.filename, stored.digest
    parsed = parse_schedule(data, office=office)
    if request.method == "POST":
        if request.POST.get("digest") != digest:
            # Another tab uploaded a different file since this preview was shown.
            messages.info(request, _("The file changed since you looked at it. Check it again."))
            return redirect("meetings:import_preview")
        if parsed.is_valid:
            result = import_schedule(office, parsed, by=request.user)  # type: ignore[arg-type]
            clear_upload(request, SESSION_KEY)
            messages.success(
                request,
                _(
                    "Schedule imported: %(created)d meeting series added, %(updated)d updated, "
                    "%(unchanged)d unchanged; %(meetings)d meetings added for the next 12 months."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "meetings": result.meetings,
                },
            )
            return redirect("meetings:schedule")
    return render(
        request,
        "meetings/import_preview.html",
        _preview_context(parsed, office=office, name=name, digest=digest),
    )


def _preview_context(
    parsed: ParsedSchedule, *, office: Any, name: str, digest: str
) -> dict[str, Any]:
    statuses = preview_statuses(office, parsed)
    error_items = [
        {"href": f"#row-{m.row}" if m.row and m.row > 1 else "", "text": m.text}
        for m in parsed.errors
    ]
    return {
        "parsed": parsed,
        "rows": [(row, statuses.get(row.row)) for row in parsed.rows],
        "file_errors": [m for m in parsed.file_messages],
        "error_items": error_items,
        "name": name,
        "digest": digest,
        "header": ",".join(HEADER),
        "new_count": sum(1 for s in statuses.values() if s == "new"),
        "changed_count": sum(1 for s in statuses.values() if s == "changed"),
    }
