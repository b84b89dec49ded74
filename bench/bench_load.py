"""Load benchmark: consultation responses sent to a real server on PostgreSQL (issue 8).

What runs: a PostgreSQL server of the bench's own (bench/pg_scratch.py), migrated like any
other; a WSGI server in a process of its own (Django's threaded server, as `runserver` uses,
DEBUG off, persistent database connections with health checks) on 127.0.0.1; and locust, in a
third process, driving it with BENCH_USERS simulated people (default 16), each sending its next
request as soon as the last is answered, for BENCH_SECONDS (default 600; BENCH_SECONDS=60 for a
short run).

What each sends: the final POST of the public flow, "Send my answers" on check your answers, for
a draft that already holds a full set of answers (the same request as bench_response_post.py:
rate limits, CSRF, the signed page token, the honeypot, the consent form, the required-question
and close-date checks, and the write that counts it). The drafts are made beforehand, started ten
minutes ago so the time-to-submit check sees a person. The server keeps its rate limits on, raised
through CONSULTATION_POSTS_PER_ADDRESS / _PER_CONSULTATION since every request comes from one
address (production keeps 60/m and 6000/h).

The baseline, in the same run on the same server: a bare Django view that inserts one Response
row from a POST (CSRF-checked too) and redirects, for a fifth of the time (at least 20 s).

Checks: zero errors (every POST answered 302), and the database holds exactly as many submitted
responses (and bare rows) as POSTs were acknowledged, each acknowledged one among them.

Prints: throughput, median/p95/p99, errors, and `ratio` = bare median / ours.

With BENCH_FAULT=pg-restart (bench_pg_restart.py) PostgreSQL is stopped a third of the way in and
started again BENCH_DOWN_SECONDS (default 5) later; see that file for what is checked then.

Run: make bench BENCH=bench/bench_load.py   (BENCH_SECONDS=60 for a short run)
"""

# ruff: noqa: S603 - the subprocesses are this file itself
from __future__ import annotations

import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from precept_answers import full_answers

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-only-secret-key-not-for-production"  # noqa: S105 - a throwaway server
DATABASE = "engage_bench_load"


def server_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "engage.settings",
            "DEBUG": "0",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Persistent connections: the case that must recover after a database restart.
            "DATABASE_URL": database_url,
            "CACHE_URL": "locmemcache://",
            "SECURE_SSL_REDIRECT": "0",
            # Everything comes from 127.0.0.1: the limits stay on, far above the load.
            "CONSULTATION_POSTS_PER_ADDRESS": "100000000/m",
            "CONSULTATION_POSTS_PER_CONSULTATION": "100000000/h",
        }
    )
    return env


# -- the load (locust, in its own process: it monkey-patches the standard library with gevent) --


def client_main(spec_path: str) -> None:
    import gevent
    from locust import FastHttpUser, constant, task
    from locust.env import Environment
    from locust.exception import StopUser

    spec = json.loads(Path(spec_path).read_text())
    import itertools

    listed = spec["requests"]
    requests = itertools.cycle([(0, listed[0])]) if spec["repeat"] else iter(enumerate(listed))
    # (sent at, latency, status, index, for a 503: Retry-After and the product's page)
    records: list[tuple[float, float, int, int, bool]] = []
    t0 = time.perf_counter()

    class Person(FastHttpUser):
        host = spec["host"]
        wait_time = constant(0)
        # One connection per person, kept alive, as a browser does.
        concurrency = 1
        network_timeout = 60.0
        connection_timeout = 60.0

        @task
        def send(self) -> None:
            if time.perf_counter() - t0 >= spec["seconds"]:
                raise StopUser()
            try:
                i, r = next(requests)
            except StopIteration:
                raise StopUser() from None
            in_flight[0] += 1
            started = time.perf_counter()
            with self.client.post(
                r["path"],
                data=r["body"],
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": r["cookie"],
                },
                allow_redirects=False,
                catch_response=True,
                name=spec["label"],
            ) as reply:
                status = reply.status_code or 0
                clean = False
                if status == 302:
                    reply.success()
                else:
                    reply.failure(f"status {status}")
                    clean = (
                        status == 503
                        and bool(reply.headers.get("Retry-After"))
                        and "Sorry, the service is unavailable" in (reply.text or "")
                        and "Traceback" not in (reply.text or "")
                    )
            records.append((started - t0, time.perf_counter() - started, status, i, clean))
            in_flight[0] -= 1

    def stop_when_answered() -> None:
        # Past the time nobody sends again; quit once every request sent has its answer, so
        # none is cut off after the server acted on it.
        gevent.sleep(spec["seconds"])
        while in_flight[0]:
            gevent.sleep(0.05)
        runner.quit()

    in_flight = [0]
    env = Environment(user_classes=[Person])
    runner = env.create_local_runner()
    runner.start(spec["users"], spawn_rate=spec["users"])
    gevent.spawn(stop_when_answered)
    runner.greenlet.join()
    wall = time.perf_counter() - t0
    Path(spec["out"]).write_text(json.dumps({"records": records, "wall": wall}))


# -- the server (in its own process) -----------------------------------------------------------


def server_main(port: int) -> None:
    import threading

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
    from django.urls import path
    from django.utils import timezone

    import engage.urls
    from engage.consultations.models import Response

    def bare_insert(request: HttpRequest) -> HttpResponse:
        """The baseline: one row inserted from a POST, then a redirect, as the real page does."""
        Response.objects.create(
            office_id=int(request.POST["office"]),
            consultation_id=int(request.POST["consultation"]),
            answers={"text": request.POST.get("text", "")},
            submitted_at=timezone.now(),
        )
        return HttpResponseRedirect("/bench/thanks/")

    engage.urls.urlpatterns.insert(0, path("bench/insert/", bare_insert))

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadedWSGIServer):
        request_queue_size = 256

    server = Server(("127.0.0.1", port), QuietHandler, allow_reuse_address=True)
    server.set_app(get_wsgi_application())
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print("ready", flush=True)
    server.serve_forever()


# -- the orchestra -------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Bench:
    def __init__(self, pg: Any, work: Path) -> None:
        self.pg = pg
        self.work = work
        self.url = pg.url(DATABASE, "conn_max_age=600")
        os.environ.update(server_env(self.url))
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

    def setup_data(self) -> None:
        from django.core.management import call_command

        from engage.consultations.tests.responding_data import precept_consultation
        from engage.core.models import Office

        call_command("migrate", verbosity=0)
        office = Office.objects.create(
            name="Office of the Police and Crime Commissioner for Benchshire",
            short_name="Benchshire OPCC",
            slug="benchshire",
            force_name="Benchshire Police",
        )
        self.consultation = precept_consultation(office)
        self.csrf = _csrf()

    def drafts(self, n: int) -> list[dict[str, str]]:
        """n drafts with full answers, started ten minutes ago, as the requests that send them."""
        import datetime as dt

        from django.db import connection
        from django.urls import reverse
        from django.utils import timezone

        from engage.consultations.models import Response
        from engage.consultations.views import public

        c = self.consultation
        answers = full_answers(c)
        made = []
        for start in range(0, n, 5000):
            made += Response.objects.bulk_create(
                [
                    Response(
                        office_id=c.office_id, consultation=c, answers=answers, age_band="45-54"
                    )
                    for _ in range(min(5000, n - start))
                ],
                batch_size=1000,
            )
        Response.objects.filter(consultation=c, submitted_at__isnull=True).update(
            created_at=timezone.now() - dt.timedelta(minutes=10)
        )
        connection.close()
        return [
            {
                "path": reverse(
                    "consultations:public_check", args=[c.office.slug, c.slug, d.token]
                ),
                "body": urlencode(
                    {
                        "csrfmiddlewaretoken": self.csrf,
                        "started": public.started_token(d.token),
                        "website": "",
                        "wants_outcome": "on",
                        "email": f"resident{d.pk}@example.org",
                    }
                ),
                "cookie": f"csrftoken={self.csrf}",
                "pk": d.pk,
            }
            for d in made
        ]

    def bare(self) -> list[dict[str, str]]:
        c = self.consultation
        body = urlencode(
            {
                "csrfmiddlewaretoken": self.csrf,
                "office": c.office_id,
                "consultation": c.pk,
                "text": "More patrols on Abbey Street on Friday nights, please.",
            }
        )
        return [{"path": "/bench/insert/", "body": body, "cookie": f"csrftoken={self.csrf}"}]

    def start_server(self) -> None:
        self.port = _free_port()
        self.server = subprocess.Popen(
            [sys.executable, __file__, "--server", str(self.port)],
            env=server_env(self.url),
            stdout=subprocess.PIPE,
            stderr=open(self.work / "server.log", "w"),  # noqa: SIM115
            text=True,
        )
        line = self.server.stdout.readline() if self.server.stdout else ""
        if line.strip() != "ready":
            raise SystemExit(f"the server did not start: {(self.work / 'server.log').read_text()}")

    def stop_server(self) -> None:
        self.server.send_signal(signal.SIGTERM)
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()

    def load(
        self,
        label: str,
        requests: list[dict[str, str]],
        seconds: float,
        users: int,
        repeat: bool = False,
    ) -> subprocess.Popen[str]:
        spec = self.work / f"{label}.json"
        out = self.work / f"{label}.out.json"
        spec.write_text(
            json.dumps(
                {
                    "host": f"http://127.0.0.1:{self.port}",
                    "requests": [{k: v for k, v in r.items() if k != "pk"} for r in requests],
                    "seconds": seconds,
                    "users": users,
                    "label": label,
                    "repeat": repeat,
                    "out": str(out),
                }
            )
        )
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        return subprocess.Popen(
            [sys.executable, __file__, "--client", str(spec)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.work / f"{label}.client.log", "w"),
        )

    def result(self, label: str, client: subprocess.Popen[str]) -> dict[str, Any]:
        if client.wait() != 0:
            raise SystemExit((self.work / f"{label}.client.log").read_text()[-3000:])
        return json.loads((self.work / f"{label}.out.json").read_text())


def _csrf() -> str:
    from django.middleware.csrf import _get_new_csrf_string

    return _get_new_csrf_string()


def describe(label: str, run: dict[str, Any]) -> dict[str, float]:
    records = run["records"]
    latencies = sorted(r[1] for r in records)
    statuses: dict[int, int] = {}
    for r in records:
        statuses[r[2]] = statuses.get(r[2], 0) + 1
    errors = sum(n for s, n in statuses.items() if s != 302)
    median = statistics.median(latencies)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    rate = len(records) / run["wall"]
    print(
        f"{label}: {len(records)} requests in {run['wall']:.0f} s, {rate:.1f} requests/s, "
        f"median {median * 1000:.1f} ms p95 {p95 * 1000:.1f} ms p99 {p99 * 1000:.1f} ms, "
        f"errors {errors}, statuses {dict(sorted(statuses.items()))}"
    )
    return {"median": median, "p95": p95, "rate": rate, "errors": errors}


def main(fault: str = "") -> None:
    from pg_scratch import ScratchPostgres

    seconds = float(os.environ.get("BENCH_SECONDS", 600))
    users = int(os.environ.get("BENCH_USERS", 16))
    baseline_seconds = max(20.0, seconds / 5)
    down_for = float(os.environ.get("BENCH_DOWN_SECONDS", 5))
    work = Path(tempfile.mkdtemp(prefix="engage-bench-load-"))
    pg = ScratchPostgres().start()
    try:
        pg.create_database(DATABASE)
        bench = Bench(pg, work)
        from django.db import connection

        print(
            f"machine: {platform.machine()} {os.cpu_count()} cores (shared), "
            f"Python {platform.python_version()}, PostgreSQL "
            f"{connection.cursor().connection.info.server_version}; {users} users, "
            f"{seconds:.0f} s ours, {baseline_seconds:.0f} s baseline"
            + (f"; fault: {fault}, down {down_for:.0f} s" if fault else "")
        )
        bench.setup_data()
        bench.start_server()
        try:
            # Warm up (imports, templates, connections), then the baseline.
            warm = bench.drafts(users * 20)
            bench.result("warm", bench.load("warm", warm, 10, users))
            bare_run = bench.result(
                "bare", bench.load("bare", bench.bare(), baseline_seconds, users, repeat=True)
            )
            bare_rate = len(bare_run["records"]) / bare_run["wall"]
            # Ours does more than the bare insert: drafts for the bare rate, and a margin.
            drafts = bench.drafts(int(bare_rate * seconds * 1.2) + 1000)
            ours_client = bench.load("ours", drafts, seconds, users)
            downtime = 0.0
            if fault == "pg-restart":
                time.sleep(seconds / 3)
                downtime = pg.restart(down_for)
            ours_run = bench.result("ours", ours_client)
        finally:
            bench.stop_server()
        bare = describe("bare insert POST (baseline)", bare_run)
        ours = describe("public submit POST", ours_run)
        if len(ours_run["records"]) >= len(drafts):
            print("WARNING: the drafts ran out before the time was up")
        report(bench, warm, drafts, bare_run, ours_run, bare, ours, fault, downtime)
    finally:
        from django.db import connections

        connections.close_all()
        pg.stop()


def report(
    bench: Bench,
    warm: list[dict[str, str]],
    drafts: list[dict[str, str]],
    bare_run: dict[str, Any],
    ours_run: dict[str, Any],
    bare: dict[str, float],
    ours: dict[str, float],
    fault: str,
    downtime: float,
) -> None:
    from engage.consultations.models import Response

    c = bench.consultation
    counted = Response.objects.filter(consultation=c, submitted_at__isnull=False)
    bare_rows = counted.filter(email="").count()
    bare_acked = sum(1 for r in bare_run["records"] if r[2] == 302)
    acked = {drafts[r[3]]["pk"] for r in ours_run["records"] if r[2] == 302}
    stored = set(
        counted.exclude(email="")
        .filter(pk__in=[d["pk"] for d in drafts])
        .values_list("pk", flat=True)
    )
    lost = acked - stored
    unacknowledged = stored - acked
    ratio = bare["median"] / ours["median"]
    print(
        f"ratio {ratio:.2f} (bare median / ours median); throughput ours/bare "
        f"{ours['rate'] / bare['rate']:.2f}"
    )
    print(
        f"stored: {len(stored)} submitted responses for {len(acked)} acknowledged POSTs "
        f"({len(lost)} acknowledged but missing, {len(unacknowledged)} stored but not "
        f"acknowledged); bare rows {bare_rows} for {bare_acked} acknowledged"
    )
    if not fault:
        ok = ours["errors"] == 0 and not lost and not unacknowledged and bare_rows == bare_acked
        print(
            f"targets: zero errors: {'met' if ours['errors'] == 0 else 'MISSED'}; "
            f"database count = acknowledged: {'met' if ok else 'MISSED'}"
        )
        assert ok
        return
    statuses = [r[2] for r in ours_run["records"]]
    refused = [r for r in ours_run["records"] if r[2] == 503]
    unclean = sum(1 for s in statuses if s != 302) - sum(1 for r in refused if r[4])
    if refused:
        first, last = min(r[0] for r in refused), max(r[0] + r[1] for r in refused)
        window = f"from {first:.1f} s to {last:.1f} s"
    else:
        window = "none"
    after = [r for r in ours_run["records"] if refused and r[0] > last]
    after_ok = sum(1 for r in after if r[2] == 302)
    print(
        f"outage: PostgreSQL down {downtime:.1f} s; {len(refused)} requests answered 503 "
        f"({window}), {unclean} failed otherwise (500s, dropped connections, a 503 without "
        f"Retry-After or the product's page); "
        f"after the last 503: {after_ok} of {len(after)} answered 302"
    )
    ok = not lost and unclean == 0 and after and after_ok == len(after)
    print(
        f"targets: every failure a clean 503: {'met' if unclean == 0 else 'MISSED'}; "
        f"every acknowledged response stored: {'met' if not lost else 'MISSED'}; "
        f"recovered after the restart: {'met' if after and after_ok == len(after) else 'MISSED'}"
    )
    assert ok


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--client":
        client_main(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--server":
        server_main(int(sys.argv[2]))
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        main()
