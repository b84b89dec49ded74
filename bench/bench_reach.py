"""Benchmark of the gap analysis and the dashboard at scale (issue 7, Speed).

The office of bench/reach_scale.py on PostgreSQL: 5 years of 50,000 activities (45,000 audience
counts, 100,000 ratings), 200,000 consultation respondents, 1,800 forum reports, 30,000
concerns, 900 surgery bookings and 20,000 subscribers. Timed, RUNS times each, median:

- the gap analysis (`planning.gaps.gap_analysis`) of the last 12 months and of all 5 years, and
  its page (/planning/gaps/, signed in, rendered: what an engagement manager waits for);
- the dashboard's figures (`reports.figures.figures_for`) of the last 12 months and of the
  5 years, and its page (/dashboard/);
- the baseline: one SQL aggregate over the same rows, the activities and the respondents of the
  period counted and summed by area in one GROUP BY, the least any reach figure can cost.

Target: each under 1 s. The ratio printed is the baseline's median over ours (1.0 would mean as
cheap as the single aggregate).

Run: DEBUG=1 .venv/bin/python bench/bench_reach.py   (or: make bench BENCH=bench/bench_reach.py)
PostgreSQL from BENCH_DATABASE_URL, else DATABASE_URL if it is PostgreSQL, else
postgres://postgres@127.0.0.1:5432/postgres (the scratch database engage_bench_reach is kept
between runs); skipped with a message when PostgreSQL cannot be reached.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import reach_scale

RUNS = 7
TARGET_SECONDS = 1.0


def timed(fn: Callable[[], object], runs: int = RUNS) -> float:
    """The median of `runs` calls, in seconds, after one untimed call."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    url = reach_scale.database_url()
    if url is None:
        return
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "engage.settings",
            "DATABASE_URL": url,
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key"),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from engage.accounts.models import User
    from engage.planning.gaps import gap_analysis
    from engage.reports import figures

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    office = reach_scale.scale_office()
    today = timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    five_years_ago = today - dt.timedelta(days=5 * 365 + 2)
    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Django {django.get_version()}, PostgreSQL "
        f"{connection.cursor().connection.info.server_version}; {RUNS} runs each, median",
        flush=True,
    )

    def one_aggregate(since: dt.date) -> Callable[[], object]:
        def run() -> object:
            with connection.cursor() as cursor:
                cursor.execute(
                    """
                    SELECT area_id, count(*), sum(people) FROM (
                        SELECT area_id, people_reached AS people FROM engagements_activity
                        WHERE office_id = %(office)s AND starts_at >= %(since)s
                        UNION ALL
                        SELECT area_id, 1 FROM consultations_response
                        WHERE office_id = %(office)s AND submitted_at >= %(since)s
                          AND submitted_at IS NOT NULL
                    ) AS reached GROUP BY area_id
                    """,
                    {"office": office.pk, "since": since},
                )
                return cursor.fetchall()

        return run

    client = Client()
    client.force_login(User.objects.get(email=f"officer@{reach_scale.SLUG}.test"))

    def page(path: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return run

    twelve = figures.custom(year_ago, today)
    all_five = figures.custom(five_years_ago, today)
    cases: list[tuple[str, Callable[[], object], dt.date]] = [
        ("gap analysis, 12 months", lambda: gap_analysis(office, end=today, months=12), year_ago),
        (
            "gap analysis, 5 years",
            lambda: gap_analysis(office, end=today, months=60),
            five_years_ago,
        ),
        ("gap analysis page, 12 months", page("/planning/gaps/"), year_ago),
        ("dashboard figures, 12 months", lambda: figures.figures_for(office, twelve), year_ago),
        (
            "dashboard figures, 5 years",
            lambda: figures.figures_for(office, all_five),
            five_years_ago,
        ),
        ("dashboard page, 12 months", page("/dashboard/?period=last_12_months"), year_ago),
    ]
    baselines: dict[dt.date, float] = {}
    missed = []
    for label, fn, since in cases:
        if since not in baselines:
            baselines[since] = timed(one_aggregate(since))
        ours = timed(fn)
        base = baselines[since]
        verdict = "met" if ours < TARGET_SECONDS else "MISSED"
        if ours >= TARGET_SECONDS:
            missed.append(label)
        print(
            f"{label}: median {ours * 1000:.0f} ms against one SQL aggregate over the same rows "
            f"{base * 1000:.0f} ms: ratio {base / ours:.2f}; target < {TARGET_SECONDS:.0f} s: "
            f"{verdict}",
            flush=True,
        )
    print("all targets met" if not missed else f"targets missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
