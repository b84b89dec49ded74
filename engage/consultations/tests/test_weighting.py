"""Raking respondents to the population: margins met, a second library agrees, bad targets refused."""

from __future__ import annotations

import warnings
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from engage.consultations.models import Consultation, StrategicArea
from engage.consultations.weighting import (
    WeightingError,
    population_targets,
    precision,
    rake,
    rake_cells_weightipy,
)
from engage.places.models import Area, AreaKind
from engage.places.tests.conftest import populated, warwickshire  # noqa: F401 (fixtures)

AGES = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]
TARGETS = {
    "age_band": dict(zip(AGES, [0.14, 0.16, 0.16, 0.17, 0.15, 0.12, 0.10], strict=True)),
    "sex": {"female": 0.51, "male": 0.49},
    "ethnic_group": {"asian": 0.06, "black": 0.02, "mixed": 0.02, "other": 0.01, "white": 0.89},
    "area": {"rugby": 0.2, "warwick": 0.3, "stratford": 0.5},
}


def survey(n: int = 3000, seed: int = 4) -> pd.DataFrame:
    """Respondents skewed as real ones are: older, whiter, more often female."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(["female", "male"], n, p=[0.6, 0.4])
    age = rng.choice(AGES, n, p=[0.05, 0.09, 0.13, 0.17, 0.22, 0.20, 0.14])
    ethnic = rng.choice(
        ["asian", "black", "mixed", "other", "white"], n, p=[0.03, 0.01, 0.015, 0.005, 0.94]
    )
    area = np.where(
        age == "75+",
        rng.choice(["rugby", "warwick", "stratford"], n, p=[0.1, 0.2, 0.7]),
        rng.choice(["rugby", "warwick", "stratford"], n, p=[0.3, 0.4, 0.3]),
    )
    return pd.DataFrame({"age_band": age, "sex": sex, "ethnic_group": ethnic, "area": area})


def margins_of(frame: pd.DataFrame, weights: np.ndarray) -> dict[str, dict[str, float]]:
    kept = ~np.isnan(weights)
    out = {}
    for dim in TARGETS:
        sums = pd.Series(weights[kept]).groupby(frame[dim].to_numpy()[kept]).sum()
        out[dim] = (sums / sums.sum()).to_dict()
    return out


def plain_ipf(frame: pd.DataFrame, targets: dict, tol: float = 1e-13) -> np.ndarray:
    """Iterative proportional fitting row by row in plain NumPy, independent of weighting.py."""
    w = np.ones(len(frame))
    for _sweep in range(10_000):
        biggest = 0.0
        for dim, shares in targets.items():
            values = frame[dim].to_numpy()
            for category, share in shares.items():
                rows = values == category
                factor = share * w.sum() / w[rows].sum()
                w[rows] *= factor
                biggest = max(biggest, abs(factor - 1))
        if biggest < tol:
            break
    return w / w.mean()


def test_rake_reproduces_every_margin():
    frame = survey()
    result = rake(frame, TARGETS, trim=None)
    achieved = margins_of(frame, result.weights)
    for dim, shares in TARGETS.items():
        for category, share in shares.items():
            assert achieved[dim][category] == pytest.approx(share, abs=1e-6)
            assert result.achieved[dim][category] == pytest.approx(share, abs=1e-6)
    assert result.weights.mean() == pytest.approx(1.0)


def test_rake_agrees_with_plain_numpy_ipf_row_by_row():
    frame = survey()
    ours = rake(frame, TARGETS, trim=None).weights
    assert np.abs(ours - plain_ipf(frame, TARGETS)).max() < 1e-6


def test_rake_agrees_with_samplics():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        from samplics.weighting import SampleWeight
    frame = survey(n=400, seed=9)
    n = len(frame)
    theirs = SampleWeight().rake(
        samp_weight=np.ones(n),
        margins={dim: frame[dim].to_numpy() for dim in TARGETS},
        control={dim: {c: s * n for c, s in shares.items()} for dim, shares in TARGETS.items()},
        tol=1e-10,
        ctrl_tol=1e-10,
        max_iter=300,
    )
    ours = rake(frame, TARGETS, trim=None).weights
    assert np.abs(ours - np.asarray(theirs) / np.mean(theirs)).max() < 1e-6


def test_rake_agrees_with_weightipy_on_the_cells():
    """Production rakes the cell tensor in NumPy; weightipy, raking the same cells, agrees."""
    frame = survey()
    result = rake(frame, TARGETS, trim=None)
    codes = [pd.Index(list(TARGETS[dim])).get_indexer(result.cells[dim]) for dim in TARGETS]
    counts = result.cells["n"].to_numpy(dtype=float)
    shares = [np.array(list(TARGETS[dim].values())) for dim in TARGETS]
    totals, _iterations = rake_cells_weightipy(counts, codes, shares)
    theirs = totals / counts
    theirs /= np.average(theirs, weights=counts)
    assert np.abs(result.cells["weight"].to_numpy() - theirs).max() < 1e-6
    # and so, mapped back, every respondent's weight
    merged = frame.assign(w=result.weights).merge(
        result.cells.assign(theirs=theirs), on=list(TARGETS)
    )
    assert np.abs(merged["w"] - merged["theirs"]).max() < 1e-6


def test_rake_collapses_respondents_to_cells():
    frame = survey()
    result = rake(frame, TARGETS, trim=None)
    distinct = frame.drop_duplicates()
    assert len(result.cells) == len(distinct)
    assert result.cells["n"].sum() == len(frame)
    # every respondent of a cell has the cell's weight
    merged = frame.assign(w=result.weights).merge(result.cells, on=list(TARGETS))
    assert np.allclose(merged["w"], merged["weight"])


def test_trimming_keeps_weights_within_bounds():
    frame = survey()
    untrimmed = rake(frame, TARGETS, trim=None).weights
    assert untrimmed.max() > 2.0  # the bounds below bite
    result = rake(frame, TARGETS, trim=(0.2, 2.0))
    w = result.weights
    assert w.mean() == pytest.approx(1.0)
    assert w.min() >= 0.2 - 1e-9
    assert w.max() <= 2.0 + 1e-9
    # trimming costs a little accuracy on the margins, and buys a larger effective sample
    achieved = margins_of(frame, w)
    assert abs(achieved["age_band"]["16-24"] - 0.14) < 0.03
    assert precision(w).effective_n > precision(untrimmed).effective_n


def test_trim_that_does_not_bind_changes_nothing():
    frame = survey()
    assert np.allclose(
        rake(frame, TARGETS, trim=(0.01, 100)).weights, rake(frame, TARGETS, trim=None).weights
    )


def test_respondents_missing_a_dimension_are_left_out():
    frame = survey()
    frame.loc[:9, "sex"] = None
    frame.loc[10:14, "age_band"] = "under_16"  # not in the population weighted to
    result = rake(frame, TARGETS, trim=None)
    assert np.isnan(result.weights[:15]).all()
    assert not np.isnan(result.weights[15:]).any()
    assert result.cells["n"].sum() == len(frame) - 15
    assert margins_of(frame, result.weights)["sex"]["female"] == pytest.approx(0.51, abs=1e-6)


def test_population_category_nobody_answered_from_is_dropped_and_said():
    frame = survey()
    frame = frame[frame["ethnic_group"] != "black"].reset_index(drop=True)
    result = rake(frame, TARGETS, trim=None)
    assert result.dropped == [("ethnic_group", "black")]
    assert result.targets["ethnic_group"]["white"] == pytest.approx(0.89 / 0.98)
    assert margins_of(frame, result.weights)["ethnic_group"]["white"] == pytest.approx(
        0.89 / 0.98, abs=1e-6
    )


def test_respondents_in_a_group_with_no_population_are_refused():
    targets = {**TARGETS, "area": {"rugby": 0.5, "warwick": 0.5, "stratford": 0}}
    with pytest.raises(WeightingError, match=r"in stratford \(area\) but the population"):
        rake(survey(), targets)


@pytest.mark.parametrize(
    ("sex", "message"),
    [
        ({"female": 0.6, "male": 0.6}, "add up to 1.2000, not 1"),
        ({"female": -5, "male": 100}, "negative"),
        ({"female": 0, "male": 0}, "all zero"),
        ({}, "no population figures for sex"),
        ({"female": None, "male": 40}, "missing"),
    ],
)
def test_bad_targets_are_refused_with_what_to_fix(sex, message):
    with pytest.raises(WeightingError, match=message):
        rake(survey(200), {**TARGETS, "sex": sex})


def test_targets_as_counts_are_scaled_to_shares():
    counts = {**TARGETS, "sex": {"female": 51_000, "male": 49_000}}
    assert np.allclose(
        rake(survey(), counts, trim=None).weights, rake(survey(), TARGETS, trim=None).weights
    )


def test_precision_kish_effective_n():
    w = np.array([1.0, 1.0, 2.0, 4.0, np.nan])
    p = precision(w)
    assert (p.n, p.weighted_n) == (4, 8.0)
    assert p.effective_n == pytest.approx(64 / 22)
    assert p.design_effect == pytest.approx(4 / (64 / 22))
    assert p.efficiency == pytest.approx((64 / 22) / 4)
    assert p.margin_of_error == pytest.approx(100 * 1.96 * (0.25 / (64 / 22)) ** 0.5, rel=1e-3)
    assert precision(None, 400).margin_of_error == pytest.approx(4.9, abs=0.01)


# -- targets from the census figures ---------------------------------------------------------


@pytest.fixture
def consultation(office, populated):  # noqa: F811
    return Consultation.objects.create(
        office=office,
        title="Precept 2027",
        slug="precept-2027",
        description="How much should you pay for policing?",
        strategic_area=StrategicArea.PRECEPT,
    )


def test_population_targets_for_the_force_area(consultation):
    targets = population_targets(consultation)
    assert targets.area.name == "Warwickshire"
    assert list(targets.shares) == ["age_band", "sex", "ethnic_group", "area"]
    for shares in targets.shares.values():
        assert sum(shares.values()) == pytest.approx(1.0)
    assert list(targets.shares["age_band"]) == AGES
    assert sorted(targets.area_labels.values()) == [
        "North Warwickshire",
        "Nuneaton and Bedworth",
        "Rugby",
        "Stratford-on-Avon",
        "Warwick",
    ]
    assert 0.5 < targets.shares["sex"]["female"] < 0.53
    assert targets.shares["ethnic_group"]["white"] > 0.8
    assert "four fifths of the 15 to 19 band" in targets.source


def test_population_targets_age_16_to_24_is_four_fifths_of_15_to_19(consultation):
    from engage.places.models import Dimension
    from engage.places.queries import population_of

    area = population_targets(consultation).area
    bands = dict(population_of(area, Dimension.AGE_BAND).rows)
    adults = (
        sum(
            v
            for k, v in bands.items()
            if k not in {"Aged 4 years and under", "Aged 5 to 9 years", "Aged 10 to 14 years"}
        )
        - bands["Aged 15 to 19 years"] / 5
    )
    expected = (bands["Aged 15 to 19 years"] * 0.8 + bands["Aged 20 to 24 years"]) / adults
    assert population_targets(consultation).shares["age_band"]["16-24"] == pytest.approx(expected)


def test_forum_area_respondents_count_in_their_district(consultation, office):
    warwick = Area.objects.get(office=office, name="Warwick")
    forum = Area.objects.create(
        office=office,
        kind=AreaKind.FORUM_AREA,
        name="Kenilworth",
        parent=warwick,
        population_share=Decimal("0.16"),
    )
    targets = population_targets(consultation)
    assert targets.district_of[forum.pk] == warwick.pk
    assert targets.district_of[warwick.pk] == warwick.pk


def test_population_targets_of_a_district_do_not_weight_by_area(consultation, office):
    consultation.area = Area.objects.get(office=office, name="Rugby")
    targets = population_targets(consultation)
    assert list(targets.shares) == ["age_band", "sex", "ethnic_group"]


def test_no_census_figures_says_so(office):
    force = Area.objects.create(office=office, kind=AreaKind.FORCE_AREA, name="Avonshire")
    consultation = Consultation.objects.create(
        office=office,
        title="Survey",
        slug="survey",
        description="-",
        strategic_area=StrategicArea.OTHER,
        area=force,
    )
    with pytest.raises(WeightingError, match="no census figures for Avonshire"):
        population_targets(consultation)
