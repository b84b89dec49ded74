"""The worker's path to the retention schedule (`manage.py db_worker`), for a host without cron.

`apply_retention_daily` runs the schedule for every office and, where the task backend can defer
work, enqueues itself for 03:00 the next day. Start the chain once with
`manage.py apply_retention --via-worker`. Use cron or the worker, not both (both would only log
an empty second run each day: a run is idempotent).
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from engage.core.models import Office
from engage.dataprotection.models import Trigger
from engage.dataprotection.retention import apply_retention

AT = dt.time(3, 0)


def next_run(now: dt.datetime) -> dt.datetime:
    """03:00 tomorrow, local time."""
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(tomorrow, AT))


def schedule(run_after: dt.datetime | None = None) -> bool:
    """Enqueue the daily run (once per day however often it is asked); False if already queued
    or if the backend cannot wait."""
    if run_after is not None:
        if not apply_retention_daily.get_backend().supports_defer:
            return False
        if not cache.add(f"engage:retention:queued:{run_after:%Y-%m-%d}", 1, timeout=2 * 86400):
            return False
        apply_retention_daily.using(run_after=run_after).enqueue()
    else:
        apply_retention_daily.enqueue()
    return True


@task()
def apply_retention_daily() -> dict[str, int]:
    """Run the schedule for every office (real, logged), then queue tomorrow's run."""
    done = {}
    for office in Office.objects.order_by("slug"):
        done[office.slug] = apply_retention(office, dry_run=False, trigger=Trigger.WORKER).total
    schedule(next_run(timezone.now()))
    return done
