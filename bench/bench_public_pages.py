"""Benchmark of the public pages (issue 6, Speed).

What is timed: GETs of the demo office's public pages, as a resident's phone sends them (no
cookie, no sign-in), against bare Django views in this file, served the same way:

- uncached (PUBLIC_PAGE_CACHE off, so every request renders the page: its queries, the menu, the
  layout, the translations): the Commissioner's diary, a consultation's start page (never
  cached: its form carries a signed token) and a consultation's published results, each against
  a bare view that reads 20 rows in one query and renders them as a table in the site's page
  layout (the `base.html` every page extends, without the office's menu and footer).
  Target: ratio (bare median / ours) >= 1.0. The diary's entries and the published figures are
  content kept until what they show changes (core.public_cache.kept), as in production; for
  scale the bench also times them with that off (PUBLIC_CONTENT_CACHE), as on the first request
  after a change.
- cached (PUBLIC_PAGE_CACHE on, as in production; the first request of each page fills the
  cache): the diary and the consultation's published results against a bare view that answers
  "hello". Target: ratio >= 0.5.

For scale it also times the 20 rows without the layout, a bare template of its own. It prints
what the pages hold (diary entries, questions) and each page's number of queries.

Everything is served by one threaded WSGI server (Django's runserver server, with TCP_NODELAY as
production servers have) in this process, with DEBUG off and every middleware of the settings,
on a temporary SQLite database (WAL) that the bench fills with `load_demo` (about a minute). The
load comes from a client in a separate process (so it does not share this process's GIL):
CONNECTIONS kept-alive connections, each sending its next request as soon as the last is
answered; ours and the baseline take turns, ROUNDS times. Every answer must be a 200, and the
page's X-Engage-Cache header must say it was rendered afresh ("off") or came from the cache
("hit"), as the comparison says.

Run: DEBUG=1 .venv/bin/python bench/bench_public_pages.py
     (or: make bench BENCH=bench/bench_public_pages.py)
BENCH_DEMO_DB=/tmp/demo.sqlite3 keeps a copy of the loaded demo there and uses it next time.
Where one page's time goes (cProfile, uncached): add --profile /<office>/diary/
"""

from __future__ import annotations

import http.client
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import types
from pathlib import Path

CONNECTIONS = 8
PER_CONNECTION = 40  # requests each connection sends per round
ROUNDS = 5


# -- the client (run in its own process) -------------------------------------------------------


def client_main(spec_path: str) -> None:
    """Send each connection's requests in turn; print every latency (seconds) as JSON."""
    spec = json.loads(Path(spec_path).read_text())
    host, port, path = spec["host"], spec["port"], spec["path"]
    n = spec["per_connection"]
    results: list[list[float]] = [[] for _ in range(spec["connections"])]
    statuses: list[list[int]] = [[] for _ in range(spec["connections"])]
    caches: list[list[str]] = [[] for _ in range(spec["connections"])]
    barrier = threading.Barrier(spec["connections"])

    def run(i: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        barrier.wait()
        for _ in range(n):
            started = time.perf_counter()
            for attempt in (1, 2):
                try:
                    conn.request("GET", path, headers={"Accept-Language": "en-GB"})
                    reply = conn.getresponse()
                    reply.read()
                    break
                except (http.client.RemoteDisconnected, ConnectionError):
                    # A kept-alive connection closed before the request was read: send it again.
                    conn.close()
                    if attempt == 2:
                        raise
            results[i].append(time.perf_counter() - started)
            statuses[i].append(reply.status)
            caches[i].append(reply.getheader("X-Engage-Cache", ""))
            if reply.will_close:
                conn.close()
        conn.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(spec["connections"])]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    print(
        json.dumps(
            {
                "latencies": [x for r in results for x in r],
                "statuses": [s for st in statuses for s in st],
                "caches": [c for cs in caches for c in cs],
                "wall": wall,
            }
        )
    )


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--client":
    client_main(sys.argv[2])
    sys.exit(0)


# -- the server and the data -------------------------------------------------------------------

WORK = Path(tempfile.mkdtemp(prefix="engage-bench-public-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "engage.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        # Plain HTTP on the loopback: no redirect to HTTPS.
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Static file names as in development (no collectstatic into the checkout): `{% static %}` is
# a dictionary look-up with the manifest, a string join without it, the same for both sides.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path, reverse  # noqa: E402

from engage.consultations.models import Consultation, Status  # noqa: E402
from engage.core.models import Office  # noqa: E402
from engage.places.models import Area  # noqa: E402

ROWS = 20
# The baseline's page: the site's layout (as every page has) around a table of 20 rows.
ROWS_TEMPLATE = engines["django"].from_string(
    """{% extends "base.html" %}{% block title %}Rows{% endblock %}{% block content %}
<h1 class="govuk-heading-l">Twenty rows</h1>
<table class="govuk-table"><thead class="govuk-table__head"><tr class="govuk-table__row">
<th scope="col" class="govuk-table__header">Name</th><th scope="col" class="govuk-table__header">Kind</th>
<th scope="col" class="govuk-table__header">Code</th></tr></thead><tbody class="govuk-table__body">
{% for row in rows %}<tr class="govuk-table__row"><td class="govuk-table__cell">{{ row.name }}</td>
<td class="govuk-table__cell">{{ row.get_kind_display }}</td><td class="govuk-table__cell">{{ row.ons_code }}</td></tr>
{% endfor %}</tbody></table>{% endblock %}"""
)
# For scale only: the same rows with no layout.
BARE_TEMPLATE = engines["django"].from_string(
    """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Rows</title></head>
<body><table><thead><tr><th>Name</th><th>Kind</th><th>Code</th></tr></thead><tbody>
{% for row in rows %}<tr><td>{{ row.name }}</td><td>{{ row.get_kind_display }}</td><td>{{ row.ons_code }}</td></tr>
{% endfor %}</tbody></table></body></html>"""
)


def rows_page(request: HttpRequest) -> HttpResponse:
    """The uncached baseline: one query for 20 rows, a template in the site's layout."""
    rows = list(Area.objects.order_by("pk")[:ROWS])
    return HttpResponse(ROWS_TEMPLATE.render({"rows": rows}, request))


def bare_rows(request: HttpRequest) -> HttpResponse:
    rows = list(Area.objects.order_by("pk")[:ROWS])
    return HttpResponse(BARE_TEMPLATE.render({"rows": rows}, request))


def hello(request: HttpRequest) -> HttpResponse:
    """The cached baseline."""
    return HttpResponse("hello", content_type="text/plain")


def _urlconf() -> types.ModuleType:
    import engage.urls

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/rows/", rows_page),
        path("bench/bare-rows/", bare_rows),
        path("bench/hello/", hello),
        *engage.urls.urlpatterns,
    ]
    return module


class QuietHandler(WSGIRequestHandler):
    # wsgiref sends the headers and the body in two writes: with Nagle's algorithm on, the body
    # waits for the client's delayed ACK of the headers, a few milliseconds that would swamp a
    # small page (the "hello" baseline most). Every production server sets TCP_NODELAY.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        pass


class Server(ThreadedWSGIServer):
    request_queue_size = 128


def serve() -> tuple[ThreadedWSGIServer, int]:
    server = Server(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def load(port: int, url: str, cache: str) -> dict[str, object]:
    """One round of CONNECTIONS x PER_CONNECTION GETs of `url`; every answer a 200.

    `cache` is what the page's X-Engage-Cache header must say: "off" (rendered afresh), "hit"
    (from the public page cache: a miss is allowed where the 60 s copy ran out mid-round) or ""
    (a bare view, which has no such header).
    """
    spec = WORK / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "host": "127.0.0.1",
                "port": port,
                "path": url,
                "connections": CONNECTIONS,
                "per_connection": PER_CONNECTION,
            }
        )
    )
    out = subprocess.run(  # noqa: S603 - this file, run as the client
        [sys.executable, __file__, "--client", str(spec)],
        check=True,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    result: dict[str, object] = json.loads(out.stdout)
    statuses = set(result["statuses"])  # type: ignore[call-overload]
    assert statuses == {200}, (url, statuses)
    caches: list[str] = result["caches"]  # type: ignore[assignment]
    if cache == "hit":
        hits = caches.count("hit")
        assert set(caches) <= {"hit", "miss"} and hits >= 0.9 * len(caches), (url, set(caches))
    else:
        assert set(caches) == {cache}, (url, set(caches))
    return result


def median_ms(runs: list[dict[str, object]]) -> tuple[float, float]:
    latencies = sorted(x for r in runs for x in r["latencies"])  # type: ignore[attr-defined]
    rate = sum(len(r["latencies"]) for r in runs) / sum(r["wall"] for r in runs)  # type: ignore[arg-type, misc]
    return statistics.median(latencies) * 1000, rate


def compare(
    port: int, label: str, ours: str, cache: str, base_label: str, base: str
) -> tuple[float, float, float]:
    """Warm both, then take turns ROUNDS times; print both medians and the ratio.

    The ratio is the baseline's median latency over ours, all rounds pooled; the range after it
    is the lowest and highest ratio of a single round, to show how noisy the machine was.
    """
    load(port, ours, cache)
    load(port, base, "")
    ours_runs, base_runs, per_round = [], [], []
    for _ in range(ROUNDS):
        base_runs.append(load(port, base, ""))
        ours_runs.append(load(port, ours, cache))
        per_round.append(median_ms(base_runs[-1:])[0] / median_ms(ours_runs[-1:])[0])
    ours_ms, ours_rate = median_ms(ours_runs)
    base_ms, base_rate = median_ms(base_runs)
    ratio = base_ms / ours_ms
    print(
        f"{label}: median {ours_ms:.1f} ms ({ours_rate:.0f}/s) against {base_label} "
        f"{base_ms:.1f} ms ({base_rate:.0f}/s): ratio {ratio:.2f} "
        f"(rounds {min(per_round):.2f}-{max(per_round):.2f})",
        flush=True,
    )
    return ratio, ours_ms, base_ms


def queries_for(url: str) -> int:
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = Client(HTTP_HOST="127.0.0.1").get(url)
    assert response.status_code == 200, url
    return len(captured)


def profile(url: str) -> None:
    """Where one page's time goes: cProfile over 30 renders, the top functions by own time."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(30):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def describe(office: Office, open_one: Consultation | None, published: Consultation | None) -> str:
    """How big the pages are: what a page of this office has to show."""
    from django.utils import timezone

    from engage.meetings.diary import public_diary
    from engage.public.views import AHEAD, BEHIND

    now = timezone.now()
    entries = public_diary(office, start=now - BEHIND, end=now + AHEAD)
    kinds = ", ".join(
        f"{sum(e.kind == k for e in entries)} {k}" for k in ("activity", "forum", "surgery")
    )
    parts = [f"diary {len(entries)} entries ({kinds})"]
    for name, c in (("open consultation", open_one), ("published results", published)):
        if c is not None:
            parts.append(f"{name} {c.questions.count()} questions")
    return "; ".join(parts)


def main() -> None:
    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Django {django.get_version()}, SQLite "
        f"{connection.Database.sqlite_version} (WAL); {CONNECTIONS} connections x "
        f"{PER_CONNECTION} requests, {ROUNDS} rounds each",
        flush=True,
    )
    started = time.monotonic()
    saved = os.environ.get("BENCH_DEMO_DB")  # a copy of the loaded demo, to run again sooner
    database = Path(settings.DATABASES["default"]["NAME"])
    if saved and Path(saved).exists():
        shutil.copy(saved, database)
        call_command("migrate", verbosity=0)
    else:
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        if saved:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [saved])
    print(f"demo ready in {time.monotonic() - started:.0f} s", flush=True)
    settings.ROOT_URLCONF = _urlconf()
    office = Office.objects.get()
    diary = reverse("public:diary", args=[office.slug])
    consultations = Consultation.objects.filter(office=office)
    open_one = consultations.filter(status=Status.OPEN).first()
    published = consultations.filter(status=Status.PUBLISHED).first()
    start_page = open_one.get_public_url() if open_one else None
    results_page = (
        reverse("consultations:public_results", args=[office.slug, published.slug])
        if published
        else None
    )
    if len(sys.argv) == 3 and sys.argv[1] == "--profile":
        settings.PUBLIC_PAGE_CACHE = False
        profile(sys.argv[2])
        return
    settings.PUBLIC_PAGE_CACHE = False
    print(f"office {office.slug}: {describe(office, open_one, published)}", flush=True)
    for url in filter(None, [diary, start_page, results_page, "/bench/rows/"]):
        first, then = queries_for(url), queries_for(url)
        print(f"queries: {url} {first} (then {then}, its content kept)", flush=True)
    connection.close()
    server, port = serve()
    ratios: dict[str, float] = {}
    bare = "bare 20-row page"
    try:
        settings.PUBLIC_PAGE_CACHE = False
        ratios["diary uncached"], *_ = compare(
            port, f"diary {diary} uncached", diary, "off", bare, "/bench/rows/"
        )
        if start_page:
            # Never cached: it carries the signed "started" token of its form.
            ratios["consultation start page uncached"], *_ = compare(
                port, f"consultation start page {start_page}", start_page, "", bare,
                "/bench/rows/",
            )  # fmt: skip
        if results_page:
            ratios["published results uncached"], *_ = compare(
                port, f"published results {results_page} uncached", results_page, "off", bare,
                "/bench/rows/",
            )  # fmt: skip
        compare(port, "for scale: bare 20-row page", "/bench/rows/", "",
                "the rows without the layout", "/bench/bare-rows/")  # fmt: skip
        # For scale: the pages' content rendered every time, as on the first request after a
        # change to what they show (no target: the content is kept until then).
        settings.PUBLIC_CONTENT_CACHE = False
        compare(port, "for scale: diary content rendered afresh", diary, "off", bare,
                "/bench/rows/")  # fmt: skip
        if results_page:
            compare(port, "for scale: results content rendered afresh", results_page, "off",
                    bare, "/bench/rows/")  # fmt: skip
        settings.PUBLIC_CONTENT_CACHE = True
        settings.PUBLIC_PAGE_CACHE = True
        cached = results_page or reverse("consultations:public_list", args=[office.slug])
        ratios["diary cached"], *_ = compare(
            port, f"diary {diary} cached", diary, "hit", "hello", "/bench/hello/"
        )
        ratios["consultation results cached"], *_ = compare(
            port, f"consultation page {cached} cached", cached, "hit", "hello", "/bench/hello/"
        )
    finally:
        server.shutdown()
        server.server_close()
    for name, ratio in ratios.items():
        target = 1.0 if "uncached" in name else 0.5
        print(
            f"target {name}: ratio {ratio:.2f} >= {target}: {'met' if ratio >= target else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
