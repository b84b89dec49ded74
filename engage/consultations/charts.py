"""Charts of consultation results, drawn on the server as SVG with matplotlib.

Every chart is a horizontal bar chart (one or two series side by side, or grouped bars for a
cross-tab), returned as SVG markup to put straight into a page or the PDF report. The pages always
show the chart's data table beside it; the chart carries a <title> and <desc> for screen readers.

The markup is made safe for a strict Content-Security-Policy (no `style` attributes, no <style>
element: matplotlib's inline styles become presentation attributes) and is deterministic: the
same figures give the same bytes, so the PDF report is reproducible and charts can be cached.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from matplotlib.figure import Figure

# GOV.UK colours with at least 3:1 contrast against white (WCAG 1.4.11, graphical objects).
PALETTE = ("#1d70b8", "#003078", "#d4351c", "#00703c", "#4c2c92", "#912b88", "#6f777b", "#b58840")
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
FONT = ["DejaVu Sans", "Arial", "Helvetica", "sans-serif"]
RC: dict[Any, Any] = {
    "svg.fonttype": "none",  # real <text>: searchable, selectable, read by screen readers
    "font.family": "sans-serif",
    "font.sans-serif": FONT,
    "font.size": 11,
    "text.color": TEXT,
    "axes.edgecolor": GRID,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
}
CACHE_SECONDS = 24 * 3600
VERSION = 3  # bump when the drawing changes, so cached charts are drawn again


@dataclass(frozen=True)
class Series:
    """One set of bars: its name in the legend and a value (or None: no bar) per category."""

    name: str
    values: tuple[float | None, ...]


def bar_chart(
    chart_id: str,
    *,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str = "%",
    maximum: float | None = 100.0,
) -> SafeString:
    """A horizontal bar chart, one row per category and one bar per series in each row.

    `chart_id` must be unique on the page (it prefixes the ids of the <title> and <desc>).
    """
    spec = {
        "v": VERSION,
        "id": chart_id,
        "title": title,
        "desc": desc,
        "categories": list(categories),
        "series": [[s.name, list(s.values)] for s in series],
        "unit": unit,
        "maximum": maximum,
    }
    key = (
        "consultations-chart:"
        + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        svg = _draw(spec)
        cache.set(key, svg, CACHE_SECONDS)
    return mark_safe(svg)  # noqa: S308 - built here from escaped text and matplotlib's own markup


def _wrap(label: str, width: int = 24) -> str:
    lines = textwrap.wrap(label, width) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], lines[2][: width - 1] + "…"]
    return "\n".join(lines)


def _format(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.0f}%"
    return f"{value:,.1f}".rstrip("0").rstrip(".") + unit


def _draw(spec: dict) -> str:
    categories: list[str] = spec["categories"]
    series: list[tuple[str, list[float | None]]] = spec["series"]
    unit: str = spec["unit"]
    lines_per_label = max([_wrap(c).count("\n") + 1 for c in categories] or [1])
    per_row = max(0.3 * len(series), 0.24 * lines_per_label) + 0.18
    height = 0.7 + per_row * max(len(categories), 1) + (0.35 if len(series) > 1 else 0)
    fig = Figure(figsize=(6.4, height))
    with matplotlib.rc_context(RC):
        bottom = (0.6 if len(series) > 1 else 0.35) / height
        top = 0.15 / height
        ax = fig.add_axes((0.36, bottom, 0.56, 1 - bottom - top))
        bar = 0.8 / max(len(series), 1)
        largest = 0.0
        for i, (name, values) in enumerate(series):
            ys = [row + (i - (len(series) - 1) / 2) * bar for row in range(len(categories))]
            widths = [v or 0.0 for v in values]
            largest = max([largest, *widths])
            bars = ax.barh(
                ys, widths, height=bar * 0.92, color=PALETTE[i % len(PALETTE)], label=name
            )
            for rect, value in zip(bars, values, strict=True):
                if value is None:
                    continue
                ax.annotate(
                    _format(value, unit),
                    (rect.get_width(), rect.get_y() + rect.get_height() / 2),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=9,
                )
        ax.set_yticks(range(len(categories)), [_wrap(c) for c in categories])
        ax.invert_yaxis()
        maximum = spec["maximum"] or (largest * 1.15 or 1.0)
        ax.set_xlim(0, max(maximum, largest * 1.12))
        ax.tick_params(axis="y", length=0)
        ax.tick_params(axis="x", labelsize=9)
        ax.xaxis.grid(True, color=GRID, linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        if unit == "%":
            ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0f}%")
        if len(series) > 1:
            fig.legend(
                loc="lower center",
                ncols=min(len(series), 4),
                frameon=False,
                fontsize=9,
                bbox_to_anchor=(0.5, 0.0),
            )
        out = io.StringIO()
        # A per-chart salt keeps matplotlib's clip-path ids unique on a page with many charts.
        with matplotlib.rc_context({"svg.hashsalt": spec["id"]}):
            fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _accessible(out.getvalue(), spec["id"], spec["title"], spec["desc"])


_STYLE = re.compile(r'\sstyle="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
_REFERENCE = re.compile(r'(?:url\(#|href="#)([^)"]+)')


def _attributes(match: re.Match[str]) -> str:
    """style="fill: #fff; font: 10px 'X'" → fill="#fff" … (presentation attributes pass CSP)."""
    pairs = []
    for declaration in match.group(1).split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        if name == "font-family":
            value = ", ".join(FONT)
        pairs.append(f'{name}="{escape(value)}"')
    return (" " + " ".join(pairs)) if pairs else ""


def _accessible(svg: str, chart_id: str, title: str, desc: str) -> str:
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    svg = _STYLE.sub(_attributes, svg)
    referenced = set(_REFERENCE.findall(svg))
    svg = _ID.sub(lambda m: m.group(0) if m.group(1) in referenced else "", svg)
    # Scale to the width of the page: keep the viewBox, drop the fixed size.
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r"<svg \1", svg, count=1)
    svg = svg.replace(
        "<svg ",
        f'<svg class="engage-chart" role="img" focusable="false" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'stroke-linejoin="round" stroke-linecap="butt" ',
        1,
    )
    head = svg.index(">") + 1
    return (
        svg[:head]
        + f'<title id="{chart_id}-title">{escape(title)}</title>'
        + f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        + svg[head:]
    ).strip()
