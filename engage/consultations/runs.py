"""Long work (analyses and imports) recorded as a `Run` the pages can show progress of.

A view calls `start(...)`, which saves a queued Run and hands it to the tasks worker; the worker's
task calls the work function with the Run, which reports `progress(...)` as it goes and ends with
`finish(...)` or, if it raises, the task marks the Run failed with a message a person can read.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.db import transaction
from django.utils import timezone

from engage.accounts.models import User
from engage.consultations.models import Consultation, Run, RunKind, RunStatus
from engage.core.models import Office


def start(
    office: Office,
    kind: RunKind,
    *,
    consultation: Consultation | None,
    by: User | None,
    payload: bytes = b"",
    payload_name: str = "",
    options: dict | None = None,
) -> Run:
    """Save a queued Run and enqueue its task once the transaction commits."""
    from engage.consultations import tasks

    run = Run.objects.create(
        office=office,
        consultation=consultation,
        kind=kind,
        started_by=by,
        payload=payload,
        payload_name=payload_name,
        result={"options": options or {}},
    )
    transaction.on_commit(lambda: tasks.perform_run.enqueue(run.pk))
    return run


def progress(run: Run, percent: int, stage: str) -> None:
    """Record how far the work has got; visible at once to the page polling the Run."""
    run.progress = max(0, min(100, percent))
    run.stage = stage
    Run.objects.filter(pk=run.pk).update(progress=run.progress, stage=stage)


def finish(run: Run, result: dict) -> None:
    run.status = RunStatus.DONE
    run.progress = 100
    run.result = result
    run.finished_at = timezone.now()
    run.payload = b""
    run.save(update_fields=["status", "progress", "result", "finished_at", "payload"])


def fail(run: Run, message: str) -> None:
    run.status = RunStatus.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.payload = b""
    run.save(update_fields=["status", "error", "finished_at", "payload"])


def latest_analysis(consultation: Consultation) -> Run | None:
    """The newest finished analysis of a consultation, which the results pages show.

    Its `result` is decoded once per process (see `_decoded_result`) and shared: read it, never
    change it in place without saving it.
    """
    run = (
        Run.objects.filter(consultation=consultation, kind=RunKind.ANALYSIS, status=RunStatus.DONE)
        .defer("result", "payload")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if run is not None:
        run.result = _decoded_result(
            run._state.db or "default", run.pk, run.created_at, run.updated_at, run.finished_at
        )
    return run


@functools.lru_cache(maxsize=32)
def _decoded_result(
    db: str, pk: int, created: dt.datetime, updated: dt.datetime, finished: dt.datetime | None
) -> dict:
    """A finished run's result, decoded from JSON once: a finished run is not run again, and a
    result saved anew changes `updated`. Decoding the largest took a few milliseconds a request
    of the public results page (docs/public-site.md, Speed)."""
    result: dict = Run.objects.using(db).values_list("result", flat=True).get(pk=pk)
    return result
