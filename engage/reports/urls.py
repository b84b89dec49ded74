"""Open data: /open-data/, and each office's datasets under /open-data/<office>/. For staff: the
dashboard at /dashboard/ and the reports at /reports/ (/reports/panel/2026-27/q2.pdf,
/reports/annual/2025-26.pdf)."""

from django.urls import URLPattern, path, register_converter

from engage.reports import views
from engage.reports.figures import financial_year_label


class FinancialYear:
    """ "2026-27" ⇄ 2026: a financial year in a web address, as people write it."""

    regex = "[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> int:
        year = int(value[:4])
        if financial_year_label(year) != value:
            raise ValueError(value)  # "2026-28" is no financial year: not found
        return year

    def to_url(self, value: int) -> str:
        return financial_year_label(int(value))


class Quarter:
    regex = "[1-4]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(FinancialYear, "fy")
register_converter(Quarter, "quarter")

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("open-data/", views.open_data_index, name="open_data_index"),
    path("open-data/<slug:office>/", views.open_data_page, name="open_data"),
    path("open-data/<slug:office>/<slug:dataset>.csv", views.open_data_csv, name="open_data_csv"),
    path(
        "open-data/<slug:office>/<slug:dataset>.json", views.open_data_json, name="open_data_json"
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views.reports_page, name="reports"),
    path("reports/panel/<fy:year>/q<quarter:quarter>.pdf", views.panel_report, name="panel_report"),
    path("reports/annual/<fy:year>.pdf", views.annual_report, name="annual_report"),
]
