"""The whole analysis of a consultation, as one JSON-ready dict (the result of an analysis Run).

`analyse(consultation)` reads every submitted response in two queries, weights the respondents
to the target area's population (weighting.py), and for each question counts the answers,
weighted and unweighted side by side, with cross-tabs by district, age band, sex, ethnic group
and disability; finds the themes of free-text answers (themes.py) and the opinion groups of
statement votes (opinion.py); and compares who answered with who lives there.

The shape is in the brief (docs): version 1. Percentages are 0 to 100. Weighted figures use only
the respondents who could be weighted; counts are never suppressed here: anything published
hides counts and percentages of fewer than SMALL_CELL respondents.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from engage.consultations import opinion, themes, weighting
from engage.consultations.models import (
    AgeBand,
    Consultation,
    Disability,
    EthnicGroup,
    Question,
    QuestionKind,
    Response,
    Run,
    Sex,
    Status,
)
from engage.places.models import Area, AreaKind

VERSION = 1
SMALL_CELL = 10
# A group is under-represented when its share of respondents is below this much of its share of
# the population.
UNDER_REPRESENTED = 0.8
CROSSTAB_DIMENSIONS = ("area", "age_band", "sex", "ethnic_group", "disability")
CROSSTAB_KINDS = {
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.RANKING,
    QuestionKind.PRECEPT,
    QuestionKind.SCALE,
}
UNKNOWN = {"", "prefer_not", None}
CHOICES = {
    "age_band": AgeBand,
    "sex": Sex,
    "ethnic_group": EthnicGroup,
    "disability": Disability,
}

Progress = Callable[[int, str], None]


# -- loading ---------------------------------------------------------------------------------


def _district_of(consultation: Consultation) -> tuple[dict[int, int], dict[int, str]]:
    """Each of the office's areas → the district it is in (itself for a district), and names."""
    areas = {
        a["pk"]: a
        for a in Area.objects.for_office(consultation.office).values(
            "pk", "parent_id", "kind", "name"
        )
    }
    district_of = {}
    for pk in areas:
        step, hops = areas.get(pk), 0
        while step is not None and step["kind"] != AreaKind.DISTRICT and hops < 10:
            step, hops = areas.get(step["parent_id"]), hops + 1
        if step is not None and step["kind"] == AreaKind.DISTRICT:
            district_of[pk] = step["pk"]
    names = {pk: a["name"] for pk, a in areas.items() if a["kind"] == AreaKind.DISTRICT}
    return district_of, names


def load_responses(consultation: Consultation) -> tuple[pd.DataFrame, list[dict]]:
    """(one row per submitted response with its demographics, their answers), in two queries."""
    rows = list(
        Response.objects.filter(consultation=consultation)
        .submitted()
        .order_by("pk")
        # The answers as their JSON text, decoded here once per row: cheaper than the JSON
        # field's converter per value.
        .values_list(
            "pk",
            "source_id",
            "age_band",
            "sex",
            "ethnic_group",
            "disability",
            "area_id",
            Cast("answers", TextField()),
        )
    )
    frame = pd.DataFrame(
        [r[:7] for r in rows],
        columns=[
            "response",
            "source_id",
            "age_band",
            "sex",
            "ethnic_group",
            "disability",
            "area_id",
        ],
    )
    for dim in CHOICES:
        frame[dim] = frame[dim].where(~frame[dim].isin(["", "prefer_not"]), None)
    loads = json.loads
    return frame, [(loads(r[7]) if r[7] else None) or {} for r in rows]


# -- arithmetic ------------------------------------------------------------------------------


def _pct(part: float, whole: float) -> float:
    return 100 * part / whole if whole else 0.0


class Counter:
    """Counts of answer keys among respondents, unweighted and weighted, for any subset."""

    def __init__(
        self,
        answered: np.ndarray,
        long_rows: np.ndarray,
        long_keys: np.ndarray,
        n_keys: int,
        weights: np.ndarray | None,
    ) -> None:
        self.answered = answered  # bool per respondent
        self.long_rows = long_rows  # respondent index of each (respondent, key) pair
        self.long_keys = long_keys  # key index of each pair
        self.n_keys = n_keys
        self.weights = weights

    def count(self, subset: np.ndarray | None = None) -> dict[str, Any]:
        answered = self.answered if subset is None else self.answered & subset
        pairs = (
            np.ones(len(self.long_rows), dtype=bool) if subset is None else subset[self.long_rows]
        )
        base = int(answered.sum())
        n = np.bincount(self.long_keys[pairs], minlength=self.n_keys)
        out: dict[str, Any] = {"n": base, "counts": n, "weighted_n": None, "weighted": None}
        if self.weights is not None:
            w = self.weights
            ok = answered & ~np.isnan(w)
            pair_w = w[self.long_rows]
            pair_ok = pairs & ~np.isnan(pair_w)
            out["weighted_n"] = float(w[ok].sum())
            out["weighted"] = np.bincount(
                self.long_keys[pair_ok], weights=pair_w[pair_ok], minlength=self.n_keys
            )
            out["effective_n"] = weighting.effective_n(w[ok])
        return out

    def cells(self, subset: np.ndarray | None, keys: list, *, moe: bool) -> tuple[dict, list[dict]]:
        got = self.count(subset)
        cells = []
        for i, key in enumerate(keys):
            n = int(got["counts"][i])
            pct = _pct(n, got["n"])
            cell: dict[str, Any] = {"key": key, "n": n, "pct": pct, "weighted_pct": None}
            if got["weighted"] is not None:
                cell["weighted_pct"] = _pct(float(got["weighted"][i]), got["weighted_n"])
            if moe:
                if got["weighted"] is not None:
                    p = (cell["weighted_pct"] or 0) / 100
                    cell["moe"] = weighting.margin_of_error(p, got["effective_n"])
                else:
                    cell["moe"] = (
                        weighting.margin_of_error(pct / 100, got["n"]) if got["n"] else None
                    )
            cells.append(cell)
        return got, cells


def _mean(values: np.ndarray, rows: np.ndarray, weights: np.ndarray | None) -> dict | None:
    if len(values) == 0:
        return None
    out = {"n": len(values), "mean": float(values.mean()), "weighted_mean": None}
    if weights is not None:
        w = weights[rows]
        ok = ~np.isnan(w)
        if ok.any() and w[ok].sum() > 0:
            out["weighted_mean"] = float(np.average(values[ok], weights=w[ok]))
    return out


# -- questions -------------------------------------------------------------------------------


def _keys_and_labels(question: Question) -> tuple[list, list[str]]:
    kind = question.kind
    if kind == QuestionKind.SCALE:
        low, high = question.scale_min or 0, question.scale_max or 0
        keys = list(range(low, high + 1))
        labels = [str(p) for p in keys]
        if labels and question.scale_min_label:
            labels[0] = f"{low} – {question.scale_min_label}"
        if labels and question.scale_max_label:
            labels[-1] = f"{high} – {question.scale_max_label}"
        return keys, labels
    options = list(question.options.all())
    return [o.pk for o in options], [o.label for o in options]


def _pairs(question: Question, values: list[tuple[int, Any]], keys: list) -> tuple:
    """(answered rows, pair rows, pair key indexes) of choice-like answers; ranking: first."""
    index = {k: i for i, k in enumerate(keys)}
    ranking = question.kind == QuestionKind.RANKING
    rows_of = np.fromiter((r for r, _v in values), dtype=np.int64, count=len(values))
    if not any(type(v) is list for _r, v in values):
        # One key each (single choice, scale, precept): no lists to unpack.
        hits = np.fromiter(
            (index.get(v, -1) for _r, v in values), dtype=np.int64, count=len(values)
        )
        pair_rows = rows_of
    else:
        chosen = [(v[:1] if ranking else v) if isinstance(v, list) else [v] for _row, v in values]
        counts = np.fromiter((len(c) for c in chosen), dtype=np.int64, count=len(chosen))
        total = int(counts.sum())
        hits = np.fromiter(
            (index.get(c, -1) for cs in chosen for c in cs), dtype=np.int64, count=total
        )
        pair_rows = np.repeat(rows_of, counts)
    ok = hits >= 0
    pair_rows, pair_keys = pair_rows[ok], hits[ok]
    # pair_rows is sorted (values come in row order): its distinct rows without sorting again.
    first = np.ones(len(pair_rows), dtype=bool)
    first[1:] = pair_rows[1:] != pair_rows[:-1]
    return pair_rows[first], pair_rows, pair_keys


def _crosstabs(
    counter: Counter, keys: list, groups: dict[str, list[tuple[Any, str, np.ndarray]]]
) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for dim, members in groups.items():
        rows = []
        for code, label, subset in members:
            got, cells = counter.cells(subset, keys, moe=False)
            if got["n"] == 0:
                continue
            rows.append(
                {
                    "group": code,
                    "label": label,
                    "n": got["n"],
                    "weighted_n": got["weighted_n"],
                    "cells": cells,
                }
            )
        out[dim] = rows
    return out


def _question_result(
    question: Question,
    values: list[tuple[int, Any]],
    n_rows: int,
    weights: np.ndarray | None,
    groups: dict[str, list[tuple[Any, str, np.ndarray]]],
    responses: np.ndarray,
    membership: dict[int, dict[str, Any]],
    *,
    seed: int,
) -> dict:
    kind = question.kind
    answered_rows = np.array([r for r, _v in values], dtype=np.int64)
    result: dict[str, Any] = {
        "id": question.pk,
        "kind": kind,
        "text": question.text,
        "n": len(values),
        "weighted_n": None,
        "results": [],
        "mean": None,
        "ranking": None,
        "crosstabs": None,
        "themes": None,
        "opinion": None,
    }
    if weights is not None and len(answered_rows):
        w = weights[answered_rows]
        result["weighted_n"] = float(w[~np.isnan(w)].sum())

    if kind in CROSSTAB_KINDS:
        keys, labels = _keys_and_labels(question)
        rows, pair_rows, pair_keys = _pairs(question, values, keys)
        answered = np.zeros(n_rows, dtype=bool)
        answered[rows] = True
        counter = Counter(answered, pair_rows, pair_keys, len(keys), weights)
        _got, cells = counter.cells(None, keys, moe=True)
        for cell, label in zip(cells, labels, strict=True):
            cell["label"] = label
        result["results"] = cells
        result["crosstabs"] = _crosstabs(counter, keys, groups)
        if kind == QuestionKind.SCALE:
            points = np.array([float(v) for _r, v in values if isinstance(v, int)])
            rows_of = np.array([r for r, v in values if isinstance(v, int)], dtype=np.int64)
            result["mean"] = _mean(points, rows_of, weights)
        if kind == QuestionKind.PRECEPT:
            amount = {o.pk: o.amount for o in question.options.all() if o.amount is not None}
            chosen = [(r, float(amount[v])) for r, v in values if v in amount]
            result["mean"] = _mean(
                np.array([a for _r, a in chosen]),
                np.array([r for r, _a in chosen], dtype=np.int64),
                weights,
            )
        if kind == QuestionKind.RANKING:
            result["ranking"] = _ranking(values, keys, labels, weights)
    elif kind == QuestionKind.NUMBER:
        numbers = np.array([float(v) for _r, v in values if isinstance(v, int | float)])
        rows_of = np.array([r for r, v in values if isinstance(v, int | float)], dtype=np.int64)
        result["mean"] = _mean(numbers, rows_of, weights)
        if result["mean"] is not None:
            result["mean"]["median"] = float(np.median(numbers))
    elif kind == QuestionKind.TEXT:
        ids = responses.tolist()
        texts = {ids[r]: v for r, v in values if isinstance(v, str) and v.strip()}
        result["themes"] = themes.recompute_and_summarise(question, seed=seed, texts=texts)
    elif kind == QuestionKind.STATEMENTS:
        key = question.key
        ids = responses.tolist()
        answers = [(ids[r], {key: v}) for r, v in values]
        found, groups_of = opinion.opinion_groups(question, answers, seed=seed)
        result["opinion"] = found
        weighted_agree = _weighted_agree(question, values, weights)
        result["results"] = [
            {
                "key": str(s["id"]),
                "label": s["text"],
                "n": s["votes"],
                "pct": s["agree"],
                "weighted_pct": weighted_agree.get(str(s["id"])),
                "moe": None,
            }
            for s in found["statements"]
        ]
        for response_id, group in groups_of.items():
            membership.setdefault(response_id, {})[str(question.pk)] = group
    return result


def _weighted_agree(
    question: Question, values: list[tuple[int, Any]], weights: np.ndarray | None
) -> dict[str, float]:
    if weights is None:
        return {}
    ballots = [(weights[row], votes) for row, votes in values if isinstance(votes, dict)]
    if not ballots:
        return {}
    w = np.array([b[0] for b in ballots], dtype=float)
    table = pd.DataFrame.from_records([v for _w, v in ballots])
    table.columns = [str(c) for c in table.columns]
    ok = ~np.isnan(w)
    seen = table.notna().to_numpy()[ok]
    agreed = (table == 1).to_numpy()[ok]
    totals = w[ok] @ seen
    agree = w[ok] @ agreed
    voted = seen.any(axis=0)
    return {
        s: _pct(float(a), float(t))
        for s, a, t, v in zip(table.columns, agree, totals, voted, strict=True)
        if v
    }


def _ranking(
    values: list[tuple[int, Any]], keys: list, labels: list[str], weights: np.ndarray | None
) -> list[dict]:
    """Mean rank (1 = most preferred) of each option among those who ranked it."""
    index = {k: i for i, k in enumerate(keys)}
    lists = [(row, value) for row, value in values if isinstance(value, list)]
    counts = np.fromiter((len(v) for _r, v in lists), dtype=np.int64, count=len(lists))
    n_pairs = int(counts.sum())
    found = np.fromiter(
        (index.get(option, -1) for _r, v in lists for option in v), dtype=np.int64, count=n_pairs
    )
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    position = np.arange(n_pairs) - starts + 1
    rows_of = np.repeat(
        np.fromiter((r for r, _v in lists), dtype=np.int64, count=len(lists)), counts
    )
    ok = found >= 0
    r = rows_of[ok]
    k = found[ok]
    rank = position[ok].astype(float)
    n = np.bincount(k, minlength=len(keys))
    total = np.bincount(k, weights=rank, minlength=len(keys))
    first = np.bincount(k[rank == 1], minlength=len(keys))
    weighted = None
    if weights is not None and len(r):
        w = weights[r]
        ok = ~np.isnan(w)
        wsum = np.bincount(k[ok], weights=w[ok], minlength=len(keys))
        wrank = np.bincount(k[ok], weights=w[ok] * rank[ok], minlength=len(keys))
        weighted = np.where(wsum > 0, wrank / np.where(wsum > 0, wsum, 1), np.nan)
    out = []
    for i, key in enumerate(keys):
        out.append(
            {
                "key": key,
                "label": labels[i],
                "n": int(n[i]),
                "mean_rank": float(total[i] / n[i]) if n[i] else None,
                "weighted_mean_rank": None
                if weighted is None or np.isnan(weighted[i])
                else float(weighted[i]),
                "first": int(first[i]),
            }
        )
    return out


# -- representativeness ----------------------------------------------------------------------


def _label(dim: str, code: Any, area_names: dict[int, str]) -> str:
    if dim == "area":
        return area_names.get(int(code), str(code))
    choices = CHOICES[dim]
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def _representativeness(
    frame: pd.DataFrame,
    population: dict[str, dict[str, float]],
    area_names: dict[int, str],
) -> list[dict]:
    out = []
    for dim in ("age_band", "sex", "ethnic_group", "area", "disability"):
        column = frame["district"] if dim == "area" else frame[dim]
        known = column.dropna()
        if dim == "area":
            known = known.astype(int).astype(str)
        counts = known.value_counts()
        total = int(counts.sum())
        shares = population.get(dim, {})
        if dim == "area":
            categories = list(shares) + [c for c in counts.index if c not in shares]
        elif dim in CHOICES:
            categories = [c for c in CHOICES[dim].values if c != "prefer_not"]
        for code in categories:
            n = int(counts.get(code, 0))
            if not n and code not in shares:
                continue
            share = _pct(n, total) / 100
            population_share = shares.get(code)
            index = share / population_share if population_share else None
            out.append(
                {
                    "dimension": dim,
                    "category": int(code) if dim == "area" else code,
                    "label": _label(dim, code, area_names),
                    "respondents": n,
                    "respondent_share": share,
                    "population_share": population_share,
                    "index": index,
                    "under_represented": index is not None and index < UNDER_REPRESENTED,
                }
            )
    return out


# -- the whole analysis ----------------------------------------------------------------------


def _weigh(
    consultation: Consultation, frame: pd.DataFrame, trim: tuple[float, float] | None
) -> tuple[np.ndarray | None, dict, dict[str, dict[str, float]], list[str]]:
    """(weights or None, the "weighting" part, population shares for representativeness, notes)."""
    empty: dict[str, Any] = {
        "dimensions": [],
        "trim": None,
        "targets": {},
        "achieved": {},
        "cells": [],
        "area_labels": {},
        "source": "",
    }
    try:
        targets = weighting.population_targets(consultation)
    except weighting.WeightingError as error:
        return None, empty, {}, [_("Not weighted: %(why)s") % {"why": error.message}]
    notes: list[str] = []
    population = targets.shares
    if frame.empty:
        return None, empty | {"targets": population, "source": targets.source}, population, notes
    dims = list(targets.shares)
    data = pd.DataFrame(
        {
            "age_band": frame["age_band"],
            "sex": frame["sex"],
            "ethnic_group": frame["ethnic_group"],
            "area": frame["area_id"].map(
                lambda a: (
                    str(targets.district_of[int(a)])
                    if pd.notna(a) and int(a) in targets.district_of
                    else None
                )
            ),
        }
    )
    try:
        raked = weighting.rake(data[dims], targets.shares, trim=trim)
    except weighting.WeightingError as error:
        part = empty | {"targets": population, "source": targets.source}
        return None, part, population, [_("Not weighted: %(why)s") % {"why": error.message}]
    left_out = int(np.isnan(raked.weights).sum())
    if left_out:
        notes.append(
            ngettext(
                "%(n)s respondent of %(total)s is left out of the weighted figures: they did not "
                "give all of %(dims)s, are under 16, or live outside %(area)s.",
                "%(n)s respondents of %(total)s are left out of the weighted figures: they did "
                "not give all of %(dims)s, are under 16, or live outside %(area)s.",
                left_out,
            )
            % {
                "n": f"{left_out:,}",
                "total": f"{len(frame):,}",
                "dims": ", ".join(_dimension_name(d) for d in dims),
                "area": targets.area.name,
            }
        )
    for dim, category in raked.dropped:
        notes.append(
            _(
                "Nobody who could be weighted is in %(group)s (%(dim)s): the other groups' "
                "population shares were scaled up to make up for it."
            )
            % {
                "group": _label(dim, category, {int(k): v for k, v in targets.area_labels.items()}),
                "dim": _dimension_name(dim),
            }
        )
    if not raked.converged and trim:
        gap = max(
            abs(raked.achieved[d][c] - s)
            for d, shares in raked.targets.items()
            for c, s in shares.items()
        )
        notes.append(
            _(
                "Keeping weights between %(lo)s and %(hi)s times the average meant the population "
                "shares are met only to within %(gap)s percentage points."
            )
            % {"lo": trim[0], "hi": trim[1], "gap": f"{100 * gap:.1f}"}
        )
    cells = raked.cells.to_dict("records")
    for cell in cells:
        if "area" in cell:
            cell["area"] = int(cell["area"])
        cell["n"] = int(cell["n"])
        cell["weight"] = float(cell["weight"])
    part = {
        "dimensions": dims,
        "trim": list(trim) if trim else None,
        "targets": raked.targets,
        "achieved": raked.achieved,
        "cells": cells,
        "area_labels": targets.area_labels,
        "source": targets.source,
        "converged": raked.converged,
    }
    return raked.weights, part, population, notes


def _dimension_name(dim: str) -> str:
    return {
        "age_band": _("age"),
        "sex": _("sex"),
        "ethnic_group": _("ethnic group"),
        "area": _("district"),
        "disability": _("disability"),
    }[dim]


def _groups(frame: pd.DataFrame, area_names: dict[int, str]) -> dict[str, list]:
    """Each cross-tab dimension's groups: (code, label, mask of respondents)."""
    out: dict[str, list] = {}
    for dim in CROSSTAB_DIMENSIONS:
        column = frame["district"] if dim == "area" else frame[dim]
        values = column.to_numpy()
        if dim == "area":
            codes = sorted(
                {int(v) for v in values if v is not None and not pd.isna(v)},
                key=lambda c: area_names.get(c, ""),
            )
            out[dim] = [
                (code, area_names.get(code, str(code)), np.asarray(column == code))
                for code in codes
            ]
        else:
            present = set(values) - UNKNOWN
            out[dim] = [
                (code, _label(dim, code, area_names), values == code)
                for code in CHOICES[dim].values
                if code in present
            ]
    return out


def analyse(
    consultation: Consultation,
    *,
    progress: Progress | None = None,
    participants: bool = False,
    trim: tuple[float, float] | None = weighting.DEFAULT_TRIM,
    seed: int = 2026,
) -> dict:
    """The whole analysis of `consultation` (see the module docstring); progress(percent, stage).

    Labels in the result are written in the office's working language (English), whatever
    language happens to be active in the thread that runs it: the result is stored and shown to
    everyone who opens it.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _analyse(
            consultation, progress=progress, participants=participants, trim=trim, seed=seed
        )


def _analyse(
    consultation: Consultation,
    *,
    progress: Progress | None,
    participants: bool,
    trim: tuple[float, float] | None,
    seed: int,
) -> dict:
    step = progress or (lambda _percent, _stage: None)
    step(2, _("Reading the responses"))
    frame, answers = load_responses(consultation)
    district_of, area_names = _district_of(consultation)
    frame["district"] = frame["area_id"].map(
        lambda a: district_of.get(int(a)) if pd.notna(a) else None
    )
    responses = frame["response"].to_numpy()
    n_rows = len(frame)

    step(10, _("Weighting to the population"))
    weights, weighting_part, population, notes = _weigh(consultation, frame, trim)
    precise = weighting.precision(weights, n_rows)
    complete = int(frame[["age_band", "sex", "ethnic_group", "district"]].notna().all(axis=1).sum())
    base = {
        "responses": n_rows,
        "with_demographics": complete,
        "weighted": weights is not None,
        "weighted_n": precise.weighted_n,
        "effective_n": precise.effective_n,
        "design_effect": precise.design_effect,
        "efficiency": precise.efficiency,
        "margin_of_error": precise.margin_of_error,
        "note": " ".join(notes),
    }
    area_names = {**area_names, **{int(k): v for k, v in weighting_part["area_labels"].items()}}
    groups = _groups(frame, area_names)

    questions = list(
        consultation.questions.select_related("section").prefetch_related("options", "statements")
    )
    membership: dict[int, dict[str, Any]] = {}
    results = []
    # Each question's answers as (row, value); an empty answer (None, "", [], {}) is none.
    by_key: dict[str, list[tuple[int, Any]]] = {}
    for question in questions:
        key = question.key
        column = [given.get(key) for given in answers]
        by_key[key] = [(row, value) for row, value in enumerate(column) if value or value == 0]
    for i, question in enumerate(questions):
        step(
            15 + int(80 * i / max(1, len(questions))),
            _("Question %(i)s of %(n)s: %(text)s")
            % {"i": i + 1, "n": len(questions), "text": question.text[:80]},
        )
        values = by_key[question.key]
        results.append(
            _question_result(
                question, values, n_rows, weights, groups, responses, membership, seed=seed
            )
        )

    step(97, _("Comparing respondents with the population"))
    out: dict[str, Any] = {
        "version": VERSION,
        "computed_at": timezone.now().isoformat(),
        "consultation": consultation.pk,
        "base": base,
        "weighting": weighting_part,
        "representativeness": _representativeness(frame, population, area_names),
        "questions": results,
    }
    if participants:
        out["participants"] = _participants(frame, weights, membership, questions)
    return json_ready(out)


def _participants(
    frame: pd.DataFrame,
    weights: np.ndarray | None,
    membership: dict[int, dict[str, Any]],
    questions: list[Question],
) -> list[dict]:
    from engage.consultations.models import ThemeCode

    coded: dict[int, dict[str, list[int]]] = {}
    text_questions = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    for response_id, question_id, theme_id in ThemeCode.objects.filter(
        theme__question_id__in=text_questions
    ).values_list("response_id", "theme__question_id", "theme_id"):
        coded.setdefault(response_id, {}).setdefault(str(question_id), []).append(theme_id)
    out = []
    for i, (response_id, source_id) in enumerate(
        zip(frame["response"], frame["source_id"], strict=True)
    ):
        weight = None if weights is None or np.isnan(weights[i]) else float(weights[i])
        out.append(
            {
                "response": int(response_id),
                "source_id": source_id or str(response_id),
                "weight": weight,
                "groups": membership.get(int(response_id), {}),
                "themes": coded.get(int(response_id), {}),
            }
        )
    return out


def json_ready(value: Any) -> Any:
    """Plain JSON: NumPy numbers as Python's, NaN and infinity as None (PostgreSQL refuses NaN)."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def perform_analysis(run: Run) -> dict:
    """The task's work for an analysis Run: the result to store, or RunError saying why not.

    A closed consultation becomes analysed when its analysis is done.
    """
    from django.core.exceptions import ValidationError

    from engage.consultations import runs, services
    from engage.consultations.tasks import RunError

    consultation = run.consultation
    if consultation is None:
        raise RunError(_("This analysis has no consultation to analyse."))
    options = (run.result or {}).get("options") or {}
    trim = options.get("trim", weighting.DEFAULT_TRIM)
    try:
        result = analyse(
            consultation,
            progress=lambda percent, stage: runs.progress(run, percent, stage),
            trim=tuple(trim) if trim else None,
        )
    except weighting.WeightingError as error:
        raise RunError(error.message) from error
    if consultation.status == Status.CLOSED:
        try:
            services.move_to(consultation, Status.ANALYSED, by=run.started_by)
        except ValidationError as error:
            raise RunError(" ".join(error.messages)) from error
    return result
