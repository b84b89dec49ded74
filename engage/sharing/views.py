"""Staff pages for sharing between offices: benchmarks and the practice library.

Thin: check access, validate with a form, call one service or query, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.uploads import clear_upload, stash_upload, stashed_upload
from engage.engagements.models import Activity
from engage.sharing import benchmarks, library, queries, services
from engage.sharing.benchmarks import Quarter
from engage.sharing.forms import (
    CaseStudyForm,
    ExportForm,
    LibraryUploadForm,
    QuarterForm,
    SearchForm,
    StartFromActivityForm,
    UploadForm,
)
from engage.sharing.models import BenchmarkFile, CaseStudy

BENCHMARK_KEY = "sharing_benchmark_import"
LIBRARY_KEY = "sharing_library_import"


def _download(content: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def index(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "sharing.view", request.office)
    return render(
        request,
        "sharing/index.html",
        {
            "files": queries.benchmark_files(request.office)[:5],
            "file_count": queries.benchmark_files(request.office).count(),
            "case_studies": queries.case_studies(request.office)[:5],
            "case_count": queries.case_studies(request.office).count(),
        },
    )


@require_GET
def benchmark_schema(request: HttpRequest) -> HttpResponse:
    """The format's JSON Schema, for anyone (another office's system) to validate against."""
    return HttpResponse(benchmarks.SCHEMA_PATH.read_bytes(), content_type="application/schema+json")


@require_GET
def case_study_schema(request: HttpRequest) -> HttpResponse:
    return HttpResponse(library.SCHEMA_PATH.read_bytes(), content_type="application/schema+json")


# Benchmarks


@login_required
def benchmark_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "sharing.view", request.office)
    today = timezone.localdate()
    with_files = queries.quarters_with_files(request.office)
    default = with_files[0] if with_files else Quarter.last_complete(today)
    form = QuarterForm(request.GET or None, today=today, extra=with_files)
    quarter = form.chosen(default)
    return render(
        request,
        "sharing/benchmarks.html",
        {
            "form": form,
            "quarter": quarter,
            "table": queries.comparison(request.office, quarter),
            "files": queries.benchmark_files(request.office),
            "force_area": queries.force_area(request.office),
        },
    )


@login_required
def benchmark_export(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "sharing.export_benchmarks", request.office)
    today = timezone.localdate()
    form = ExportForm(request.GET or None, today=today)
    area = queries.force_area(request.office)
    if form.is_bound and form.is_valid() and area is not None and area.ons_code:
        quarter = form.chosen(Quarter.last_complete(today))
        doc = queries.benchmark_figures(request.office, quarter)
        if form.cleaned_data["format"] == "csv":
            return _download(
                benchmarks.to_csv(doc), benchmarks.filename(doc, "csv"), "text/csv; charset=utf-8"
            )
        return _download(
            benchmarks.to_json(doc), benchmarks.filename(doc, "json"), "application/json"
        )
    return render(
        request,
        "sharing/benchmark_export.html",
        {"form": form, "force_area": area, "suppress_below": benchmarks.SUPPRESS_BELOW},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_import(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "sharing.import_benchmarks", request.office)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, name = form.cleaned_data["data"], form.cleaned_data["file"].name
        parsed = benchmarks.read_file(data, name)
        if parsed.is_valid:
            stash_upload(request, BENCHMARK_KEY, data, name)
            return redirect("sharing:benchmark_import_preview")
        for error in parsed.errors:
            form.add_error("file", error)
    return render(
        request,
        "sharing/benchmark_import.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_import_preview(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "sharing.import_benchmarks", request.office)
    stored = stashed_upload(request, BENCHMARK_KEY)
    if stored is None:
        messages.info(request, _("Upload the benchmark file first."))
        return redirect("sharing:benchmark_import")
    parsed = benchmarks.read_file(stored.data, stored.filename)
    if not parsed.is_valid or parsed.document is None:
        clear_upload(request, BENCHMARK_KEY)
        return redirect("sharing:benchmark_import")
    doc = parsed.document
    existing = (
        queries.benchmark_files(request.office)
        .filter(
            source_code=doc["office"]["force_area_code"],
            financial_year=doc["quarter"]["financial_year"],
            quarter=doc["quarter"]["quarter"],
        )
        .first()
    )
    if request.method == "POST":
        if request.POST.get("digest") != stored.digest:
            messages.info(request, _("The file changed since you looked at it. Check it again."))
            return redirect("sharing:benchmark_import_preview")
        kept, created = services.import_benchmark_file(
            request.office, parsed, filename=stored.filename, by=request.user
        )
        clear_upload(request, BENCHMARK_KEY)
        text = (
            _("%(office)s's figures for %(quarter)s imported.")
            if created
            else _("%(office)s's figures for %(quarter)s replaced with the new file.")
        )
        quarter = parsed.quarter
        messages.success(
            request,
            text % {"office": kept.source_name, "quarter": quarter.label if quarter else ""},
        )
        return redirect(f"{reverse('sharing:benchmarks')}?quarter={quarter}")
    titles = benchmarks.measure_titles()
    return render(
        request,
        "sharing/benchmark_preview.html",
        {
            "doc": doc,
            "quarter": parsed.quarter,
            "measures": [
                (
                    titles.get(m["measure"], m["measure"]),
                    queries.category_label(m["measure"], m["category"]),
                    m,
                )
                for m in doc["measures"]
            ],
            "digest": stored.digest,
            "name": stored.filename,
            "existing": existing,
        },
    )


@login_required
@require_POST
def benchmark_remove(request: OfficeRequest, pk: int) -> HttpResponse:
    benchmark = get_for_office_or_404(BenchmarkFile, request, pk=pk)
    require_perm(request, "sharing.import_benchmarks", benchmark)
    services.remove_benchmark_file(benchmark, by=request.user)
    messages.success(request, _("%(file)s removed.") % {"file": benchmark})
    return redirect("sharing:benchmarks")


# The practice library


@login_required
def library_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "sharing.view", request.office)
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    found = queries.search_case_studies(request.office, text)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "sharing/library.html",
        {
            "form": form,
            "page": page,
            "text": text,
            "start_form": StartFromActivityForm(office=request.office),
        },
    )


@login_required
def case_study_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    case = get_for_office_or_404(queries.case_studies(request.office), request, pk=pk)
    require_perm(request, "sharing.view", case)
    return render(request, "sharing/case_study.html", {"case": case})


@login_required
@require_http_methods(["GET", "POST"])
def case_study_new(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "sharing.change_case_study", request.office)
    activity = None
    start = StartFromActivityForm(request.GET or None, office=request.office)
    if "activity" in request.GET:
        if start.is_valid():
            activity = start.cleaned_data["activity"]
        else:
            messages.info(request, _("Choose an activity from the list to write it up."))
            return redirect("sharing:library")
    initial = queries.draft_from_activity(activity) if activity is not None else {}
    form = CaseStudyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {**form.cleaned_data, "activity": _posted_activity(request)}
        case = services.write_case_study(request.office, fields, by=request.user)
        messages.success(request, _("Case study “%(title)s” saved.") % {"title": case.title})
        return redirect(case)
    return render(
        request,
        "sharing/case_study_form.html",
        {"form": form, "activity": activity or _posted_activity(request), "case": None},
        status=400 if form.errors else 200,
    )


def _posted_activity(request: OfficeRequest) -> Activity | None:
    """The activity a new case study is written up from (a hidden field of its form)."""
    if not request.POST.get("activity"):
        return None
    chosen = StartFromActivityForm({"activity": request.POST["activity"]}, office=request.office)
    return chosen.cleaned_data["activity"] if chosen.is_valid() else None


@login_required
@require_http_methods(["GET", "POST"])
def case_study_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    case = get_for_office_or_404(CaseStudy, request, pk=pk)
    require_perm(request, "sharing.change_case_study", case)
    form = CaseStudyForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        services.edit_case_study(case, dict(form.cleaned_data), by=request.user)
        messages.success(request, _("Case study “%(title)s” saved.") % {"title": case.title})
        return redirect(case)
    return render(
        request,
        "sharing/case_study_form.html",
        {"form": form, "activity": case.activity, "case": case},
        status=400 if form.errors else 200,
    )


@login_required
def case_study_export(request: OfficeRequest, pk: int) -> HttpResponse:
    case = get_for_office_or_404(queries.case_studies(request.office), request, pk=pk)
    require_perm(request, "sharing.export_case_studies", case)
    doc = library.export_document(request.office, [case], today=timezone.localdate())
    return _download(library.to_json(doc), f"case-study-{case.uid}.json", "application/json")


@login_required
def library_export(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "sharing.export_case_studies", request.office)
    cases = list(queries.case_studies(request.office).filter(published=True).order_by("title"))
    if not cases:
        messages.info(
            request, _("Publish a case study first: the export holds the published ones.")
        )
        return redirect("sharing:library")
    doc = library.export_document(request.office, cases, today=timezone.localdate())
    return _download(
        library.to_json(doc),
        f"case-studies-{request.office.slug}-{timezone.localdate()}.json",
        "application/json",
    )


@login_required
@require_http_methods(["GET", "POST"])
def library_import(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "sharing.import_case_studies", request.office)
    form = LibraryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, name = form.cleaned_data["data"], form.cleaned_data["file"].name
        parsed = library.read_file(data)
        if parsed.is_valid:
            stash_upload(request, LIBRARY_KEY, data, name)
            return redirect("sharing:library_import_preview")
        for error in parsed.errors:
            form.add_error("file", error)
    return render(
        request, "sharing/library_import.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def library_import_preview(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "sharing.import_case_studies", request.office)
    stored = stashed_upload(request, LIBRARY_KEY)
    if stored is None:
        messages.info(request, _("Upload the case studies file first."))
        return redirect("sharing:library_import")
    parsed = library.read_file(stored.data)
    if not parsed.is_valid:
        clear_upload(request, LIBRARY_KEY)
        return redirect("sharing:library_import")
    if request.method == "POST":
        if request.POST.get("digest") != stored.digest:
            messages.info(request, _("The file changed since you looked at it. Check it again."))
            return redirect("sharing:library_import_preview")
        result = services.import_case_studies(
            request.office, parsed, filename=stored.filename, by=request.user
        )
        clear_upload(request, LIBRARY_KEY)
        messages.success(
            request,
            _("Case studies imported: %(added)d added, %(updated)d updated.")
            % {"added": result.added, "updated": result.updated},
        )
        return redirect("sharing:library")
    known = set(
        queries.case_studies(request.office)
        .filter(uid__in=[e["id"] for e in parsed.entries])
        .values_list("uid", flat=True)
    )
    return render(
        request,
        "sharing/library_preview.html",
        {
            "doc": parsed.document,
            "entries": [(e, any(str(k) == e["id"] for k in known)) for e in parsed.entries],
            "digest": stored.digest,
            "name": stored.filename,
        },
    )
