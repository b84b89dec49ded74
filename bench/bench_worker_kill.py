"""Fault benchmark: the delivery worker killed (SIGKILL) in the middle of an alert's fan-out.

What runs: a PostgreSQL server of the bench's own (bench/pg_scratch.py); BENCH_MESSAGES
(default 2,000) active subscribers of one office, three quarters by text message (the file SMS
provider, MEDIA_ROOT/sms/) and a quarter by email (Django's file email backend); an appeal to the
whole force area sent the way staff send one (alerts.send_alert: one INSERT … SELECT fan-out, then
a `deliver` task queued for django-tasks' database backend); and `manage.py db_worker`, a real
worker process, with MESSAGING_RATE=0 (no rate limit, so the run is short).

Once BENCH_KILL_AFTER (default 40%) of the messages are sent, the worker gets `kill -9`, with a
message in its hands. Then what docs/alerts.md tells an operator to do: `manage.py
resume_delivery --stale-after 0` (no worker is running: settle the messages left "sending",
asking the provider whether it has them) and a new worker. The bench waits until nothing is
queued or sending, then checks what the providers received against the recipients.

Counting what was received: the SMS provider is the product's FileSMS, wrapped in the worker
process only so that a second write of a text (same key) is recorded instead of silently
overwriting the first (it writes the file by link, which fails when the file exists). Email:
every message in the file backend's files, counted by recipient.

Checks: every SMS recipient got exactly one text; every email recipient at most one email, and
those with none are exactly the messages listed for staff as "may have been sent" (SMTP cannot
be asked; at most the one in the worker's hands). Prints the figures, with medians of delivery
speed before and after the kill and a `ratio` (after / before).

Run: make bench BENCH=bench/bench_worker_kill.py   (BENCH_MESSAGES=2000)
"""

# ruff: noqa: S603 - the subprocesses are this file itself and manage.py
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
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "engage_bench_worker_kill"


def worker_main() -> None:
    """A db_worker whose file SMS provider records a second write of the same text."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from engage.messaging import providers

    duplicates = Path(os.environ["BENCH_DUPLICATES"])
    paused = Path(os.environ["BENCH_PAUSED"])
    pause_after = int(os.environ.get("BENCH_PAUSE_AFTER", "0"))
    pause_in = os.environ.get("BENCH_KILL_CHANNEL", "sms")
    sends = [0]

    def maybe_pause(channel: str) -> None:
        # The provider has the message; Engage has not yet marked it sent: the worst moment to
        # die. Say so, and wait for the kill.
        sends[0] += 1
        if pause_after and sends[0] >= pause_after and channel == pause_in:
            paused.write_text(str(sends[0]))
            time.sleep(600)

    email_send = providers.DjangoEmail.send

    def send_email(self: providers.DjangoEmail, rendered: providers.Rendered) -> str:
        ref = email_send(self, rendered)
        maybe_pause("email")
        return ref

    def send(self: providers.FileSMS, rendered: providers.Rendered) -> str:
        path = self._path(rendered.reference)
        record = {"to": rendered.to, "reference": rendered.reference, "pid": os.getpid()}
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(json.dumps(record), encoding="utf-8")
        try:
            os.link(partial, path)  # atomic, and refuses to overwrite: a second copy shows
        except FileExistsError:
            with duplicates.open("a") as f:
                f.write(rendered.reference + "\n")
        partial.unlink()
        maybe_pause("sms")
        return path.name

    providers.FileSMS.send = send  # type: ignore[method-assign]
    providers.DjangoEmail.send = send_email  # type: ignore[method-assign]
    call_command("db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay")


def env_for(url: str, work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "engage.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(work / "media"),
            "EMAIL_URL": f"filemail:///{work / 'mail'}",  # an absolute path: four slashes
            "MESSAGING_SMS_BACKEND": "file",
            "MESSAGING_EMAIL_BACKEND": "django",
            "MESSAGING_RATE": "0",
            "BENCH_DUPLICATES": str(work / "duplicate-texts.log"),
            "BENCH_PAUSED": str(work / "paused"),
        }
    )
    return env


def main() -> None:
    from pg_scratch import ScratchPostgres

    n = int(os.environ.get("BENCH_MESSAGES", 2000))
    channel = os.environ.get("BENCH_KILL_CHANNEL", "sms")
    kill_after = float(os.environ.get("BENCH_KILL_AFTER", 0.4))
    work = Path(tempfile.mkdtemp(prefix="engage-bench-kill-"))
    (work / "mail").mkdir()
    pg = ScratchPostgres().start()
    try:
        pg.create_database(DATABASE)
        env = env_for(pg.url(DATABASE), work)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        run(n, kill_after, channel, work, env)
    finally:
        from django.db import connections

        connections.close_all()
        pg.stop()


def start_worker(env: dict[str, str], work: Path, name: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, __file__, "--worker"],
        env=env,
        stdout=open(work / f"{name}.log", "w"),
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )


def run(n: int, kill_after: float, channel: str, work: Path, env: dict[str, str]) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from engage.core.models import Office
    from engage.messaging import alerts, delivery
    from engage.messaging.models import (
        ALL_TOPICS,
        Channel,
        Message,
        MessageStatus,
        Subscriber,
        SubscriberStatus,
    )
    from engage.places.models import Area, AreaKind

    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores (shared), Python "
        f"{platform.python_version()}, PostgreSQL {connection.cursor().connection.info.server_version}; "
        f"{n} messages, worker killed "
        + (
            f"after {kill_after:.0%}, as it sends a text"
            if channel == "sms"
            else "as it sends the first email (after the texts)"
        )
    )
    call_command("migrate", verbosity=0)
    office = Office.objects.create(
        name="Office of the Police and Crime Commissioner for Benchshire",
        short_name="Benchshire OPCC",
        slug="benchshire",
        force_name="Benchshire Police",
    )
    force = Area.objects.create(office=office, kind=AreaKind.FORCE_AREA, name="Benchshire")
    texts = n * 3 // 4
    from django.utils import timezone

    now = timezone.now()
    people = Subscriber.objects.bulk_create(
        [
            Subscriber(
                office=office,
                channel=Channel.SMS if i < texts else Channel.EMAIL,
                address=f"+4477009{i:05d}" if i < texts else f"resident{i}@example.org",
                language="cy" if i % 10 == 0 else "en-gb",
                topics=ALL_TOPICS,
                status=SubscriberStatus.ACTIVE,
                confirmed_at=now,
            )
            for i in range(n)
        ]
    )
    Subscriber.areas.through.objects.bulk_create(
        [Subscriber.areas.through(subscriber_id=p.pk, area_id=force.pk) for p in people]
    )
    alert = alerts.create_alert(
        office,
        by=None,
        areas=[force],
        topics=ALL_TOPICS,
        kind="appeal",
        title="Do you have CCTV on Abbey Street?",
        body="There have been 3 burglaries on Abbey Street between 2 and 9 March. "
        "If you have a doorbell camera covering the street, please check your footage.",
        sms_text="Police appeal: burglaries on Abbey Street 2-9 March. Do you have CCTV?",
    )
    alerts.send_alert(alert, by=None)  # fan-out, and the deliver task queued on commit
    messages = Message.objects.filter(alert=alert)
    assert messages.count() == n, messages.count()

    def counts() -> dict[str, int]:
        return dict(
            messages.values_list("status").annotate(c=Count("pk")).values_list("status", "c")
        )

    started = time.perf_counter()
    pause_after = int(n * kill_after) if channel == "sms" else texts + 1
    worker = start_worker({**env, "BENCH_PAUSE_AFTER": str(pause_after)}, work, "worker-1")
    samples: list[tuple[float, int]] = []
    while True:
        sent = counts().get(MessageStatus.SENT, 0)
        samples.append((time.perf_counter() - started, sent))
        if (work / "paused").exists():
            break
        if worker.poll() is not None:
            raise SystemExit((work / "worker-1.log").read_text()[-3000:])
        time.sleep(0.05)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    killed_at = time.perf_counter() - started
    at_kill = counts()
    in_doubt = at_kill.get(MessageStatus.SENDING, 0)
    print(
        f"killed worker 1 (kill -9) at {killed_at:.1f} s: {at_kill.get(MessageStatus.SENT, 0)} "
        f"sent, {in_doubt} sending (in its hands), {at_kill.get(MessageStatus.QUEUED, 0)} queued"
    )
    call_command("resume_delivery", "--stale-after", "0", stdout=open(work / "resume.log", "w"))  # noqa: SIM115
    settled = counts()
    resumed = time.perf_counter()
    worker = start_worker(env, work, "worker-2")
    after: list[tuple[float, int]] = []
    try:
        while True:
            c = counts()
            after.append((time.perf_counter() - resumed, c.get(MessageStatus.SENT, 0)))
            if not c.get(MessageStatus.QUEUED) and not c.get(MessageStatus.SENDING):
                break
            if worker.poll() is not None:
                raise SystemExit((work / "worker-2.log").read_text()[-3000:])
            if time.perf_counter() - resumed > 600:
                raise SystemExit("delivery did not finish within 10 minutes of the restart")
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    final = counts()
    print(
        f"after resume_delivery: {settled.get(MessageStatus.SENDING, 0)} sending, "
        f"{settled.get(MessageStatus.QUEUED, 0)} queued, "
        f"{settled.get(MessageStatus.FAILED, 0)} failed; worker 2 finished in "
        f"{after[-1][0]:.1f} s; final statuses {dict(sorted(final.items()))}"
    )
    report(n, texts, work, messages, samples, after, delivery.MAY_HAVE_BEEN_SENT)


def rates(samples: list[tuple[float, int]]) -> list[float]:
    """Messages a second over each half-second of a run, from its first message sent."""
    samples = [s for s in samples if s[1] > samples[0][1]] or samples
    out, last = [], samples[0]
    for t, sent in samples[1:]:
        if t - last[0] >= 0.5:
            out.append((sent - last[1]) / (t - last[0]))
            last = (t, sent)
    return out or [0.0]


def report(n, texts, work, messages, before, after, may_have_been_sent) -> None:  # type: ignore[no-untyped-def]
    from engage.messaging.models import Channel, MessageStatus

    sms_files = list((work / "media" / "sms").glob("*.json"))
    sms_to = Counter(json.loads(p.read_text())["to"] for p in sms_files)
    duplicates_log = work / "duplicate-texts.log"
    duplicate_texts = duplicates_log.read_text().split() if duplicates_log.exists() else []
    mail_to: Counter[str] = Counter()
    for f in (work / "mail").iterdir():
        for line in f.read_text(errors="replace").splitlines():
            if line.startswith("To: "):
                mail_to[line[4:].strip()] += 1
    sms_people = set(messages.filter(channel=Channel.SMS).values_list("address", flat=True))
    mail_people = set(messages.filter(channel=Channel.EMAIL).values_list("address", flat=True))
    sms_lost = sms_people - set(sms_to)
    sms_twice = len(duplicate_texts) + sum(1 for c in sms_to.values() if c > 1)
    mail_lost = mail_people - set(mail_to)
    mail_twice = sum(1 for c in mail_to.values() if c > 1)
    doubtful = set(
        messages.filter(status=MessageStatus.FAILED, error=may_have_been_sent).values_list(
            "address", flat=True
        )
    )
    other_failed = messages.filter(status=MessageStatus.FAILED).exclude(error=may_have_been_sent)
    r_before, r_after = statistics.median(rates(before)), statistics.median(rates(after))
    print(
        f"delivery speed: median {r_before:.0f} messages/s before the kill, {r_after:.0f} after; "
        f"ratio {r_after / r_before if r_before else 0:.2f} (after / before)"
    )
    print(
        f"texts: {len(sms_people)} recipients, {sum(sms_to.values())} received, "
        f"{len(sms_lost)} got none, {sms_twice} got two"
    )
    print(
        f"emails: {len(mail_people)} recipients, {sum(mail_to.values())} received, "
        f"{len(mail_lost)} got none, {mail_twice} got two; {len(doubtful)} listed for staff as "
        f"'may have been sent' ({len(doubtful & mail_lost)} of them not received); "
        f"{other_failed.count()} failed otherwise"
    )
    ok = (
        not sms_lost
        and not sms_twice
        and not mail_twice
        and mail_lost <= doubtful
        and not other_failed.exists()
        and len(sms_people) == texts
        and len(mail_people) == n - texts
    )
    print(
        f"targets: every recipient exactly one message (emails in doubt listed for staff): "
        f"{'met' if ok else 'MISSED'}"
    )
    assert ok


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        worker_main()
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        main()
