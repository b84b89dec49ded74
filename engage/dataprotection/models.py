"""The log of retention runs, so the Data Protection Officer sees every one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from engage.core.models import OfficeQuerySet, OfficeScopedModel


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class Trigger(models.TextChoices):
    """What started a run."""

    COMMAND = "command", _("The daily command (manage.py apply_retention)")
    WORKER = "worker", _("The task worker")
    DEMO = "demo", _("The demonstration data")


class RetentionRun(OfficeScopedModel):
    """One run of the retention schedule for one office: real or dry, and what it found or did."""

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    trigger = models.CharField(_("started by"), max_length=20, choices=Trigger.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    # One entry per rule with something due: see retention.Due.as_json.
    counts = models.JSONField(_("counts"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def total(self) -> int:
        return sum(entry.get("count", 0) for entry in self.counts)
