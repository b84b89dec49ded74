"""The tasks the worker runs (`manage.py db_worker`): each performs one Run (see runs.py)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from engage.consultations import runs
from engage.consultations.models import Run, RunKind, RunStatus

logger = logging.getLogger(__name__)


class RunError(Exception):
    """Work that cannot go on, with a message for the person who started it."""


def _work_for(kind: str):  # type: ignore[no-untyped-def]
    # Imported here: each is a large module (pandas, scikit-learn) the web pages rarely need.
    if kind == RunKind.ANALYSIS:
        from engage.consultations.analysis import perform_analysis

        return perform_analysis
    if kind == RunKind.IMPORT:
        from engage.consultations.imports import perform_import

        return perform_import
    from engage.consultations.polis import perform_polis_import

    return perform_polis_import


@task()
def perform_run(run_id: int) -> str:
    run = Run.objects.select_related("consultation", "office").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run.status
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        result = _work_for(run.kind)(run)
    except RunError as error:
        runs.fail(run, str(error))
    except Exception:
        logger.exception("Run %s failed", run.pk)
        runs.fail(run, _("Something went wrong. The error has been logged; try again later."))
    else:
        runs.finish(run, result)
    return run.status
