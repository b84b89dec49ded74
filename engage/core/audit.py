"""The audit trail: every domain model keeps its history with django-simple-history.

Models declare `history = HistoricalRecords()`; this module turns that history into the
"who, when, what changed" list shown on each record's page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Bookkeeping fields that change on every save and say nothing to a reader.
HIDDEN_FIELDS = {"updated_at", "created_at", "office"}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class AuditEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _readable(value: Any) -> Any:
    """A value as a reader expects it: Yes/No, UK dates, 24-hour times."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


def _display(model: type[models.Model], name: str, value: Any) -> Any:
    """A stored value as the page shows it: a choice's label, a related record's name."""
    if value in (None, ""):
        return value
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # a field dropped since the history row was written
        return _readable(value)
    choices = dict(getattr(model_field, "flatchoices", None) or [])
    if choices and value in choices:
        return choices[value]
    related = getattr(model_field, "related_model", None)
    if model_field.many_to_one and related is not None and not isinstance(related, str):
        found = related._default_manager.filter(pk=value).first()
        return str(found) if found is not None else f"#{value}"
    return _readable(value)


def _related_names(model: type[models.Model], name: str, rows: Any) -> str:
    """Many-to-many history holds through-rows like {"meetingseries": 6, "organisation": 3}."""
    field = model._meta.get_field(name)
    related = field.related_model
    if not isinstance(rows, list) or related is None or isinstance(related, str):
        return str(rows)
    key = related._meta.model_name
    pks = [row.get(key) for row in rows if isinstance(row, dict)]
    names = sorted(str(o) for o in related._default_manager.filter(pk__in=pks))
    return ", ".join(names) or "–"


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()
    except Exception:  # a field dropped since the history row was written
        return name


def audit_trail(obj: models.Model, limit: int = 50) -> list[AuditEntry]:
    """Newest first: each save of `obj` with the person who made it and the fields it changed."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[  # type: ignore[attr-defined]
            : limit + 1
        ]
    )
    entries = []
    model = type(obj)
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[Change] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            changes = []
            for c in delta.changes:
                if c.field in HIDDEN_FIELDS:
                    continue
                if isinstance(c.new, list) or isinstance(c.old, list):
                    old, new = (_related_names(model, c.field, v) for v in (c.old, c.new))
                else:
                    old, new = (_display(model, c.field, v) for v in (c.old, c.new))
                changes.append(Change(_label(model, c.field), old, new))
            if not changes and not record.history_change_reason:
                continue
        user = record.history_user
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.email) if user else str(_("System")),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def created_by(obj: models.Model) -> AuditEntry | None:
    """Who created the record and when, from its first history row."""
    first = obj.history.select_related("history_user").order_by("history_date").first()  # type: ignore[attr-defined]
    if first is None:
        return None
    user = first.history_user
    return AuditEntry(
        when=first.history_date,
        who=(user.get_full_name() or user.email) if user else str(_("System")),
        action=str(ACTIONS["+"]),
        reason=first.history_change_reason or "",
    )
