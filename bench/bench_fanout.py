"""Benchmark of an alert's fan-out to 1,000,000 subscribers on PostgreSQL (issue 5, Speed).

A scratch database (engage_bench_fanout, created and dropped here) is migrated like any other,
then given one office, a force area of 30 districts with 5 wards each, and 1,000,000 active
subscribers (a quarter by text message, a tenth in Welsh, random topic bits, each with a ward or
a whole district; some with two areas), built in SQL with generate_series. Measured in the same
run, several times each, with the messages table emptied in between:

- ours: `alerts.fan_out(alert)` for an appeal to the whole force area about every topic, so it
  reaches all 1,000,000: one INSERT … SELECT that checks status, topic bits, areas (with their
  ancestors and descendants) and suppressions, and writes one queued message per person with
  its key, into messaging_message with its unique key, indexes and foreign keys;
- the limit: a raw COPY of 1,000,000 rows of the same 15 columns (prepared in memory beforehand)
  into a scratch table with no indexes, the cheapest way to put that many rows in PostgreSQL;
  and, for context, the same COPY into a scratch table with messaging_message's indexes, and
  into messaging_message itself (indexes and foreign keys, as the fan-out writes).

Memory: the fan-out loads no subscriber into Python, so the process's peak RSS is the same for
100,000 recipients (3 districts) as for 1,000,000.

Where the time goes: the rows themselves cost what a COPY costs; the rest is the indexes a
message needs (its primary key, (alert, subscriber) which keeps an alert's messages unique,
(status, due_at) for the sender, subscriber) and the anti-join that skips anyone already sent
the alert. The second and third context lines show the indexes alone: COPY into
messaging_message is the floor for these rows in that table. Foreign-key checks, a query per row
and constraint, were most of the time until migration messaging 0002 dropped them; a unique
index on the key text (and its LIKE index) and ON CONFLICT's per-row check cost a third of what
was left until messaging 0003. Each timed run starts after a CHECKPOINT, so the write-ahead log
one run leaves behind is not flushed in the next.

Run: DEBUG=1 .venv/bin/python bench/bench_fanout.py   (or: make bench BENCH=bench/bench_fanout.py)
PostgreSQL from BENCH_DATABASE_URL, else DATABASE_URL if it is PostgreSQL, else
postgres://postgres@127.0.0.1:5432/postgres; skipped with a message when it cannot be reached.
"""

from __future__ import annotations

import contextlib
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

N = 1_000_000
SMALL_DISTRICTS = 3  # an alert to 3 of the 30 districts: about 100,000 people
DISTRICTS, WARDS = 30, 5
RUNS = 5
SCRATCH = "engage_bench_fanout"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
COLUMNS = (
    "office_id, created_at, updated_at, kind, channel, address, language, key, subscriber_id, "
    "alert_id, status, attempts, due_at, provider_ref, error"
)


def _server_url() -> str:
    for name in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return DEFAULT_URL


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=5)


def create_scratch(server: str) -> bool:
    import psycopg

    try:
        with _admin(server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
            conn.execute(f'CREATE DATABASE "{SCRATCH}"')
    except psycopg.OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else error
        print(f"skipped: PostgreSQL is not reachable at {server} ({first_line})")
        return False
    return True


def drop_scratch(server: str) -> None:
    with _admin(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def build(cursor, office_id: int, area_ids: list[int], n: int) -> None:  # type: ignore[no-untyped-def]
    """n active subscribers and their areas, in three statements.

    The rows are made consistent by construction, so the per-row foreign-key triggers are
    switched off while they are written (superuser only; otherwise they run, just slower).
    This is the setting up, not what is measured."""
    from django.db import DatabaseError

    with contextlib.suppress(DatabaseError):  # not a superuser: built with the checks on
        cursor.execute("SET session_replication_role = replica")
    cursor.execute(
        """
        INSERT INTO messaging_subscriber
            (office_id, created_at, updated_at, channel, address, language, topics, status,
             confirmed_at)
        SELECT %s, now(), now(),
               CASE WHEN i %% 4 = 0 THEN 'sms' ELSE 'email' END,
               CASE WHEN i %% 4 = 0 THEN '+447' || lpad(i::text, 9, '0')
                    ELSE 'person' || i || '@example.org' END,
               CASE WHEN i %% 10 = 0 THEN 'cy' ELSE 'en-gb' END,
               1 + ((i::bigint * 2654435761) %% 255),
               'active', now()
        FROM generate_series(1, %s) AS i
        """,
        [office_id, n],
    )
    # Each person chooses one area (most a ward, one in six a whole district); one in eight a
    # second one too.
    cursor.execute(
        """
        INSERT INTO messaging_subscriber_areas (subscriber_id, area_id)
        SELECT s.id, (%s::bigint[])[1 + (s.id * 40503) %% %s]
        FROM messaging_subscriber s WHERE s.office_id = %s
        """,
        [area_ids, len(area_ids), office_id],
    )
    cursor.execute(
        """
        INSERT INTO messaging_subscriber_areas (subscriber_id, area_id)
        SELECT s.id, (%s::bigint[])[1 + (s.id * 7 + 3) %% %s]
        FROM messaging_subscriber s WHERE s.office_id = %s AND s.id %% 8 = 0
        ON CONFLICT DO NOTHING
        """,
        [area_ids, len(area_ids), office_id],
    )
    cursor.execute("SET session_replication_role = DEFAULT")
    cursor.execute("ANALYZE")


def copy_payload(office_id: int, alert_id: int, first_subscriber: int, n: int) -> list[bytes]:
    """The rows the fan-out writes, as COPY text, in chunks (built before the clock starts)."""
    stamp = "2026-11-23 18:00:00+00"
    chunks, lines = [], []
    for i in range(1, n + 1):
        sms = i % 4 == 0
        address = f"+447{i:09d}" if sms else f"person{i}@example.org"
        lines.append(
            f"{office_id}\t{stamp}\t{stamp}\talert\t{'sms' if sms else 'email'}\t{address}\t"
            f"{'cy' if i % 10 == 0 else 'en-gb'}\talert:{alert_id}:{first_subscriber + i}\t"
            f"{first_subscriber + i}\t{alert_id}\tqueued\t0\t{stamp}\t\t\n"
        )
        if len(lines) == 50_000:
            chunks.append("".join(lines).encode())
            lines = []
    if lines:
        chunks.append("".join(lines).encode())
    return chunks


def checkpoint(cursor) -> None:  # type: ignore[no-untyped-def]
    """Start each timed run with the write-ahead log flushed, so that a checkpoint forced by the
    previous run's writes is not charged to whichever run comes next (superuser only)."""
    from django.db import DatabaseError

    with contextlib.suppress(DatabaseError):
        cursor.execute("CHECKPOINT")


def timed(fn, before, runs: int = RUNS) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main(server: str) -> None:
    os.environ["DATABASE_URL"] = _with_database(server, SCRATCH)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from engage.core.models import Office
    from engage.messaging import alerts
    from engage.messaging.models import ALL_TOPICS, Message
    from engage.places.models import Area, AreaKind

    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"scratch database {SCRATCH} migrated in {time.perf_counter() - start:.1f} s")

    office = Office.objects.create(
        name="Office of the Police and Crime Commissioner for Benchshire",
        short_name="Benchshire OPCC",
        slug="benchshire",
        force_name="Benchshire Police",
    )
    force = Area.objects.create(office=office, kind=AreaKind.FORCE_AREA, name="Benchshire")
    districts, wards = [], []
    for d in range(DISTRICTS):
        district = Area.objects.create(
            office=office, kind=AreaKind.DISTRICT, name=f"District {d + 1:02d}", parent=force
        )
        districts.append(district)
        wards += [
            Area.objects.create(
                office=office, kind=AreaKind.WARD, name=f"Ward {d + 1:02d}-{w + 1}", parent=district
            )
            for w in range(WARDS)
        ]
    # Five wards and one whole district per district: one in six chooses the district.
    choosable = [
        a.pk for d, district in enumerate(districts) for a in [district, *wards[5 * d : 5 * d + 5]]
    ]

    start = time.perf_counter()
    with connection.cursor() as cursor:
        build(cursor, office.pk, choosable, N)
    print(
        f"{N:,} active subscribers in {len(choosable)} areas built in {time.perf_counter() - start:.1f} s"
    )

    everyone = alerts.create_alert(
        office,
        by=None,
        areas=[force],
        topics=ALL_TOPICS,
        kind="appeal",
        title="Do you have CCTV on Bench Street?",
        body="Burglaries on Bench Street. Please check your footage and reply.",
        sms_text="Burglaries on Bench Street: do you have CCTV? Please reply.",
    )
    some = alerts.create_alert(
        office,
        by=None,
        areas=districts[:SMALL_DISTRICTS],
        topics=ALL_TOPICS,
        kind="appeal",
        title="Do you have CCTV on Small Street?",
        body="Burglaries on Small Street. Please check your footage and reply.",
        sms_text="Burglaries on Small Street: do you have CCTV? Please reply.",
    )
    start = time.perf_counter()
    expected = alerts.recipient_count(office, [force], ALL_TOPICS)["total"]
    print(
        f"recipient count (the staff page's check) of {expected:,}: {time.perf_counter() - start:.2f} s"
    )
    assert expected == N, expected
    small = alerts.recipient_count(office, districts[:SMALL_DISTRICTS], ALL_TOPICS)["total"]

    def empty() -> None:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE messaging_message")
            checkpoint(cursor)

    # Memory first, before this process holds any large buffer.
    rss_start = peak_rss_mb()
    small_s, _ = timed(lambda: alerts.fan_out(some), empty, runs=3)
    assert Message.objects.count() == small, (Message.objects.count(), small)
    rss_small = peak_rss_mb()
    created: list[int] = []
    timed(lambda: created.append(alerts.fan_out(everyone)), empty, runs=1)
    rss_large = peak_rss_mb()
    start = time.perf_counter()
    again = alerts.fan_out(everyone)
    repeat_s = time.perf_counter() - start
    assert created == [N] and again == 0, (created, again)
    print(
        f"memory: peak RSS {rss_start:.0f} MB before, {rss_small:.0f} MB after fanning out to "
        f"{small:,}, {rss_large:.0f} MB after {N:,}: "
        f"{'flat' if rss_large - rss_small < 10 else 'GREW'} ({rss_large - rss_small:+.0f} MB)"
    )
    print(f"fan-out of {small:,} recipients (3 districts): median {small_s:.2f} s")
    print(f"fan-out repeated with all {N:,} messages in place: {repeat_s:.2f} s, 0 created")

    first = Message.objects.order_by("subscriber_id").values_list("subscriber_id", flat=True)[0]
    payload = copy_payload(office.pk, everyone.pk, first - 1, N)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_copy (LIKE messaging_message INCLUDING DEFAULTS INCLUDING IDENTITY)"
        )
        cursor.execute("CREATE TABLE bench_copy_indexed (LIKE messaging_message INCLUDING ALL)")

    def copy_into(table: str) -> None:
        raw = connection.connection  # psycopg's own connection, below Django
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({COLUMNS}) FROM STDIN") as copy:
            for chunk in payload:
                copy.write(chunk)

    def truncate(table: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {table}")
                checkpoint(cursor)

        return run

    # Ours and the limit take turns, so both meet the same load on a shared machine.
    ours, limit = [], []
    for _ in range(RUNS):
        limit.append(timed(lambda: copy_into("bench_copy"), truncate("bench_copy"), runs=1)[0])
        ours.append(timed(lambda: alerts.fan_out(everyone), empty, runs=1)[0])
    ours_s, limit_s = statistics.median(ours), statistics.median(limit)
    indexed_s, _ = timed(lambda: copy_into("bench_copy_indexed"), truncate("bench_copy_indexed"), 3)
    same_s, _ = timed(lambda: copy_into("messaging_message"), empty, runs=3)
    print(
        f"ours: fan_out(alert) to {N:,} subscribers: median {ours_s:.2f} s "
        f"(runs {', '.join(f'{t:.2f}' for t in ours)})"
    )
    print(
        f"limit: COPY of {N:,} rows of the same 15 columns into a bare scratch table: median "
        f"{limit_s:.2f} s (runs {', '.join(f'{t:.2f}' for t in limit)})"
    )
    print(
        f"context: the same COPY into a table with messaging_message's indexes {indexed_s:.2f} s; "
        f"into messaging_message itself {same_s:.2f} s"
    )
    ratio = limit_s / ours_s
    print(
        f"ratio {ratio:.2f} (COPY into a bare table / fan-out; target ≥ 0.3: "
        f"{'met' if ratio >= 0.3 else 'MISSED'}); "
        f"ratio against COPY into messaging_message {same_s / ours_s:.2f}; "
        f"against COPY into a table with its indexes {indexed_s / ours_s:.2f}"
    )
    connection.close()


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    server = _server_url()
    if create_scratch(server):
        try:
            main(server)
        finally:
            from django.db import connections

            connections.close_all()
            drop_scratch(server)
