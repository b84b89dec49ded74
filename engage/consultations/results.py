"""How an analysis result (Run.result, see analysis.py) reads on a page, in the PDF and in exports.

`present(...)` turns the stored result into rows ready for the templates: figures formatted,
labels in the reader's language, each figure's base stated, a chart per table, and, for anything
published, small cells (fewer than SMALL_CELL people) suppressed together with one more cell
wherever the suppressed one could otherwise be worked out by subtraction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import formats
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.consultations import charts
from engage.consultations.models import (
    Consultation,
    Option,
    Question,
    Run,
    Statement,
    StatementStatus,
    Theme,
)

# The same threshold as analysis.SMALL_CELL; kept here so pages need not import the analysis.
SMALL_CELL = 10

CROSSTAB_DIMENSIONS = {
    "area": gettext_lazy("District"),
    "age_band": gettext_lazy("Age"),
    "sex": gettext_lazy("Sex"),
    "ethnic_group": gettext_lazy("Ethnic group"),
    "disability": gettext_lazy("Disability"),
}
# How each weighting dimension reads in the sentence "weighted … by age, sex and district".
DIMENSION_WORDS = {
    "age_band": gettext_lazy("age"),
    "sex": gettext_lazy("sex"),
    "ethnic_group": gettext_lazy("ethnic group"),
    "area": gettext_lazy("district"),
    "disability": gettext_lazy("disability"),
}


def number(value: float | int | None, places: int = 0) -> str:
    """1,874 or 3.3 in the reader's locale; '' for nothing."""
    if value is None:
        return ""
    # Half up from the decimal digits as written (2.95 → 3.0), not from the binary float.
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return formats.number_format(exact, places, use_l10n=True, force_grouping=True)


def percent(value: float | None) -> str:
    return "" if value is None else f"{number(value, 1)}%"


def join_words(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("%(list)s and %(last)s") % {"list": ", ".join(words[:-1]), "last": words[-1]}


@dataclass
class Figure:
    """One row of a results table: a count, its percentage and weighted percentage."""

    label: str
    n: int | None
    pct: float | None = None
    weighted_pct: float | None = None
    moe: float | None = None
    small: bool = False  # fewer than SMALL_CELL people: marked on staff pages
    suppressed: bool = False  # not shown: published, and small (or would reveal a small one)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def n_text(self) -> str:
        return number(self.n)

    @property
    def pct_text(self) -> str:
        return percent(self.pct)

    @property
    def weighted_pct_text(self) -> str:
        return percent(self.weighted_pct)

    @property
    def moe_text(self) -> str:
        return "" if self.moe is None else f"±{number(self.moe, 1)}"


def suppress(figures: list[Figure], *, published: bool, total: int | None = None) -> None:
    """Mark small figures; when published, hide them, and one more if the rest would reveal it.

    `total`, when the figures are mutually exclusive and add up to it, is shown beside them: a
    single hidden figure could then be worked out by subtraction, so the next smallest is hidden
    as well.
    """
    for figure in figures:
        figure.small = figure.n is not None and figure.n < SMALL_CELL
        figure.suppressed = published and figure.small
    if not published or total is None:
        return
    hidden = [f for f in figures if f.suppressed]
    counts = [f.n or 0 for f in figures]
    if len(hidden) == 1 and len(figures) > 1 and sum(counts) == total:
        shown = sorted((f for f in figures if not f.suppressed), key=lambda f: f.n or 0)
        shown[0].suppressed = True


@dataclass
class Crosstab:
    dimension: str
    title: str
    keys: list[Any]
    labels: list[str]
    groups: list[dict[str, Any]]  # label, n, weighted_n, suppressed, small, figures
    chart: str = ""


@dataclass
class QuestionResult:
    id: int
    number: int
    kind: str
    text: str
    n: int
    weighted_n: float | None
    suppressed: bool
    figures: list[Figure]
    mean: dict[str, Any] | None
    ranking: list[dict[str, Any]] | None
    crosstabs: dict[str, Any]
    crosstab: Crosstab | None
    themes: list[dict[str, Any]]
    themes_hidden: int
    opinion: dict[str, Any] | None
    chart: str = ""

    @property
    def base_text(self) -> str:
        if self.suppressed:
            return _("Fewer than %(n)s people answered.") % {"n": SMALL_CELL}
        if self.weighted_n is None:
            return _("Base: %(n)s people answered.") % {"n": number(self.n)}
        return _("Base: %(n)s people answered (weighted base %(wn)s).") % {
            "n": number(self.n),
            "wn": number(self.weighted_n, 1),
        }

    @property
    def has_chart(self) -> bool:
        return bool(self.chart)


@dataclass
class Results:
    consultation: Consultation
    run: Run
    computed_at: dt.datetime | None
    base: dict[str, Any]
    base_line: str
    weighted: bool
    note: str
    representativeness: list[dict[str, Any]]
    questions: list[QuestionResult]
    published: bool
    crosstab_dimension: str
    any_small: bool = False


def base_line(result: dict[str, Any], consultation: Consultation) -> str:
    """'2,013 responses; 1,874 with the about-you answers, weighted to … margin of error ±3.0'."""
    base = result.get("base", {})
    weighting = result.get("weighting") or {}
    parts = [_("%(n)s responses") % {"n": number(base.get("responses", 0))}]
    if base.get("weighted"):
        source = (weighting.get("source") or "Census 2021").split(" (")[0].strip()
        place = consultation.area.name if consultation.area else _("the area")
        dims = [str(DIMENSION_WORDS.get(d, d)) for d in weighting.get("dimensions", [])]
        parts.append(
            _(
                "%(complete)s with the about-you answers, weighted to the %(source)s population "
                "of %(place)s by %(dimensions)s"
            )
            % {
                "complete": number(base.get("with_demographics", 0)),
                "source": source,
                "place": place,
                "dimensions": join_words(dims),
            }
        )
        parts.append(_("effective sample size %(n)s") % {"n": number(base.get("effective_n"))})
        parts.append(_("design effect %(d)s") % {"d": number(base.get("design_effect"), 2)})
    else:
        parts.append(_("not weighted"))
    if base.get("margin_of_error") is not None:
        parts.append(
            _("margin of error ±%(moe)s points") % {"moe": number(base["margin_of_error"], 1)}
        )
    return "; ".join(parts)


def present(
    consultation: Consultation,
    run: Run,
    *,
    published: bool = False,
    crosstab: str = "",
    with_charts: bool = True,
) -> Results:
    """The run's result ready to show. `published` suppresses small cells; `crosstab` names the
    demographic dimension to break each question down by ('' for none)."""
    result = run.result or {}
    questions = {q.pk: q for q in consultation.questions.all()}
    options = {
        o.pk: o.local_label for o in Option.objects.filter(question__consultation=consultation)
    }
    # Published, a statement is shown only once moderated and approved: one rejected after it
    # had votes (e.g. in an imported conversation) still counts in the groups, unseen.
    shown = Statement.objects.filter(question__consultation=consultation)
    if published:
        shown = shown.filter(status=StatementStatus.APPROVED)
    statements = {s.pk: s.local_text for s in shown}
    # Themes are named as the analysts name them now: a rename needs no new analysis.
    theme_labels = dict(
        Theme.objects.filter(question__consultation=consultation).values_list("pk", "label")
    )
    base = result.get("base", {})
    out = Results(
        consultation=consultation,
        run=run,
        computed_at=parse_datetime(result.get("computed_at") or "") or run.finished_at,
        base=base,
        base_line=base_line(result, consultation),
        weighted=bool(base.get("weighted")),
        note=base.get("note", ""),
        representativeness=_representativeness(
            result.get("representativeness", []), published, with_charts
        ),
        questions=[],
        published=published,
        crosstab_dimension=crosstab if crosstab in CROSSTAB_DIMENSIONS else "",
    )
    for number_, data in enumerate(result.get("questions", []), start=1):
        question = questions.get(data["id"])
        out.questions.append(
            _question(number_, data, question, options, statements, theme_labels, out, with_charts)
        )
    out.any_small = any(f.small for q in out.questions for f in q.figures) or any(
        r["small"] for d in out.representativeness for r in d["rows"]
    )
    return out


def _label(kind: str, key: Any, fallback: str, options: dict[int, str]) -> str:
    if kind in ("single", "multiple", "ranking", "precept") and isinstance(key, int):
        return options.get(key, fallback)
    return fallback


def _question(
    position: int,
    data: dict[str, Any],
    question: Question | None,
    options: dict[int, str],
    statements: dict[int, str],
    theme_labels: dict[int, str],
    results: Results,
    with_charts: bool,
) -> QuestionResult:
    published = results.published
    kind = data["kind"]
    n = int(data.get("n") or 0)
    figures = [
        Figure(
            label=_label(kind, row["key"], row["label"], options),
            n=row["n"],
            pct=row.get("pct"),
            weighted_pct=row.get("weighted_pct"),
            moe=row.get("moe"),
            extra={"key": row["key"]},
        )
        for row in data.get("results") or []
        # Statement voting: the agreement with each statement shows in the opinion table.
        if kind != "statements"
    ]
    exclusive = kind in ("single", "precept", "scale")
    suppress(figures, published=published, total=n if exclusive else None)
    hidden = published and n < SMALL_CELL
    mean = data.get("mean")
    if mean:
        mean = {
            **mean,
            "mean_text": number(mean.get("mean"), 2),
            "weighted_mean_text": number(mean.get("weighted_mean"), 2),
            "median_text": number(mean.get("median"), 2) if mean.get("median") is not None else "",
            "suppressed": published and (mean.get("n") or 0) < SMALL_CELL,
        }
    ranking = [
        {
            **r,
            "label": _label("ranking", r["key"], r["label"], options),
            "mean_rank_text": number(r.get("mean_rank"), 2),
            "weighted_mean_rank_text": number(r.get("weighted_mean_rank"), 2),
            "first_text": number(r.get("first")),
            "first_suppressed": published and (r.get("first") or 0) < SMALL_CELL,
        }
        for r in data.get("ranking") or []
    ] or None
    themes, themes_hidden = _themes(data.get("themes") or [], theme_labels, published)
    item = QuestionResult(
        id=data["id"],
        number=position,
        kind=kind,
        text=question.local_text if question else data.get("text", ""),
        n=n,
        weighted_n=data.get("weighted_n") if results.weighted else None,
        suppressed=hidden,
        figures=figures,
        mean=mean,
        ranking=ranking,
        crosstabs=data.get("crosstabs") or {},
        crosstab=None,
        themes=themes,
        themes_hidden=themes_hidden,
        opinion=_opinion(
            data.get("opinion"),
            statements,
            published,
            weighted_agree={
                str(row["key"]): row.get("weighted_pct")
                for row in data.get("results") or []
                if results.weighted
            },
        ),
    )
    if hidden:
        return item
    dimension = results.crosstab_dimension
    if dimension and item.crosstabs.get(dimension):
        item.crosstab = _crosstab(item, dimension, item.crosstabs[dimension], published)
    if with_charts:
        item.chart = _question_chart(item, results.weighted)
        if item.crosstab:
            item.crosstab.chart = _crosstab_chart(item, item.crosstab, results.weighted)
    return item


def _chart_value(figure: Figure, weighted: bool) -> float | None:
    if figure.suppressed:
        return None
    if weighted and figure.weighted_pct is not None:
        return figure.weighted_pct
    return figure.pct


def _question_chart(item: QuestionResult, weighted: bool) -> str:
    shown = item.figures
    if not shown:
        return ""
    labels = [
        f.label + (" " + _("(fewer than %(n)s)") % {"n": SMALL_CELL} if f.suppressed else "")
        for f in shown
    ]
    series = [charts.Series(_("Responses"), tuple(None if f.suppressed else f.pct for f in shown))]
    if weighted and any(f.weighted_pct is not None for f in shown):
        series.append(
            charts.Series(
                _("Weighted"), tuple(None if f.suppressed else f.weighted_pct for f in shown)
            )
        )
    described = "; ".join(
        f"{f.label}: "
        + (
            _("fewer than %(n)s") % {"n": SMALL_CELL}
            if f.suppressed
            else f.pct_text
            + (
                (" " + _("(weighted %(pct)s)") % {"pct": f.weighted_pct_text})
                if weighted and f.weighted_pct is not None
                else ""
            )
        )
        for f in shown
    )
    return charts.bar_chart(
        f"chart-q{item.id}",
        title=_("Chart: %(question)s") % {"question": item.text},
        desc=_("Bar chart of the percentage giving each answer. %(figures)s. %(base)s")
        % {"figures": described, "base": item.base_text},
        categories=labels,
        series=series,
    )


def _crosstab(
    item: QuestionResult, dimension: str, groups: list[dict[str, Any]], published: bool
) -> Crosstab:
    keys = [f.extra["key"] for f in item.figures]
    labels = [f.label for f in item.figures]
    exclusive = item.kind in ("single", "precept", "scale")
    rows = []
    for group in groups:
        cells = {c["key"]: c for c in group.get("cells", [])}
        figures = [
            Figure(
                label=label,
                n=cells.get(key, {}).get("n", 0),
                pct=cells.get(key, {}).get("pct"),
                weighted_pct=cells.get(key, {}).get("weighted_pct"),
            )
            for key, label in zip(keys, labels, strict=True)
        ]
        group_n = int(group.get("n") or 0)
        suppress(figures, published=published, total=group_n if exclusive else None)
        small = group_n < SMALL_CELL
        if published and small:
            for figure in figures:
                figure.suppressed = True
        rows.append(
            {
                "label": group.get("label", group.get("group")),
                "n": group_n,
                "n_text": number(group_n),
                "weighted_n_text": number(group.get("weighted_n"), 1),
                "small": small,
                "suppressed": published and small,
                "figures": figures,
            }
        )
    return Crosstab(
        dimension=dimension,
        title=str(CROSSTAB_DIMENSIONS[dimension]),
        keys=keys,
        labels=labels,
        groups=rows,
    )


def _crosstab_chart(item: QuestionResult, crosstab: Crosstab, weighted: bool) -> str:
    rows = [g for g in crosstab.groups if not g["suppressed"]]
    if not rows or not crosstab.labels:
        return ""
    series = [
        charts.Series(
            label,
            tuple(_chart_value(g["figures"][i], weighted) for g in rows),
        )
        for i, label in enumerate(crosstab.labels)
    ]
    what = _("weighted percentage") if weighted else _("percentage")
    return charts.bar_chart(
        f"chart-q{item.id}-{crosstab.dimension}",
        title=_("Chart: %(question)s, by %(dimension)s")
        % {"question": item.text, "dimension": crosstab.title.lower()},
        desc=_(
            "Grouped bar chart of the %(what)s giving each answer in each group; the table "
            "beside it has the figures."
        )
        % {"what": what},
        categories=[str(g["label"]) for g in rows],
        series=series,
    )


def _themes(
    themes: list[dict[str, Any]], labels: dict[int, str], published: bool
) -> tuple[list[dict[str, Any]], int]:
    shown, hidden = [], 0
    for theme in themes:
        small = (theme.get("n") or 0) < SMALL_CELL
        if published and small:
            hidden += 1
            continue
        shown.append(
            {
                **theme,
                "label": labels.get(theme.get("id"), theme.get("label", "")),  # type: ignore[arg-type]
                # Verbatim answers may name people or places; nothing a respondent wrote is
                # published until a moderation step exists (issue 8), so the public sees none.
                "quotes": [] if published else theme.get("quotes") or [],
                "n_text": number(theme.get("n")),
                "pct_text": percent(theme.get("pct")),
                "small": small,
            }
        )
    return shown, hidden


def _opinion(
    opinion: dict[str, Any] | None,
    statements: dict[int, str],
    published: bool,
    weighted_agree: dict[str, float | None],
) -> dict[str, Any] | None:
    if not opinion:
        return None

    def text(pk: Any, fallback: str) -> str:
        return statements.get(pk, fallback) if isinstance(pk, int) else fallback

    def seen(pk: Any) -> bool:
        return not published or pk in statements

    groups = [
        {
            "id": g["id"],
            "name": _("Group %(letter)s") % {"letter": _letter(g["id"])},
            "size": g["size"],
            "size_text": number(g["size"]),
            "small": g["size"] < SMALL_CELL,
            "suppressed": published and g["size"] < SMALL_CELL,
            "defining": [
                {
                    **s,
                    "text": text(s["statement"], s.get("text", "")),
                    "disagrees": s.get("direction") == "disagree",
                    "in_text": percent(
                        s.get("disagree_in" if s.get("direction") == "disagree" else "agree_in")
                    ),
                    "out_text": percent(
                        s.get("disagree_out" if s.get("direction") == "disagree" else "agree_out")
                    ),
                }
                for s in opinion.get("group_statements", [])
                if s["group"] == g["id"] and seen(s["statement"])
            ],
        }
        for g in opinion.get("groups", [])
    ]
    group_ids = [g["id"] for g in groups]
    rows = []
    for s in opinion.get("statements", []):
        if not seen(s["id"]):
            continue
        votes = s.get("votes") or 0
        by_group = []
        for gid in group_ids:
            cell = (s.get("by_group") or {}).get(str(gid)) or (s.get("by_group") or {}).get(gid)
            cell_n = (cell or {}).get("n") or 0
            by_group.append(
                {
                    "agree_text": percent((cell or {}).get("agree")),
                    "disagree_text": percent((cell or {}).get("disagree")),
                    "n_text": number(cell_n),
                    "small": cell is not None and cell_n < SMALL_CELL,
                    "suppressed": cell is None or (published and cell_n < SMALL_CELL),
                }
            )
        rows.append(
            {
                "text": text(s["id"], s.get("text", "")),
                "votes": votes,
                "agree": s.get("agree"),
                "disagree": s.get("disagree"),
                "pass": s.get("pass"),
                "votes_text": number(votes),
                "small": votes < SMALL_CELL,
                "suppressed": published and votes < SMALL_CELL,
                "agree_text": percent(s.get("agree")),
                "weighted_agree_text": percent(weighted_agree.get(str(s["id"]))),
                "disagree_text": percent(s.get("disagree")),
                "pass_text": percent(s.get("pass")),
                "by_group": by_group,
            }
        )
    participants = opinion.get("participants") or 0
    return {
        "k": opinion.get("k", len(groups)),
        "participants": participants,
        "participants_text": number(participants),
        "suppressed": published and participants < SMALL_CELL,
        "groups": groups,
        "consensus": [
            {
                **c,
                "text": text(c["statement"], c.get("text", "")),
                "agree_text": percent(c.get("agree")),
                "disagree_text": percent(c.get("disagree")),
            }
            for c in opinion.get("consensus", [])
            if seen(c["statement"])
        ],
        "statements": rows,
        "weighted": any(weighted_agree.values()),
    }


def _letter(group: int) -> str:
    return chr(ord("A") + group) if 0 <= group < 26 else str(group + 1)


def _share(value: float | None) -> float | None:
    """A share of 1 (as the analysis stores them) as a percentage."""
    return None if value is None else 100 * value


def _representativeness(
    rows: Iterable[dict[str, Any]], published: bool, with_charts: bool
) -> list[dict[str, Any]]:
    by_dimension: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        small = (row.get("respondents") or 0) < SMALL_CELL
        by_dimension.setdefault(row["dimension"], []).append(
            {
                **row,
                "respondents_text": number(row.get("respondents")),
                "respondent_share_text": percent(_share(row.get("respondent_share"))),
                "population_share_text": percent(_share(row.get("population_share"))),
                "small": small,
                "suppressed": published and small,
            }
        )
    out = []
    for dimension, items in by_dimension.items():
        title = str(CROSSTAB_DIMENSIONS.get(dimension, dimension))
        chart = ""
        if with_charts:
            chart = charts.bar_chart(
                f"chart-who-{dimension}",
                title=_("Chart: who responded, by %(dimension)s") % {"dimension": title.lower()},
                desc=_(
                    "Bar chart of each group's share of respondents beside its share of the "
                    "population; the table beside it has the figures."
                )
                + " "
                + "; ".join(
                    f"{r['label']}: "
                    + (
                        _("fewer than %(n)s") % {"n": SMALL_CELL}
                        if r["suppressed"]
                        else _("%(resp)s of respondents, %(pop)s of the population")
                        % {
                            "resp": r["respondent_share_text"],
                            "pop": r["population_share_text"] or _("not known"),
                        }
                    )
                    for r in items
                ),
                categories=[r["label"] for r in items],
                series=[
                    charts.Series(
                        _("Respondents"),
                        tuple(
                            None if r["suppressed"] else _share(r.get("respondent_share"))
                            for r in items
                        ),
                    ),
                    charts.Series(
                        _("Population"), tuple(_share(r.get("population_share")) for r in items)
                    ),
                ],
            )
        out.append({"dimension": dimension, "title": title, "rows": items, "chart": chart})
    return out
