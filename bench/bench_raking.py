"""Benchmark of weighting by raking (issue 4, Speed).

1,000,000 synthetic respondents on 4 margins (age 7 × sex 2 × ethnic group 5 × district 30),
skewed as real surveys are: older, whiter, more often female, unevenly spread over districts,
with ethnic minorities concentrated in a few districts. Measured, several times each:

- ours: `weighting.rake` as the analysis calls it: one cell code per row, a bincount to collapse
  the rows to the cell tensor, IPF on the tensor in NumPy, trim (0.2–5 × the mean), map the
  weights back to the rows;
- the limit: a plain NumPy iterative proportional fitting of the same data already collapsed
  to its cells (to 1e-10), as the issue defines it; and, for context, the same plain NumPy
  pipeline end to end (collapse, IPF, map back), which does the same work as ours.

Also checks that our weights agree with weightipy's own run on the cells, and with the plain
NumPy IPF, to 1e-6; and times weightipy row by row on 100,000 rows once, for context.

Run: DEBUG=1 .venv/bin/python bench/bench_raking.py   (or: make bench BENCH=bench/bench_raking.py)
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")

import django

django.setup()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from engage.consultations.weighting import rake, rake_cells_weightipy  # noqa: E402

N = 1_000_000
AGES = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]
SEXES = ["female", "male"]
ETHNIC = ["asian", "black", "mixed", "other", "white"]
AREAS = [f"district-{i:02d}" for i in range(30)]
TARGETS = {
    "age_band": dict(zip(AGES, [0.14, 0.16, 0.16, 0.17, 0.15, 0.12, 0.10], strict=True)),
    "sex": {"female": 0.51, "male": 0.49},
    "ethnic_group": {"asian": 0.07, "black": 0.03, "mixed": 0.025, "other": 0.015, "white": 0.86},
    "area": {a: s for a, s in zip(AREAS, np.linspace(0.6, 1.4, 30) / 30, strict=True)},
}


def synthetic(n: int, seed: int = 2026) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sex = rng.choice(2, n, p=[0.6, 0.4])
    age = rng.choice(7, n, p=[0.05, 0.09, 0.13, 0.17, 0.21, 0.20, 0.15])
    age = np.minimum(age + (sex == 0) * (rng.random(n) < 0.1), 6)  # the women a little older
    area = rng.choice(30, n, p=np.linspace(1.5, 0.5, 30) / np.linspace(1.5, 0.5, 30).sum())
    diverse = area % 6 == 0  # five districts where most minority respondents live
    minority = rng.random(n) < np.where(diverse, 0.2, 0.03)
    ethnic = np.where(minority, rng.choice(4, n, p=[0.5, 0.25, 0.15, 0.10]), 4)
    codes = {"age_band": age, "sex": sex, "ethnic_group": ethnic, "area": area}
    names = {"age_band": AGES, "sex": SEXES, "ethnic_group": ETHNIC, "area": AREAS}
    return pd.DataFrame(
        {
            dim: pd.Categorical.from_codes(codes[dim].astype(np.int8), categories=names[dim])
            for dim in TARGETS
        }
    )


def collapse(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Plain NumPy: each row's cell id, the cell counts, and each cell's code per dimension."""
    sizes = [len(TARGETS[d]) for d in TARGETS]
    cell_id = np.zeros(len(frame), dtype=np.int32)
    for dim, size in zip(TARGETS, sizes, strict=True):
        cell_id *= size
        cell_id += frame[dim].cat.codes.to_numpy()
    counts = np.bincount(cell_id, minlength=int(np.prod(sizes)))
    present = np.nonzero(counts)[0]
    codes, rest = [], present.copy()
    for size in reversed(sizes):
        codes.append(rest % size)
        rest //= size
    return cell_id, present, codes[::-1]


SHARES = [np.array(list(TARGETS[d].values())) for d in TARGETS]


def numpy_ipf(counts: np.ndarray, codes: list[np.ndarray], tol: float = 1e-10) -> np.ndarray:
    """Plain IPF on the cells: each cell's per-respondent weight, mean 1."""
    total = counts.sum()
    cell_total = counts.astype(float)
    for _sweep in range(1000):
        worst = 0.0
        for c, share in zip(codes, SHARES, strict=True):
            got = np.bincount(c, weights=cell_total, minlength=len(share))
            factor = share * total / got
            cell_total *= factor[c]
            worst = max(worst, float(np.abs(factor - 1).max()))
        if worst < tol:
            break
    return cell_total / counts


def numpy_end_to_end(frame: pd.DataFrame) -> np.ndarray:
    cell_id, present, codes = collapse(frame)
    counts = np.bincount(cell_id)[present]
    by_cell = np.zeros(cell_id.max() + 1)
    by_cell[present] = numpy_ipf(counts, codes)
    return by_cell[cell_id]


def timed(fn, runs: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    frame = synthetic(N)
    cell_id, present, codes = collapse(frame)
    counts = np.bincount(cell_id)[present]
    print(f"{N:,} respondents in {len(present):,} distinct cells")

    ours_s, result = timed(lambda: rake(frame, TARGETS), runs=7)
    untrimmed_s, _r = timed(lambda: rake(frame, TARGETS, trim=None), runs=7)
    engine_s, _t = timed(lambda: rake_cells_weightipy(counts.astype(float), codes, SHARES), runs=7)
    limit_s, _w = timed(lambda: numpy_ipf(counts, codes), runs=7)
    whole_s, numpy_weights = timed(lambda: numpy_end_to_end(frame), runs=7)
    weights = result.weights  # type: ignore[attr-defined]
    print(
        f"raking {N:,}: ours median {1000 * ours_s:.1f} ms "
        f"(max weight {np.nanmax(weights):.2f}, trimmed: {'yes' if result.rounds else 'no'}); "  # type: ignore[attr-defined]
        f"limit (NumPy IPF on the collapsed cells) {1000 * limit_s:.1f} ms; "
        f"NumPy end to end (collapse, IPF, map back) {1000 * whole_s:.1f} ms"
    )
    print(
        f"parts: ours without trimming {1000 * untrimmed_s:.1f} ms; weightipy on the cells "
        f"(the reference the tests check us against, not in production) {1000 * engine_s:.1f} ms"
    )

    untrimmed = rake(frame, TARGETS, trim=None).weights
    totals, _iterations = rake_cells_weightipy(counts.astype(float), codes, SHARES)
    by_cell = np.zeros(cell_id.max() + 1)
    by_cell[present] = totals / counts
    weightipy_weights = by_cell[cell_id] / np.mean(by_cell[cell_id])
    vs_weightipy = float(np.abs(untrimmed - weightipy_weights).max())
    vs_numpy = float(np.abs(untrimmed - numpy_weights / np.mean(numpy_weights)).max())  # type: ignore[operator]
    print(
        f"agreement: max |ours − weightipy on the cells| {vs_weightipy:.1e}, "
        f"max |ours − NumPy IPF| {vs_numpy:.1e} (target under 1e-6: "
        f"{'met' if max(vs_weightipy, vs_numpy) < 1e-6 else 'MISSED'})"
    )

    from weightipy import Rim, weight

    sample = synthetic(100_000, seed=7).astype(str)
    scheme = Rim("bench", max_iterations=1000)
    scheme.set_targets([{d: {k: 100 * v for k, v in TARGETS[d].items()}} for d in TARGETS])
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        weight(sample, scheme)
    rows_s = time.perf_counter() - start
    print(f"context: weightipy row by row on 100,000 rows {1000 * rows_s:.0f} ms (once)")

    ratio = ours_s / limit_s
    print(
        f"ratio {ratio:.1f} (ours / NumPy IPF on the collapsed cells; target ≤ 5: "
        f"{'met' if ratio <= 5 else 'MISSED'}); "
        f"ratio end to end {ours_s / whole_s:.1f} (ours / NumPy collapse + IPF + map back); "
        f"ratio untrimmed {untrimmed_s / limit_s:.1f}; weightipy on the cells alone "
        f"{engine_s / limit_s:.1f}"
    )


if __name__ == "__main__":
    main()
