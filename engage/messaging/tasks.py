"""The tasks the worker runs (`manage.py db_worker`) for messaging: delivering what is due."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from engage.messaging import delivery


@task()
def deliver() -> dict[str, Any]:
    """Send every message that is due (see delivery.run); enqueues itself for later work."""
    return delivery.run().as_dict()
