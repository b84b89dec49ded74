"""The data inventory for the staff who answer for the office's personal data, its CSV, and the
retention report (what is due now, and the log of runs)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from engage.core.access import OfficeRequest, require_perm
from engage.dataprotection import queries, retention
from engage.dataprotection.inventory import HISTORY, PURPOSES


@login_required
def inventory(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.view_inventory", request.office)
    held = queries.held(request.office)
    return render(
        request,
        "dataprotection/inventory.html",
        {
            "personal": [h for h in held if h.record.holds_personal_data],
            "other": [h for h in held if not h.record.holds_personal_data],
            "purposes": PURPOSES.values(),
            "history": HISTORY,
            "today": timezone.localdate(),
        },
    )


@login_required
def inventory_export(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.view_inventory", request.office)
    # The byte-order mark tells Excel the file is UTF-8.
    body = "\ufeff" + queries.inventory_csv(request.office)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"data-inventory-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def retention_report(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.view_retention", request.office)
    return render(
        request,
        "dataprotection/retention.html",
        {
            "due": retention.due(request.office),
            "runs": queries.retention_runs(request.office),
            "now": timezone.localtime(),
        },
    )
