"""Weighting respondents to the target area's population by raking (iterative proportional fitting).

Respondents are collapsed to their distinct cells (age band × sex × ethnic group × district, a
few thousand at most however many respond): each respondent's categories become small integer
codes, one combined cell code per respondent, and a bincount gives the cell counts as a tensor
with an axis per dimension. The tensor is raked in plain NumPy (each margin is a sum over the
other axes), and each respondent takes the weight of their cell: raking a million rows one by
one does the same arithmetic a hundred times over. Weights are trimmed (by default to between
0.2 and 5 times the mean) and re-raked until both the margins and the bounds hold, or as near
as they can. weightipy is the independent reference the tests check us against
(`rake_cells_weightipy`); see docs/decisions/0010-raking-on-cells.md.

Population margins come from the places app (Census 2021): adults of 16 and over where the
figures allow. Respondents missing any weighting dimension are left out of the weighting
(weight None) and of every weighted figure; the base says how many.

Choices made here, for a newcomer:
- a population category nobody answered from (say no respondents in one district) cannot be
  reached by raking: it is dropped from its margin, the other categories' shares are scaled up,
  and the note says which;
- respondents in a category the population says is empty cannot be weighted: WeightingError,
  naming the group (the population figures are wrong or incomplete);
- shares may be given as raw counts; negative, all-zero or missing figures are refused.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from engage.consultations.models import AgeBand, Consultation, EthnicGroup, Sex
from engage.places import census
from engage.places.models import Area, AreaKind, Dimension
from engage.places.queries import national_female_share, population_of

DIMENSIONS = ("age_band", "sex", "ethnic_group", "area")
DEFAULT_TRIM = (0.2, 5.0)
Z95 = 1.959963984540054
# The shares of a margin may be off by this much from 1 (rounded percentages) before we scale.
SHARE_TOLERANCE = 1e-6
MAX_ITERATIONS = 2000


class WeightingError(ValueError):
    """Weighting cannot be done as asked; the message says what to fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- the arithmetic: pure functions on arrays and frames -------------------------------------


@dataclass
class RakeResult:
    """Weights for each row (NaN for rows left out), the raked cells and how it went."""

    weights: np.ndarray
    cell_codes: list[np.ndarray]  # per dimension, each non-empty cell's category index
    categories: list[list[str]]  # per dimension, its category names
    counts: np.ndarray  # respondents in each non-empty cell
    cell_weights: np.ndarray  # each non-empty cell's per-respondent weight
    targets: dict[str, dict[str, float]]  # the shares raked to, after dropping empty categories
    achieved: dict[str, dict[str, float]]
    dropped: list[tuple[str, str]] = field(default_factory=list)
    converged: bool = True
    rounds: int = 0  # sweeps of trimming and re-raking (0: the bounds did not bite)
    trim: tuple[float, float] | None = DEFAULT_TRIM

    @cached_property
    def cells(self) -> pd.DataFrame:
        """One row per non-empty cell: a column per dimension, then n and weight (per respondent)."""
        frame = pd.DataFrame(
            {
                dim: np.asarray(names, dtype=object)[codes]
                for dim, names, codes in zip(
                    self.targets, self.categories, self.cell_codes, strict=True
                )
            }
        )
        frame["n"] = self.counts.astype(int)
        frame["weight"] = self.cell_weights
        return frame

    @property
    def weighted(self) -> np.ndarray:
        """The weights of the rows that were weighted."""
        return self.weights[~np.isnan(self.weights)]


def clean_shares(dimension: str, shares: Mapping[str, float]) -> dict[str, float]:
    """A margin's shares scaled to sum to 1; refuses negative, missing or all-zero figures."""
    if not shares:
        raise WeightingError(
            _("There are no population figures for %(dimension)s.") % {"dimension": dimension}
        )
    values = {}
    for category, value in shares.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            raise WeightingError(
                _("The population figure for %(category)s (%(dimension)s) is missing.")
                % {"category": category, "dimension": dimension}
            )
        if value < 0:
            raise WeightingError(
                _("The population figure for %(category)s (%(dimension)s) is negative: %(value)s.")
                % {"category": category, "dimension": dimension, "value": value}
            )
        values[str(category)] = float(value)
    total = sum(values.values())
    if total <= 0:
        raise WeightingError(
            _("The population figures for %(dimension)s are all zero.") % {"dimension": dimension}
        )
    return {category: value / total for category, value in values.items()}


def check_targets(targets: Mapping[str, Mapping[str, float]]) -> None:
    """Refuse targets given as shares that do not add up to 1 (figures given as counts are fine).

    A margin whose values are all at most 1 is read as shares and must sum to 1; otherwise the
    values are counts, scaled to shares by `clean_shares`.
    """
    for dimension, shares in targets.items():
        values = [float(v) for v in shares.values() if v is not None]
        if any(v < 0 for v in values) or not any(values):
            continue  # clean_shares says what is wrong with these
        if max(values) <= 1 and abs(sum(values) - 1) > SHARE_TOLERANCE:
            raise WeightingError(
                _(
                    "The population shares for %(dimension)s add up to %(total)s, not 1: "
                    "correct them or give the counts of people instead."
                )
                % {"dimension": dimension, "total": f"{sum(values):.4f}"}
            )


class _Margins:
    """Sums of a cell tensor over all axes but one, and factors broadcast back along that axis.

    The tensor is reshaped to (before, size, after) so that each margin is one contiguous
    reduction, which is the cheapest NumPy has for a few thousand cells.
    """

    def __init__(self, shape: Sequence[int]) -> None:
        self.shape = tuple(shape)
        self.views = []
        for i, size in enumerate(self.shape):
            before = int(np.prod(self.shape[:i], dtype=np.int64))
            after = int(np.prod(self.shape[i + 1 :], dtype=np.int64))
            self.views.append((before, size, after))

    def sum(self, x: np.ndarray, i: int) -> np.ndarray:
        before, size, after = self.views[i]
        view = x.reshape(before, size, after)
        if after == 1:
            return view.reshape(before, size).sum(axis=0)
        return view.sum(axis=2).sum(axis=0)

    def scale(self, x: np.ndarray, i: int, factor: np.ndarray) -> None:
        before, size, after = self.views[i]
        x.reshape(before, size, after)[...] *= factor[:, None]


def ipf_cells(
    counts: np.ndarray,
    shares: Sequence[np.ndarray],
    *,
    tolerance: float = 1e-10,
    max_iterations: int = MAX_ITERATIONS,
) -> tuple[np.ndarray, int]:
    """Each cell's total weight, raked from the cell tensor `counts` (an axis per dimension, a
    cell's respondents as its seed) to `shares` (one array per axis, summing to 1), and the
    sweeps it took: until no margin's factor is further than `tolerance` from 1."""
    margins = _Margins(counts.shape)
    x = counts.astype(float)
    total = x.sum()
    targets = [np.asarray(s, dtype=float) * total for s in shares]
    for sweep in range(1, max_iterations + 1):
        worst = 0.0
        for i, target in enumerate(targets):
            got = margins.sum(x, i)
            factor = np.divide(target, got, out=np.ones_like(got), where=got > 0)
            margins.scale(x, i, factor)
            worst = max(worst, float(np.abs(factor - 1).max()))
        if worst < tolerance:
            return x, sweep
    return x, max_iterations


def rake_cells_weightipy(
    counts: np.ndarray, codes: Sequence[np.ndarray], shares: Sequence[np.ndarray]
) -> tuple[np.ndarray, int]:
    """The reference: each cell's total weight raked by weightipy, from `counts` (the non-empty
    cells' sizes, `codes` their category per dimension) as seed weights. Tests and the benchmark
    check `rake` against it; production rakes with `ipf_cells`, a hundred times faster.

    weightipy rakes rows of weight 1; a cell of n respondents is one row whose seed weight is n,
    so that every factor it applies to the cell is the one it would apply to each of its rows.
    """
    from weightipy.internal.rim import Rake  # the reference only: not on the production path

    n_cells = len(counts)
    frame = pd.DataFrame({f"d{i}": c for i, c in enumerate(codes)})
    targets = [
        {f"d{i}": {code: float(share) * 100 for code, share in enumerate(s) if share > 0}}
        for i, s in enumerate(shares)
    ]
    rake = Rake(frame, targets, "w", max_iterations=MAX_ITERATIONS)
    # Seeds summing to the number of rows, as weightipy's own targets do (it scales to n rows).
    rake.dataframe["w"] = counts * (n_cells / counts.sum())
    with contextlib.redirect_stdout(io.StringIO()):  # weightipy prints its convergence notes
        iterations = rake.start()
    return rake.dataframe["w"].to_numpy(dtype=float) * (counts.sum() / n_cells), iterations


def _bounded_ipf(
    counts: np.ndarray,
    shares: Sequence[np.ndarray],
    w: np.ndarray,
    lo: float,
    hi: float,
    *,
    tolerance: float,
    max_sweeps: int = 1000,
) -> tuple[np.ndarray, bool, int]:
    """Trim and re-rake until both hold: per-respondent weights `w` of the cells (tensors like
    `counts`; empty cells' w is 1 and counts for nothing) kept within [lo, hi] while each margin
    is raked on the cells not held at a bound (bounded IPF, which is where repeated trimming and
    re-raking ends when it converges). Returns (w, converged, sweeps).
    """
    margins = _Margins(counts.shape)
    total = float(counts.sum())
    targets = [np.asarray(s, dtype=float) * total for s in shares]
    w = np.clip(w, lo, hi)
    cw = counts * w
    free = np.empty(w.shape, dtype=bool)
    below = np.empty(w.shape, dtype=bool)
    loose_cw = np.empty(w.shape)
    best = np.inf
    for sweep in range(1, max_sweeps + 1):
        # How far off each margin was when its turn came: none off means none moved.
        worst = 0.0
        for i, target in enumerate(targets):
            np.greater(w, lo, out=free)
            np.less(w, hi, out=below)
            free &= below
            got = margins.sum(cw, i)
            loose = margins.sum(np.multiply(cw, free, out=loose_cw), i)
            off = target - got
            worst = max(worst, -float(off.min()), float(off.max()))
            off += loose  # what the cells not held at a bound should come to
            np.maximum(off, 0, out=off)
            factor = np.divide(off, loose, out=np.ones_like(loose), where=loose > 0)
            # A held cell is freed again when its category moves it back inside the bounds.
            margins.scale(w, i, factor)
            np.minimum(np.maximum(w, lo, out=w), hi, out=w)
            np.multiply(counts, w, out=cw)
        worst /= total
        if worst < tolerance:
            return w, True, sweep
        if sweep % 25 == 0:
            # No headway over the last 25 sweeps: the bounds and the margins cannot both hold.
            if worst > best * 0.999:
                break
            best = worst
    return w, False, sweep


def _clip_to_bounds(w: np.ndarray, counts: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Weights clipped to [lo, hi] × their mean, as weightipy's own cap does: clip, rescale to
    mean 1, until within bounds."""
    w = w / np.average(w, weights=counts)
    for _step in range(100):
        if w.min() >= lo - 1e-12 and w.max() <= hi + 1e-12:
            break
        w = np.clip(w, lo, hi)
        w = w / np.average(w, weights=counts)
    return w


def _row_codes(frame: pd.DataFrame, dim: str, names: list[str]) -> np.ndarray:
    """Each row's category index in `names` (-1: missing or not one of them)."""
    column = frame[dim]
    if isinstance(column.dtype, pd.CategoricalDtype):
        values = column.array
        codes = np.asarray(values.codes)  # type: ignore[attr-defined]
        own = [str(c) for c in values.categories.tolist()]  # type: ignore[attr-defined]
        if own == names:
            return codes
        position = {name: i for i, name in enumerate(names)}
        lookup = np.array([position.get(c, -1) for c in own] + [-1], dtype=np.int64)
        return lookup[codes]
    return pd.Index(names).get_indexer(column.astype(object).to_numpy())


def rake(
    frame: pd.DataFrame,
    targets: Mapping[str, Mapping[str, float]],
    *,
    trim: tuple[float, float] | None = DEFAULT_TRIM,
    tolerance: float = 1e-9,
) -> RakeResult:
    """Rake the rows of `frame` (a column per dimension of `targets`) to the target shares.

    Columns may be Categoricals (their codes are used as they are) or values; a row whose value
    is missing or not a category of its margin is left out (weight NaN). Weights average 1 over
    the weighted rows. `trim=(lo, hi)` bounds them to lo..hi times the mean, re-raking the
    others after each trim (see `_bounded_ipf`); None trims nothing.
    """
    check_targets(targets)
    dims = list(targets)
    if not dims:
        raise WeightingError(_("There is nothing to weight by."))
    if trim is not None and not (0 < trim[0] < 1 < trim[1]):
        raise WeightingError(
            _("Weights must be trimmed to bounds below and above 1, like 0.2 and 5.")
        )
    margins = {dim: clean_shares(dim, targets[dim]) for dim in dims}
    categories = [list(margins[dim]) for dim in dims]
    sizes = [len(names) for names in categories]
    # One cell code per row, in mixed radix with one more digit per dimension for "none"
    # (digit 0, so a row left out lands in a cell with a 0 digit); its bincount is the cell
    # tensor with those extra cells at index 0 of each axis.
    padded = [size + 1 for size in sizes]
    n_padded = int(np.prod(padded, dtype=np.int64))
    dtype = np.int16 if n_padded < 2**15 else np.int32 if n_padded < 2**31 else np.int64
    cell_id: np.ndarray | None = None
    offset = 0
    for dim, names, size in zip(dims, categories, padded, strict=True):
        codes = _row_codes(frame, dim, names)
        if cell_id is None:
            cell_id = codes.astype(dtype)
        else:
            cell_id *= size
            cell_id += codes
        offset = offset * size + 1
    assert cell_id is not None
    cell_id += offset
    if cell_id.dtype != np.intp:
        cell_id = cell_id.astype(np.intp)  # once, for bincount and take, which need it
    padded_counts = np.bincount(cell_id, minlength=n_padded).reshape(padded)
    inside = tuple(slice(1, None) for _dim in dims)
    counts = padded_counts[inside].astype(float)
    if not counts.any():
        raise WeightingError(_("No respondent has answered every question weighting needs."))
    cell_sums = _Margins(counts.shape)

    # A respondent in a category with no population cannot be weighted; a population category
    # with no respondents cannot be reached: drop it and scale the others up.
    dropped: list[tuple[str, str]] = []
    shares_used: list[np.ndarray] = []
    for i, (dim, names) in enumerate(zip(dims, categories, strict=True)):
        have = cell_sums.sum(counts, i)
        share = np.array([margins[dim][name] for name in names])
        empty_population = [n for n, h, s in zip(names, have, share, strict=True) if h and not s]
        if empty_population:
            raise WeightingError(
                _(
                    "%(count)s respondents are in %(group)s (%(dimension)s) but the population "
                    "figures have nobody in it: correct the population figures."
                )
                % {
                    "count": int(have[names.index(empty_population[0])]),
                    "group": empty_population[0],
                    "dimension": dim,
                }
            )
        for name, h, s in zip(names, have, share, strict=True):
            if s and not h:
                dropped.append((dim, name))
        share = np.where(have > 0, share, 0.0)
        shares_used.append(share / share.sum())

    occupied = counts > 0
    totals, _iterations = ipf_cells(counts, shares_used, tolerance=tolerance / 10)
    w = np.divide(totals, counts, out=np.ones_like(totals), where=occupied)
    w /= np.average(w, weights=counts)
    converged, rounds = True, 0
    if trim is not None:
        kept = w[occupied]
        if kept.min() < trim[0] - tolerance or kept.max() > trim[1] + tolerance:
            w, converged, rounds = _bounded_ipf(counts, shares_used, w, *trim, tolerance=tolerance)
            if not converged:
                # Bounds and margins cannot always both hold: the bounds win, and the achieved
                # shares show how near the margins came.
                w = np.where(occupied, w, 1.0)
                w = _clip_to_bounds(w.ravel(), counts.ravel(), *trim).reshape(counts.shape)

    by_cell = np.full(padded, np.nan)
    by_cell[inside] = np.where(occupied, w, np.nan)
    weights = by_cell.ravel().take(cell_id)

    present = np.flatnonzero(occupied)
    cw = counts * w
    total = float(cw.sum())
    achieved = {}
    for i, (dim, names) in enumerate(zip(dims, categories, strict=True)):
        sums = cell_sums.sum(cw, i) / total
        achieved[dim] = {name: float(s) for name, s in zip(names, sums, strict=True)}
    used = {
        dim: {name: float(s) for name, s in zip(names, share, strict=True) if s > 0}
        for dim, names, share in zip(dims, categories, shares_used, strict=True)
    }
    return RakeResult(
        weights=weights,
        cell_codes=[np.asarray(c) for c in np.unravel_index(present, counts.shape)],
        categories=categories,
        counts=counts.ravel()[present],
        cell_weights=w.ravel()[present],
        targets=used,
        achieved=achieved,
        dropped=dropped,
        converged=converged,
        rounds=rounds,
        trim=trim,
    )


@dataclass(frozen=True)
class Precision:
    """What weighting costs: Kish's effective sample size and what follows from it."""

    n: int
    weighted_n: float
    effective_n: float
    design_effect: float
    efficiency: float
    margin_of_error: float  # percentage points, 95%, p = 0.5


def precision(weights: np.ndarray | None, n: int | None = None) -> Precision:
    """Kish's effective n = (Σw)² / Σw²; design effect n / effective n; efficiency its inverse;
    the 95% margin of error of a 50% figure from the effective n. No weights: all from n."""
    if weights is None:
        count = int(n or 0)
        return Precision(count, float(count), float(count), 1.0, 1.0, margin_of_error(0.5, count))
    w = np.asarray(weights, dtype=float)
    w = w[~np.isnan(w)]
    count = len(w)
    if count == 0:
        return Precision(0, 0.0, 0.0, 1.0, 1.0, 0.0)
    effective = float(w.sum() ** 2 / (w**2).sum())
    return Precision(
        n=count,
        weighted_n=float(w.sum()),
        effective_n=effective,
        design_effect=count / effective,
        efficiency=effective / count,
        margin_of_error=margin_of_error(0.5, effective),
    )


def effective_n(weights: np.ndarray) -> float:
    w = np.asarray(weights, dtype=float)
    square = float((w**2).sum())
    return float(w.sum() ** 2 / square) if square else 0.0


def margin_of_error(p: float, n: float) -> float:
    """The 95% margin of error of proportion p from a sample of (effective) size n, in points."""
    if n <= 0:
        return 0.0
    return 100 * Z95 * math.sqrt(p * (1 - p) / n)


# -- population targets from the places app --------------------------------------------------


@dataclass
class Targets:
    """The population margins of a consultation's target area, in the survey's categories."""

    area: Area
    shares: dict[str, dict[str, float]]
    area_labels: dict[str, str]
    source: str
    district_of: dict[int, int]  # any area of the office inside the target → its district's pk


ADULT_BANDS = {
    # census 5-year band's first year → (survey band, share of the census band that is 16+)
    15: (AgeBand.A16_24, 0.8),
    20: (AgeBand.A16_24, 1.0),
    25: (AgeBand.A25_34, 1.0),
    30: (AgeBand.A25_34, 1.0),
    35: (AgeBand.A35_44, 1.0),
    40: (AgeBand.A35_44, 1.0),
    45: (AgeBand.A45_54, 1.0),
    50: (AgeBand.A45_54, 1.0),
    55: (AgeBand.A55_64, 1.0),
    60: (AgeBand.A55_64, 1.0),
    65: (AgeBand.A65_74, 1.0),
    70: (AgeBand.A65_74, 1.0),
    75: (AgeBand.A75_PLUS, 1.0),
    80: (AgeBand.A75_PLUS, 1.0),
    85: (AgeBand.A75_PLUS, 1.0),
}
CENSUS_BAND_START = {band.label: band.first_year for band in census.AGE_BANDS}
WEIGHTED_AGE_BANDS = [b for b in AgeBand.values if b not in ("under_16", "prefer_not")]
WEIGHTED_SEXES = [Sex.FEMALE.value, Sex.MALE.value]
WEIGHTED_ETHNIC_GROUPS = [e for e in EthnicGroup.values if e != "prefer_not"]


def target_area(consultation: Consultation) -> Area | None:
    """The consultation's target area, or else the office's force area."""
    if consultation.area_id:
        return consultation.area
    return Area.objects.for_office(consultation.office).filter(kind=AreaKind.FORCE_AREA).first()


def _adult_age_bands(area: Area) -> tuple[dict[str, float], str, str]:
    """(16+ population by survey age band, source, basis) from the census 5-year bands."""
    population = population_of(area, Dimension.AGE_BAND)
    bands: dict[str, float] = dict.fromkeys(WEIGHTED_AGE_BANDS, 0.0)
    for label, value in population.rows:
        start = CENSUS_BAND_START.get(label)
        if start is None or start not in ADULT_BANDS:
            continue
        band, part = ADULT_BANDS[start]
        bands[band] += value * part
    source = "; ".join(population.sources)
    return bands, source, population.basis if population.estimated else ""


def _district_map(target: Area) -> tuple[list[Area], dict[int, int]]:
    """The districts the target area is made of, and each area inside it → its district."""
    areas = {a.pk: a for a in Area.objects.for_office(target.office)}

    def chain(area: Area) -> list[Area]:
        out = [area]
        while out[-1].parent_id and out[-1].parent_id in areas and len(out) < 10:
            out.append(areas[out[-1].parent_id])
        return out

    districts = [
        a
        for a in areas.values()
        if a.kind == AreaKind.DISTRICT and any(x.pk == target.pk for x in chain(a))
    ]
    if not districts:
        # A district or smaller: its district, if any, is the only one.
        above = [a for a in chain(target) if a.kind == AreaKind.DISTRICT]
        districts = above[:1]
    district_ids = {d.pk for d in districts}
    district_of: dict[int, int] = {}
    for area in areas.values():
        for step in chain(area):
            if step.pk in district_ids:
                district_of[area.pk] = step.pk
                break
    return sorted(districts, key=lambda d: d.name), district_of


def population_targets(consultation: Consultation) -> Targets:
    """The margins to weight `consultation`'s respondents to, or WeightingError saying why not.

    Age bands are 16 and over from the census five-year bands (16 to 24 takes four fifths of
    the 15 to 19 band); sex is of people 16 and over, estimated from the age bands and the
    national share of women in each band where the area has no figures by sex of its own;
    ethnic groups are of all ages (the census table has no age split); districts by their 16+
    population. A target area of one district weights by age, sex and ethnic group only.
    """
    area = target_area(consultation)
    if area is None:
        raise WeightingError(
            _("The consultation has no target area and the office has no force area set up.")
        )
    no_figures = _(
        "There are no census figures for %(area)s: import the census age bands and ethnic groups "
        "on the Places page."
    )
    ages, age_source, age_basis = _adult_age_bands(area)
    if not any(ages.values()):
        raise WeightingError(no_figures % {"area": area.name})
    ethnic = population_of(area, Dimension.ETHNIC_GROUP)
    if not ethnic:
        raise WeightingError(no_figures % {"area": area.name})
    ethnic_shares = {code: 0.0 for code in WEIGHTED_ETHNIC_GROUPS} | {
        str(category).lower(): float(value) for category, value in ethnic.rows
    }

    sex_shares, sex_note = _adult_sexes(area, ages)

    notes = [
        _("Census 2021 (ONS), people aged 16 and over")
        + f": {age_source}"
        + " "
        + _("(16 to 24 counts four fifths of the 15 to 19 band)."),
        _("Ethnic group (all ages): %(source)s.") % {"source": "; ".join(ethnic.sources)},
        sex_note,
    ]
    if age_basis:
        notes.append(age_basis)
    if ethnic.estimated and ethnic.basis:
        notes.append(ethnic.basis)

    shares: dict[str, dict[str, float]] = {
        "age_band": ages,
        "sex": sex_shares,
        "ethnic_group": ethnic_shares,
    }
    districts, district_of = _district_map(area)
    area_labels = {str(d.pk): d.name for d in districts}
    if len(districts) > 1:
        by_district = {}
        for district in districts:
            adults, _source, _basis = _adult_age_bands(district)
            total = sum(adults.values())
            if not total:
                raise WeightingError(no_figures % {"area": district.name})
            by_district[str(district.pk)] = total
        shares["area"] = by_district
        notes.append(_("Districts by their population aged 16 and over."))
    for dim, values in shares.items():
        shares[dim] = clean_shares(dim, values)
    return Targets(
        area=area,
        shares=shares,
        area_labels=area_labels,
        source=" ".join(n for n in notes if n),
        district_of=district_of,
    )


def _adult_sexes(area: Area, ages: dict[str, float]) -> tuple[dict[str, float], str]:
    """Women and men aged 16 and over, with a sentence on how the figures were found."""
    own = list(area.population.filter(dimension=Dimension.SEX_AGE))
    if own:
        totals = {"female": 0.0, "male": 0.0}
        for figure in own:
            sex, age = census.split_sex_age(figure.category)
            if age >= 16:
                totals[sex.lower()] += figure.value
        return totals, _("Sex: the census figures by sex and single year of age, 16 and over.")
    national = national_female_share(area.office)
    population = population_of(area, Dimension.AGE_BAND)
    if national is not None and population:
        country, shares = national
        female = male = 0.0
        for label, value in population.rows:
            start = CENSUS_BAND_START.get(label)
            if start is None or start not in ADULT_BANDS or label not in shares:
                continue
            people = value * ADULT_BANDS[start][1]
            female += people * float(shares[label])
            male += people * (1 - float(shares[label]))
        return {"female": female, "male": male}, _(
            "Sex (16 and over): estimated from the age bands and the share of women in each "
            "band in %(country)s."
        ) % {"country": country.name}
    figures = population_of(area, Dimension.SEX)
    if not figures:
        raise WeightingError(
            _(
                "There are no figures by sex for %(area)s: import the census figures by sex and "
                "single year of age for England and Wales."
            )
            % {"area": area.name}
        )
    return {str(c).lower(): float(v) for c, v in figures.rows}, _("Sex: all ages (%(basis)s)") % {
        "basis": figures.basis or "; ".join(figures.sources)
    }
