"""Places pages: the area tree, an area with its populations, and the census import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.core.uploads import clear_upload, stash_upload, stashed_upload
from engage.places import queries, services
from engage.places.forms import ConfirmImportForm, ForceAreaForm, PopulationUploadForm
from engage.places.models import Area, Dimension

# The uploaded file waits in the session between the preview and the confirmation.
SESSION_KEY = "places_import"
SHOWN_DIMENSIONS = (Dimension.AGE_BAND, Dimension.SEX, Dimension.ETHNIC_GROUP)


@login_required
def area_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "places.view_area", request.office)
    nodes = [node for root in queries.area_tree(request.office) for node in root.walk()]
    return render(request, "places/area_list.html", {"nodes": nodes})


@login_required
def area_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    area = get_for_office_or_404(Area.objects.select_related("parent"), request, pk=pk)
    require_perm(request, "places.view_area", area)
    context = {
        "area": area,
        "total": queries.population_of(area, Dimension.AGE_BAND),
        "tables": [queries.population_of(area, d) for d in SHOWN_DIMENSIONS],
        "share": (
            queries.share_percent(area.population_share)
            if area.population_share is not None
            else ""
        ),
        "children": queries.children_of(area),
        "trail": audit_trail(area),
    }
    return render(request, "places/area_detail.html", context)


def _import_page(
    request: OfficeRequest,
    upload_form: PopulationUploadForm | None = None,
    force_area_form: ForceAreaForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "places/import.html",
        {
            "form": upload_form or PopulationUploadForm(),
            "force_area_form": force_area_form or ForceAreaForm(),
        },
    )


@login_required
def import_population(request: OfficeRequest) -> HttpResponse:
    """Upload a census file and see what it will import; nothing is saved until confirmed."""
    office = request.office
    require_perm(request, "places.import_population", office)
    if request.method != "POST":
        return _import_page(request)
    form = PopulationUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, upload_form=form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    preview = queries.preview_population(office, data, filename=upload.name)
    if preview.ok:
        digest = stash_upload(request, SESSION_KEY, data, upload.name).digest
    else:
        digest = ""
        clear_upload(request, SESSION_KEY)
    return render(
        request,
        "places/import_preview.html",
        {
            "preview": preview,
            "confirm_form": ConfirmImportForm(initial={"digest": digest}),
            "form": PopulationUploadForm(),
        },
    )


@login_required
@require_POST
def import_confirm(request: OfficeRequest) -> HttpResponse:
    office = request.office
    require_perm(request, "places.import_population", office)
    stored = stashed_upload(request, SESSION_KEY)
    form = ConfirmImportForm(request.POST, stored=stored)
    if not form.is_valid() or stored is None:
        for error in form.errors.get("digest", []):
            messages.error(request, str(error))
        return redirect("places:import")
    result = services.import_population(
        office,
        stored.data,
        by=request.user,
        filename=stored.filename,
    )
    if not result.ok:
        # The office's areas changed since the preview: show why, keep the file for a retry.
        return render(
            request,
            "places/import_preview.html",
            {"preview": result, "form": PopulationUploadForm()},
        )
    clear_upload(request, SESSION_KEY)
    messages.success(request, result.summary())
    return redirect("places:list")


@login_required
@require_POST
def build_force_area(request: OfficeRequest) -> HttpResponse:
    """Create the force area and its districts from the ONS lookup, by the force area's code."""
    office = request.office
    require_perm(request, "places.import_population", office)
    form = ForceAreaForm(request.POST, request.FILES)
    if form.is_valid():
        lookup = form.cleaned_data["lookup"]
        data = lookup.read() if lookup else services.DEFAULT_LOOKUP.read_bytes()
        result = services.build_force_area(
            office, data, form.cleaned_data["pfa_code"], by=request.user
        )
        if result.ok and result.force_area is not None:
            messages.success(request, result.summary())
            return redirect(result.force_area)
        # With the shipped lookup only the code can be wrong; with an upload, the file too.
        for message in result.error_messages:
            form.add_error("lookup" if lookup else "pfa_code", message)
    return _import_page(request, force_area_form=form)
