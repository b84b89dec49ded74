"""The quarterly engagement report to the Police and Crime Panel and the annual report, as PDF.

Both are made with WeasyPrint from one template (reports/pdf/report.html) and the dashboard's
own figures (`figures.figures_for`) for the same period, so the report and the dashboard agree.

The PDF is tagged (PDF/UA-1: the title and language of the document, headings in order, tables
with header cells, every chart a figure whose alternative text is its title) and reproducible: the
same data gives the same bytes, because its dates are the period's own (created on the last day
of the period) and its identifier is derived from the office, the report and the period.

Two sections come from other apps, each behind one context key of the template (None leaves the
section out):

- `not_heard_from`: "Who we have not heard from", the sentences of the largest gaps of
  `engage.planning.gaps.gap_analysis(office, end=period.end, months=3 or 12)`;
- `what_worked`: "What worked", each channel's figures from
  `engage.evaluation.queries.by_channel(office, start=period.start, end=period.end)`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from engage.core.models import Office
from engage.engagements.models import Activity
from engage.evaluation.queries import ChannelFigures, by_channel
from engage.planning.gaps import gap_analysis
from engage.reports import figures
from engage.reports.charts import reach_charts
from engage.reports.figures import Period

PANEL = "panel"
ANNUAL = "annual"
# The largest gaps the "Who we have not heard from" section lists.
GAPS_SHOWN = 5


def panel_filename(office: Office, year: int, number: int) -> str:
    return f"{office.slug}-panel-report-{figures.financial_year_label(year)}-q{number}.pdf"


def annual_filename(office: Office, year: int) -> str:
    return f"{office.slug}-annual-report-{figures.financial_year_label(year)}.pdf"


def not_heard_from(office: Office, period: Period, months: int) -> list[str]:
    """The sentences of the largest gaps in the `months` months to the end of the period
    (engage.planning's gap analysis: who was reached against the population)."""
    analysis = gap_analysis(office, end=period.end, months=months)
    return [gap.sentence for gap in analysis.largest(GAPS_SHOWN)]


def what_worked(office: Office, period: Period) -> list[ChannelFigures]:
    """Each channel's evaluation for the period (engage.evaluation: reach, cost per person,
    ratings, concerns and decisions, social media posts included)."""
    return by_channel(office, start=period.start, end=period.end)


def context(office: Office, period: Period, kind: str) -> dict[str, Any]:
    """What the template shows: the figures, their charts and the two connected sections."""
    found = figures.figures_for(office, period)
    months = 3 if kind == PANEL else 12
    if kind == PANEL:
        title = _("Engagement report to the Police and Crime Panel")
    else:
        title = _("Annual engagement report")
    return {
        "office": office,
        "kind": kind,
        "title": title,
        "period": period,
        "f": found,
        "charts": reach_charts(found),
        "ended": period.has_ended(),
        "not_heard_from": not_heard_from(office, period, months),
        "what_worked": what_worked(office, period),
    }


def render_pdf(office: Office, period: Period, kind: str) -> bytes:
    """The report as PDF bytes, in the active language."""
    # Imported here: WeasyPrint loads Pango and fonts, which only the reports need.
    from weasyprint import HTML

    language = (get_language() or "en-gb").split("-")[0]
    created = period.end.isoformat()
    html = render_to_string(
        "reports/pdf/report.html",
        {**context(office, period, kind), "language": language, "created": created},
    )
    identifier = hashlib.sha256(
        f"{office.pk}:{kind}:{period.start}:{period.end}:{language}".encode()
    ).hexdigest()[:32]
    return HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode()
    )


# -- what can be downloaded -------------------------------------------------------------------


def download_for(period: Period) -> tuple[str, list[int]] | None:
    """The URL name and arguments of the report of exactly these dates (a financial quarter or
    year), or None: the dashboard links to it."""
    year, number = figures.quarter_of(period.start)
    whole = figures.quarter(year, number)
    if (whole.start, whole.end) == (period.start, period.end):
        return "reports:panel_report", [year, number]
    whole = figures.financial_year(year)
    if (whole.start, whole.end) == (period.start, period.end):
        return "reports:annual_report", [year]
    return None


@dataclass(frozen=True)
class QuarterLink:
    year: int
    number: int
    period: Period
    ended: bool


@dataclass(frozen=True)
class YearLinks:
    year: int
    label: str
    period: Period
    ended: bool
    quarters: list[QuarterLink]

    @property
    def slug(self) -> str:
        return figures.financial_year_label(self.year)


def available(office: Office, today: dt.date | None = None) -> list[YearLinks]:
    """Every financial year from the office's first activity (or this year) to this one, newest
    first, each with its quarters that have begun. One query."""
    today = today or timezone.localdate()
    current = figures.financial_year_of(today)
    first = (
        Activity.objects.for_office(office)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    ).first()
    earliest = figures.financial_year_of(timezone.localdate(first)) if first else current
    years = []
    for year in range(current, max(earliest, current - 9) - 1, -1):
        quarters = [
            QuarterLink(year, n, q, q.has_ended(today))
            for n in (1, 2, 3, 4)
            if (q := figures.quarter(year, n)).start <= today
        ]
        whole = figures.financial_year(year)
        years.append(YearLinks(year, whole.label, whole, whole.has_ended(today), quarters))
    return years
