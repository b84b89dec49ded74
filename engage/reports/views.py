"""Open data pages and files (thin views over `open_data`, cached as public pages); the staff
dashboard and the Panel and annual reports (over `figures` and `report`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from engage.core.access import OfficeRequest, require_perm
from engage.core.bilingual import welsh_active
from engage.core.models import Office
from engage.core.public_cache import public_page
from engage.reports import figures, open_data, report
from engage.reports.charts import reach_charts
from engage.reports.forms import DashboardFilterForm

# The files change when something is published; ten minutes old is fresh enough for data. The
# office's page shows how many rows each file has, so it is kept no longer than the files.
FILE_SECONDS = 600
INDEX_SECONDS = 3600


def _office(slug: str) -> Office:
    return get_object_or_404(Office, slug=slug)


def _dataset(slug: str) -> open_data.Dataset:
    found = open_data.DATASETS.get(slug)
    if found is None:
        raise Http404
    return found


@public_page(seconds=INDEX_SECONDS)
def open_data_index(request: HttpRequest) -> HttpResponse:
    """Every office on this installation, each with a link to its open data."""
    # `office` is None: the page belongs to no one office, even for a signed-in officer.
    return render(
        request,
        "reports/open_data_index.html",
        {"offices": Office.objects.order_by("name"), "office": None},
    )


@public_page(seconds=FILE_SECONDS)
def open_data_page(request: HttpRequest, office: str) -> HttpResponse:
    """The office's datasets: what each holds and its first rows, its columns, its licence,
    where to download it."""
    found = _office(office)
    return render(
        request,
        "reports/open_data.html",
        {
            "office": found,
            "datasets": open_data.published(found, request.build_absolute_uri),
            "licence_url": open_data.LICENCE_URL,
            "attribution": open_data.attribution(found),
            "welsh": welsh_active(),
        },
    )


def _file(extension: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Name the download (and let any site fetch it) outside the page cache, which keeps only a
    response's body and type: a cached copy is sent with the same headers."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def named(request: HttpRequest, office: str, dataset: str, **kwargs: Any) -> HttpResponse:
            response = view(request, office=office, dataset=dataset, **kwargs)
            if response.status_code == 200:
                disposition = "attachment" if extension == "csv" else "inline"
                response["Content-Disposition"] = (
                    f'{disposition}; filename="{office}-{dataset}.{extension}"'
                )
                # Open data, the same for everyone and never personal: other sites may read it.
                response["Access-Control-Allow-Origin"] = "*"
            return response

        return named

    return decorate


@_file("csv")
@public_page(seconds=FILE_SECONDS)
def open_data_csv(request: HttpRequest, office: str, dataset: str) -> HttpResponse:
    found, chosen = _office(office), _dataset(dataset)
    rows = chosen.rows(found, request.build_absolute_uri)
    return HttpResponse(
        open_data.as_csv(chosen, rows), content_type="text/csv; charset=utf-8; header=present"
    )


@_file("json")
@public_page(seconds=FILE_SECONDS)
def open_data_json(request: HttpRequest, office: str, dataset: str) -> HttpResponse:
    found, chosen = _office(office), _dataset(dataset)
    rows = chosen.rows(found, request.build_absolute_uri)
    return HttpResponse(
        open_data.as_json(chosen, found, rows, request.build_absolute_uri),
        content_type="application/json; charset=utf-8",
    )


# -- the staff dashboard and reports ------------------------------------------------------------


@login_required
def dashboard(request: OfficeRequest) -> HttpResponse:
    """The office's figures for a period and area, with charts and their tables (a GET form)."""
    require_perm(request, "reports.view_dashboard", request.office)
    # Always bound: with nothing chosen the form is valid and means this quarter, all areas.
    form = DashboardFilterForm(request.GET, office=request.office)
    chosen = form.chosen()
    found, download = None, None
    if chosen is not None:
        period, area = chosen
        found = figures.figures_for(request.office, period, area)
        linked = report.download_for(period)
        download = reverse(linked[0], args=linked[1]) if linked else None
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "f": found,
            "charts": reach_charts(found) if found else [],
            "ended": found.period.has_ended() if found else True,
            "download": download,
        },
    )


@login_required
def reports_page(request: OfficeRequest) -> HttpResponse:
    """The Panel report of each quarter and the annual report of each year, to download."""
    require_perm(request, "reports.download_reports", request.office)
    return render(request, "reports/reports.html", {"years": report.available(request.office)})


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def panel_report(request: OfficeRequest, year: int, quarter: int) -> HttpResponse:
    """The quarter's report to the Police and Crime Panel (financial quarters: Q1 is April to
    June)."""
    require_perm(request, "reports.download_reports", request.office)
    start = year
    period = figures.quarter(start, quarter)
    if period.start > timezone.localdate():
        raise Http404  # a quarter that has not begun has nothing to report
    return _pdf(
        report.render_pdf(request.office, period, report.PANEL),
        report.panel_filename(request.office, start, quarter),
    )


@login_required
def annual_report(request: OfficeRequest, year: int) -> HttpResponse:
    """The annual engagement report of the financial year starting in April `year`."""
    require_perm(request, "reports.download_reports", request.office)
    start = year
    period = figures.financial_year(start)
    if period.start > timezone.localdate():
        raise Http404
    return _pdf(
        report.render_pdf(request.office, period, report.ANNUAL),
        report.annual_filename(request.office, start),
    )
