"""The reach charts of the dashboard and the reports, drawn by consultations.charts.bar_chart.

Each chart is shown with its data table (the same rows), and its <title> is the alternative text
the PDF carries. No second chart library: the bars, colours, CSP-safe markup and determinism are
the consultation charts' own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from engage.consultations.charts import Series, bar_chart
from engage.reports.figures import Figures, Reach


@dataclass(frozen=True)
class Chart:
    """A chart and its table: `rows` are what the bars show, with the activities behind them."""

    id: str
    title: str
    caption: str
    svg: SafeString | None  # None when there is nothing to draw
    first_header: str
    rows: list[Reach]

    @property
    def total_people(self) -> int:
        return sum(r.people for r in self.rows)

    @property
    def total_activities(self) -> int:
        return sum(r.activities for r in self.rows)


def _chart(chart_id: str, caption: str, title: str, first_header: str, rows: list[Reach]) -> Chart:
    desc = "; ".join(
        _("%(label)s: %(people)s people") % {"label": r.label, "people": f"{r.people:,}"}
        for r in rows
    )
    svg = None
    if any(r.people for r in rows):
        svg = bar_chart(
            chart_id,
            title=title,
            desc=desc,
            categories=[r.label for r in rows],
            series=[Series(_("People reached"), tuple(float(r.people) for r in rows))],
            unit="",
            maximum=None,
        )
    return Chart(chart_id, title, caption, svg, first_header, rows)


def reach_charts(f: Figures) -> list[Chart]:
    """People reached by month, by channel and by district, for the period of `f`."""
    return [
        _chart(
            "reach-by-month",
            _("People reached by month"),
            _("Chart: people reached by month"),
            _("Month"),
            f.by_month,
        ),
        _chart(
            "reach-by-channel",
            _("People reached by channel"),
            _("Chart: people reached by channel"),
            _("Channel"),
            f.by_channel,
        ),
        _chart(
            "reach-by-district",
            _("People reached by district"),
            _("Chart: people reached by district"),
            _("District"),
            f.by_district,
        ),
    ]
