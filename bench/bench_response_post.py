"""Benchmark of sending a response through the public pages (issue 4, Speed).

What is timed: the final POST of the public flow, "Send my answers" on check your answers, for a
draft that already holds a full set of answers (every kind of question; the earlier pages were
answered before the clock started). It goes through everything a real one does: the rate limits,
the CSRF check, the signed page token, the honeypot, the consent form, the required-question
check, the close-date check and the write that counts it. The baseline is a bare Django view in
this file that inserts one Response row from a POST (CSRF-checked too), served the same way.

Both are served by one threaded WSGI server (Django's runserver server) in this process, with
DEBUG off, on a temporary SQLite database in WAL mode that the bench creates. The load comes from
a client in a separate process (so it does not share this process's GIL): 32 connections, each
sending its next request as soon as the last is answered. Rate limits stay on, raised so that one
address may send the whole run. Afterwards every draft must be counted and every bare row stored.

Run: .venv/bin/python bench/bench_response_post.py   (or: make bench BENCH=bench/bench_response_post.py)
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import types
from pathlib import Path
from urllib.parse import urlencode

CONNECTIONS = 32
PER_CONNECTION = 50  # requests each connection sends per round
ROUNDS = 3


# -- the client (run in its own process) -------------------------------------------------------


def client_main(spec_path: str) -> None:
    """Send each connection's requests in turn; print every latency (seconds) as JSON."""
    spec = json.loads(Path(spec_path).read_text())
    host, port = spec["host"], spec["port"]
    results: list[list[float]] = [[] for _ in spec["connections"]]
    statuses: list[list[int]] = [[] for _ in spec["connections"]]
    barrier = threading.Barrier(len(spec["connections"]))

    def run(i: int, requests: list[dict[str, str]]) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        barrier.wait()
        for r in requests:
            started = time.perf_counter()
            for attempt in (1, 2):
                try:
                    conn.request(
                        "POST",
                        r["path"],
                        body=r["body"],
                        headers={
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Cookie": r["cookie"],
                        },
                    )
                    reply = conn.getresponse()
                    reply.read()
                    break
                except (http.client.RemoteDisconnected, ConnectionError):
                    # The server closed a kept-alive connection before reading the request:
                    # nothing was done, so send it again on a new connection.
                    conn.close()
                    if attempt == 2:
                        raise
            results[i].append(time.perf_counter() - started)
            statuses[i].append(reply.status)
            if reply.will_close:
                conn.close()
        conn.close()

    threads = [
        threading.Thread(target=run, args=(i, reqs)) for i, reqs in enumerate(spec["connections"])
    ]
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
                "wall": wall,
            }
        )
    )


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--client":
    client_main(sys.argv[2])
    sys.exit(0)


# -- the server and the data -------------------------------------------------------------------

WORK = Path(tempfile.mkdtemp(prefix="engage-bench-post-"))
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
    }
)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.urls import path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from precept_answers import full_answers  # noqa: E402 - bench/, beside this script

from engage.consultations.models import Consultation, Response, ResponseChannel  # noqa: E402
from engage.consultations.tests.responding_data import precept_consultation  # noqa: E402
from engage.consultations.views import public  # noqa: E402
from engage.core.models import Office  # noqa: E402


def bare_insert(request: HttpRequest) -> HttpResponse:
    """The baseline: one row inserted from a POST, then a redirect, as the real page does."""
    consultation_id = int(request.POST["consultation"])
    Response.objects.create(
        office_id=int(request.POST["office"]),
        consultation_id=consultation_id,
        answers={"text": request.POST.get("text", "")},
        submitted_at=timezone.now(),
    )
    return HttpResponseRedirect("/bench/thanks/")


def _urlconf() -> types.ModuleType:
    import engage.urls

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        *engage.urls.urlpatterns,
        path("bench/insert/", bare_insert, name="bench_insert"),
    ]
    return module


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Server(ThreadedWSGIServer):
    # socketserver listens with a backlog of 5: 32 clients reconnecting after each response
    # would overflow it and wait a second for the kernel to retry their connection.
    request_queue_size = 128


def serve() -> tuple[ThreadedWSGIServer, int]:
    server = Server(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def prepare_drafts(c: Consultation, n: int) -> list[Response]:
    answers = full_answers(c)
    drafts = Response.objects.bulk_create(
        [
            Response(office_id=c.office_id, consultation=c, answers=answers, age_band="45-54")
            for _ in range(n)
        ]
    )
    # They started a while ago: the time-to-submit check sees a person, not a script.
    Response.objects.filter(pk__in=[d.pk for d in drafts]).update(
        created_at=timezone.now() - dt.timedelta(minutes=10)
    )
    return drafts


def load(port: int, connections: list[list[dict[str, str]]]) -> dict[str, object]:
    spec = WORK / "spec.json"
    spec.write_text(json.dumps({"host": "127.0.0.1", "port": port, "connections": connections}))
    out = subprocess.run(  # noqa: S603 - this file, run as the client
        [sys.executable, __file__, "--client", str(spec)],
        check=True,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    return json.loads(out.stdout)


def ours_requests(c: Consultation, drafts: list[Response], csrf: str) -> list[dict[str, str]]:
    return [
        {
            "path": reverse("consultations:public_check", args=[c.office.slug, c.slug, d.token]),
            "body": urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "started": public.started_token(d.token),
                    "website": "",
                    "wants_outcome": "on",
                    "email": f"resident{d.pk}@example.org",
                }
            ),
            "cookie": f"csrftoken={csrf}",
        }
        for d in drafts
    ]


def bare_requests(c: Consultation, n: int, csrf: str) -> list[dict[str, str]]:
    body = urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "office": c.office_id,
            "consultation": c.pk,
            "text": "More patrols on Abbey Street on Friday nights, please.",
        }
    )
    return [{"path": "/bench/insert/", "body": body, "cookie": f"csrftoken={csrf}"}] * n


def split(requests: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    return [requests[i::CONNECTIONS] for i in range(CONNECTIONS)]


def summary(label: str, runs: list[dict[str, object]]) -> tuple[float, float]:
    latencies = sorted(x for r in runs for x in r["latencies"])  # type: ignore[attr-defined]
    statuses = {s for r in runs for s in r["statuses"]}  # type: ignore[attr-defined]
    assert len(latencies) == len(runs) * CONNECTIONS * PER_CONNECTION, len(latencies)
    median = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    rate = sum(len(r["latencies"]) for r in runs) / sum(r["wall"] for r in runs)  # type: ignore[arg-type, misc]
    print(
        f"{label}: median {median * 1000:.1f} ms p99 {p99 * 1000:.1f} ms "
        f"{rate:.0f} requests/s ({len(latencies)} requests, {CONNECTIONS} connections, "
        f"statuses {sorted(statuses)})"
    )
    assert statuses == {302}, statuses
    return median, p99


def main() -> None:
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {connection.Database.sqlite_version} (WAL)"
    )
    call_command("migrate", verbosity=0)
    settings.ROOT_URLCONF = _urlconf()
    # One address sends every request: keep the limits on (their cost is measured) but high.
    public.PER_ADDRESS = "1000000/m"
    public.PER_CONSULTATION = "1000000/h"
    office = Office.objects.create(
        name="Office of the Police and Crime Commissioner for Benchshire",
        short_name="Benchshire OPCC",
        slug="benchshire",
        force_name="Benchshire Police",
    )
    c = precept_consultation(office)
    per_round = CONNECTIONS * PER_CONNECTION
    drafts = prepare_drafts(c, per_round * (ROUNDS + 1))
    connection.close()
    csrf = _get_new_csrf_string()
    server, port = serve()
    try:
        # Warm up both (imports, templates, connections), then alternate the rounds.
        load(port, split(ours_requests(c, drafts[:per_round], csrf)))
        load(port, split(bare_requests(c, per_round, csrf)))
        ours_runs, bare_runs = [], []
        for r in range(1, ROUNDS + 1):
            batch = drafts[r * per_round : (r + 1) * per_round]
            bare_runs.append(load(port, split(bare_requests(c, per_round, csrf))))
            ours_runs.append(load(port, split(ours_requests(c, batch, csrf))))
    finally:
        server.shutdown()
        server.server_close()
    bare_median, _bare_p99 = summary("bare insert POST", bare_runs)
    ours_median, ours_p99 = summary("public submit POST", ours_runs)
    counted = Response.objects.filter(
        consultation=c, channel=ResponseChannel.ONLINE, submitted_at__isnull=False
    )
    sent = counted.exclude(email="").count()
    bare_rows = counted.filter(email="").count()
    ratio = bare_median / ours_median
    print(
        f"ratio {ratio:.2f} (bare median / ours); stored: {sent} of {len(drafts)} responses sent, "
        f"{bare_rows} of {per_round * (ROUNDS + 1)} bare rows"
    )
    print(
        f"targets: ratio >= 0.5: {'met' if ratio >= 0.5 else 'MISSED'}; "
        f"p99 under 100 ms: {'met' if ours_p99 < 0.1 else 'MISSED'}; "
        f"every response stored: {'met' if sent == len(drafts) else 'MISSED'}"
    )
    assert sent == len(drafts) and bare_rows == per_round * (ROUNDS + 1)


if __name__ == "__main__":
    main()
