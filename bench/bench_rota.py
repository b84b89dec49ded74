"""Benchmark of the forum rota solver (issue 3, Speed).

Two synthetic offices: 30 forums meeting quarterly for 8 quarters with the Commissioner and the
Deputy, solved to optimality (target under 5 s); and a regional office of 200 forums solved to a
feasible rota (target under 60 s). Each is measured several times; the baseline is building the
same CP-SAT model without solving it, measured in the same run.

Run: DEBUG=1 .venv/bin/python bench/bench_rota.py   (or: make bench BENCH=bench/bench_rota.py)
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")

import django

django.setup()

from engage.meetings.rota import (  # noqa: E402
    Forum,
    ForumMeeting,
    Person,
    RotaProblem,
    build_model,
    check_rota,
    solve_rota,
)

CYCLE_START = dt.date(2026, 4, 1)


def _weekday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def synthetic_office(
    forums: int,
    quarters: int,
    *,
    districts: int,
    people: int,
    busy_share: float,
    cap: int,
    seed: int,
    step: int = 3,
    spread: int = 56,
) -> RotaProblem:
    """Forums meeting once a quarter, forum i on day (i × step) mod spread of the quarter (as
    generate_occurrences spreads them: 3 days apart over 8 weeks), moved off weekends; and
    diaries with `busy_share` of working days already taken."""
    rng = random.Random(seed)
    forum_list = [
        Forum(i + 1, f"Forum {i + 1}", f"District {i % districts + 1}") for i in range(forums)
    ]
    meetings = []
    for q in range(quarters):
        start = dt.date(
            CYCLE_START.year + (CYCLE_START.month - 1 + 3 * q) // 12,
            (CYCLE_START.month - 1 + 3 * q) % 12 + 1,
            1,
        )
        for i, forum in enumerate(forum_list):
            day = _weekday(start + dt.timedelta(days=(i * step) % spread))
            meetings.append(ForumMeeting(len(meetings) + 1, forum.id, day))
    people_list = [
        Person(100 + i, name)
        for i, name in enumerate(["Commissioner", "Deputy", "Assistant 1", "Assistant 2"][:people])
    ]
    last = max(m.day for m in meetings)
    days = [CYCLE_START + dt.timedelta(days=n) for n in range((last - CYCLE_START).days + 1)]
    working = [d for d in days if d.weekday() < 5]
    busy = {p.id: {d for d in working if rng.random() < busy_share} for p in people_list}
    return RotaProblem(forum_list, meetings, people_list, busy, {}, cap)


def measure(
    label: str, problem: RotaProblem, *, runs: int, time_limit: float, want: set[str]
) -> float:
    builds, solves, statuses = [], [], set()
    for run in range(runs):
        started = time.perf_counter()
        build_model(problem)
        builds.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = solve_rota(problem, time_limit=time_limit, seed=run)
        solves.append(time.perf_counter() - started)
        statuses.add(result.status)
        assert not check_rota(problem, result.assignments), check_rota(problem, result.assignments)
        assert not result.uncovered, [u.reason for u in result.uncovered]
    median, baseline = statistics.median(solves), statistics.median(builds)
    status = "/".join(sorted(statuses))
    print(
        f"{label}: median {median:.2f}s baseline(build only) {baseline:.3f}s "
        f"ratio {median / baseline:.1f} status {status} "
        f"({len(problem.forums)} forums, {len(problem.meetings)} meetings, {len(problem.people)} people, "
        f"{runs} runs, min {min(solves):.2f}s max {max(solves):.2f}s)"
    )
    assert statuses <= want, statuses
    return median


def main() -> None:
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    small = synthetic_office(30, 8, districts=5, people=2, busy_share=0.35, cap=2, seed=3)
    small_median = measure("rota-30x8", small, runs=5, time_limit=30, want={"OPTIMAL"})
    # The same office with diaries 70% full: the greedy start is no longer the best rota.
    busy = synthetic_office(30, 8, districts=5, people=2, busy_share=0.7, cap=2, seed=1)
    measure("rota-30x8-busy", busy, runs=5, time_limit=30, want={"OPTIMAL"})
    # A regional office sets its forums' own evenings: spread over the whole quarter.
    big = synthetic_office(
        200, 8, districts=20, people=2, busy_share=0.35, cap=8, seed=4, step=37, spread=84
    )
    big_median = measure("rota-200x8", big, runs=3, time_limit=55, want={"OPTIMAL", "FEASIBLE"})
    print(
        f"targets: rota-30x8 under 5 s: {'met' if small_median < 5 else 'MISSED'}; "
        f"rota-200x8 under 60 s: {'met' if big_median < 60 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
