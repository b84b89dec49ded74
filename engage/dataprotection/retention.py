"""The retention schedule, enforced: find what is due under the inventory's rules and act on it.

`due(office)` reads: for each kind of record and each of its rules, how many records are due
(their `start` date is older than the rule's period and they match its `when`), and the oldest
date among them. It changes nothing; it is the dry run, the report the Data Protection Officer
reads, and the staff page shows it live.

`apply_retention(office, dry_run=..., trigger=...)` logs a `RetentionRun` and, unless it is a dry
run, acts, in one transaction for the office:

- DELETE deletes the rows (with what the database cascades to), and every copy of them in the
  audit trail (django-simple-history), including the copy the deletion itself makes;
- ERASE blanks the named fields (empty, null, false, or for a unique field like a return link's
  token an unguessable value marked as erased), keeping the row so counts and analyses stay right, and blanks the same
  fields in every audit-trail copy of the row;
- REVIEW only reports; KEEP is not a rule to run;
- the audit trail's own rule (`HISTORY`) deletes copies older than its period.

A run is idempotent: an erased field no longer matches, a deleted row is gone, so a second run
finds nothing. A real run does what the dry run said: erasing rules skip rows an earlier rule of
the same record already erases and rows a deleting rule of the record deletes now, history is pruned before records are deleted, and records are
acted on in the reverse of the inventory's order, so a record that its own rule deletes (a case
note) goes before the record it belongs to (the booking) would take it with it.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.db.models import Min, Q, QuerySet
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from engage.core.models import Office
from engage.dataprotection.inventory import HISTORY, RECORDS, Action, Record, Rule, records
from engage.dataprotection.models import RetentionRun, RunStatus, Trigger

log = logging.getLogger(__name__)

ACTED_ON = (Action.DELETE, Action.ERASE, Action.REVIEW)
# The value a unique text field is erased to starts with this.
ERASED_PREFIX = "erased-"
CHUNK = 500


@dataclass
class Due:
    """Records of one kind that one rule applies to now (or, after a run, that it acted on)."""

    record: Record
    rule: Rule
    # The rule's place in record.kept, or None for the audit trail's rule.
    index: int | None
    count: int
    oldest: dt.date | dt.datetime | None
    # After a real run: rows the database deleted along with them, by model; rows a rule could
    # not delete because other records depend on them.
    with_them: dict[str, int] = field(default_factory=dict)
    blocked: int = 0

    @property
    def is_history(self) -> bool:
        return self.index is None

    @property
    def oldest_date(self) -> dt.date | None:
        if isinstance(self.oldest, dt.datetime):
            return timezone.localtime(self.oldest).date()
        return self.oldest

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.record.label,
            "rule": "history" if self.index is None else self.index,
            "action": str(self.rule.action),
            "count": self.count,
            "oldest": self.oldest_date.isoformat() if self.oldest_date else None,
            "with_them": self.with_them,
            "blocked": self.blocked,
        }

    @classmethod
    def from_json(cls, entry: dict[str, Any]) -> Due | None:
        """An entry of a run's log, or None if the inventory no longer has its record or rule."""
        record = records().get(entry.get("record", ""))
        if record is None:
            return None
        index = entry.get("rule")
        if index == "history":
            rule, index = HISTORY, None
        elif isinstance(index, int) and index < len(record.kept):
            rule = record.kept[index]
        else:
            return None
        oldest = dt.date.fromisoformat(entry["oldest"]) if entry.get("oldest") else None
        return cls(
            record,
            rule,
            index,
            entry.get("count", 0),
            oldest,
            entry.get("with_them", {}),
            entry.get("blocked", 0),
        )


# Reading what is due -------------------------------------------------------------------------


def _final_field(model: type[models.Model], path: str) -> Any:
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model  # type: ignore[assignment]
    return model._meta.get_field(parts[-1])


def _cutoff(model: type[models.Model], rule: Rule, now: dt.datetime) -> dt.date | dt.datetime:
    limit = now - relativedelta(months=rule.months, days=rule.days)
    found = _final_field(model, rule.start)
    if isinstance(found, models.DateField) and not isinstance(found, models.DateTimeField):
        return timezone.localtime(limit).date()
    return limit


def _office_ids(model: type[models.Model], office_path: str, office: Office) -> QuerySet:
    manager = model._default_manager
    if office_path == "pk":
        return manager.filter(pk=office.pk).values("pk")
    return manager.filter(**{office_path: office.pk}).values("pk")


def _matching(record: Record, rule: Rule, office: Office, now: dt.datetime) -> QuerySet:
    """The office's records whose time under `rule` is up, whatever was done to them already."""
    model = record.model
    conditions = Q(**{f"{rule.start}__lt": _cutoff(model, rule, now)}) & Q(**rule.when)
    ids = model._default_manager.filter(pk__in=_office_ids(model, record.office_path, office))
    return model._default_manager.filter(pk__in=ids.filter(conditions).values("pk"))


class Unguessable:
    """The erased value of a unique text field (a return link's token): "erased-" and a random
    string, different for each row, so that it stays unique and no link can be made to match."""

    def new(self) -> str:
        return ERASED_PREFIX + secrets.token_urlsafe(16)


UNGUESSABLE = Unguessable()


def erased_values(model: type[models.Model], names: tuple[str, ...]) -> dict[str, Any]:
    """What each field is erased to: null where it may be, else empty, false or its default; a
    unique text field gets UNGUESSABLE."""
    values: dict[str, Any] = {}
    for name in names:
        f = model._meta.get_field(name)
        assert isinstance(f, models.Field), f"{model.__name__}.{name} is not a column"
        if f.null:
            values[f.attname] = None
        elif f.unique and isinstance(f, models.CharField):
            values[name] = UNGUESSABLE
        elif isinstance(f, models.BooleanField):
            values[name] = False
        elif f.has_default():
            values[name] = f.get_default()
        elif isinstance(f, models.CharField | models.TextField):
            values[name] = ""
        else:
            raise ValueError(f"No erased value for {model._meta.label}.{name}")
    return values


def _already_erased(model: type[models.Model], names: tuple[str, ...]) -> Q:
    erased = Q()
    for name, value in erased_values(model, names).items():
        if value is None:
            erased &= Q(**{f"{name}__isnull": True})
        elif value is UNGUESSABLE:
            erased &= Q(**{f"{name}__startswith": ERASED_PREFIX})
        else:
            erased &= Q(**{name: value})
    return erased


def _due_rows(record: Record, index: int, office: Office, now: dt.datetime) -> QuerySet:
    """The rows `record.kept[index]` has still to act on."""
    rule = record.kept[index]
    rows = _matching(record, rule, office, now)
    if rule.action != Action.ERASE:
        return rows
    for n, other in enumerate(record.kept):
        # Nothing is erased from a record that is deleted now, and an erasure that an earlier
        # rule of the record makes anyway is counted there only.
        if other.action == Action.DELETE or (
            n < index and other.action == Action.ERASE and set(other.fields) >= set(rule.fields)
        ):
            rows = rows.exclude(pk__in=_matching(record, other, office, now).values("pk"))
    return rows.exclude(_already_erased(record.model, rule.fields))


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    """The audit trail's model for `model`, if its changes are kept."""
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


def _history_rows(record: Record, office: Office, now: dt.datetime) -> QuerySet | None:
    history = history_model(record.model)
    if history is None:
        return None
    path = "id" if record.office_path == "pk" else record.office_path
    limit = now - relativedelta(months=HISTORY.months, days=HISTORY.days)
    ids = history._default_manager.filter(**{path: office.pk}).values("pk")
    return history._default_manager.filter(pk__in=ids, history_date__lt=limit)


def _oldest(rows: QuerySet, start: str) -> dt.date | dt.datetime | None:
    return rows.aggregate(oldest=Min(start))["oldest"]


def due(office: Office, *, now: dt.datetime | None = None) -> list[Due]:
    """What the retention schedule would do for the office now, rule by rule, in the order of
    the inventory; only rules with something due. Changes nothing."""
    now = now or timezone.now()
    found = []
    for record in RECORDS:
        for index, rule in enumerate(record.retention):
            if rule.action not in ACTED_ON:
                continue
            rows = _due_rows(record, index, office, now)
            count = rows.count()
            if count:
                found.append(Due(record, rule, index, count, _oldest(rows, rule.start)))
        history = _history_rows(record, office, now)
        if history is not None and (count := history.count()):
            found.append(Due(record, HISTORY, None, count, _oldest(history, "history_date")))
    return found


# Acting on it --------------------------------------------------------------------------------


def _chunks(ids: list[Any]) -> list[list[Any]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def _erase(model: type[models.Model], ids: list[Any], names: tuple[str, ...]) -> None:
    values = erased_values(model, names)
    fixed = {n: v for n, v in values.items() if v is not UNGUESSABLE}
    unique = [n for n, v in values.items() if v is UNGUESSABLE]
    history = history_model(model)
    copied = {f.attname for f in history._meta.fields} if history else set()
    manager = model._default_manager
    for chunk in _chunks(ids):
        # update() and bulk_update() send no signals: erasing leaves no new audit-trail copy.
        if fixed:
            manager.filter(pk__in=chunk).update(**fixed)
        if unique:
            rows = [model(pk=pk, **{n: UNGUESSABLE.new() for n in unique}) for pk in chunk]
            manager.bulk_update(rows, unique)
        if history is not None:
            # The copies need no unique value: one unguessable value does for the chunk.
            erased = {n: UNGUESSABLE.new() if v is UNGUESSABLE else v for n, v in values.items()}
            erased = {n: v for n, v in erased.items() if n in copied}
            if erased:
                history._default_manager.filter(id__in=chunk).update(**erased)


def _delete(rows: QuerySet) -> Counter[str]:
    """Delete the rows and what the database takes with them, and all their audit trail."""
    collector = Collector(using=rows.db, origin=rows)
    collector.collect(rows)
    taken = {model: [obj.pk for obj in objs] for model, objs in collector.data.items()}
    collector.delete()
    counts: Counter[str] = Counter()
    for model, ids in taken.items():
        counts[model._meta.label] += len(ids)
        history = history_model(model)
        if history is not None:
            for chunk in _chunks(ids):
                history._default_manager.filter(id__in=chunk).delete()
    return counts


def _delete_all(rows: QuerySet) -> tuple[Counter[str], int]:
    """Delete what can be; a row other records depend on (protected) stays and is counted."""
    try:
        with transaction.atomic():
            return _delete(rows), 0
    except (ProtectedError, RestrictedError):
        pass
    counts: Counter[str] = Counter()
    blocked = 0
    for pk in list(rows.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                counts += _delete(rows.model._default_manager.filter(pk=pk))
        except (ProtectedError, RestrictedError):
            blocked += 1
    return counts, blocked


def _act(office: Office, now: dt.datetime) -> list[Due]:
    done: list[Due] = []
    # The audit trail first, so that what deleting records takes of it is not counted twice.
    for record in RECORDS:
        history = _history_rows(record, office, now)
        if history is not None and (count := history.count()):
            oldest = _oldest(history, "history_date")
            history.delete()
            done.append(Due(record, HISTORY, None, count, oldest))
    for record in reversed(RECORDS):
        for index, rule in enumerate(record.retention):
            if rule.action not in ACTED_ON:
                continue
            rows = _due_rows(record, index, office, now)
            ids = list(rows.values_list("pk", flat=True))
            if not ids:
                continue
            entry = Due(record, rule, index, len(ids), _oldest(rows, rule.start))
            if rule.action == Action.ERASE:
                _erase(record.model, ids, rule.fields)
            elif rule.action == Action.DELETE:
                taken, entry.blocked = _delete_all(record.model._default_manager.filter(pk__in=ids))
                entry.count = taken.pop(record.label, 0)
                entry.with_them = dict(taken)
            done.append(entry)
    order = {record.label: n for n, record in enumerate(RECORDS)}
    return sorted(
        done, key=lambda d: (order[d.record.label], 1 if d.index is None else 0, d.index or 0)
    )


def apply_retention(
    office: Office,
    *,
    dry_run: bool,
    trigger: Trigger = Trigger.COMMAND,
    now: dt.datetime | None = None,
) -> RetentionRun:
    """Run the retention schedule for one office and log it.

    Side effects: a RetentionRun row (running, then finished with the counts or failed with the
    error). Unless `dry_run`, in one transaction: rows deleted, fields erased, audit-trail copies
    deleted or erased with them (see the module's docstring). A failure rolls back everything
    the run did for the office; the log says why.
    """
    now = now or timezone.now()
    run = RetentionRun.objects.create(
        office=office, started_at=now, dry_run=dry_run, trigger=trigger
    )
    try:
        if dry_run:
            entries = due(office, now=now)
        else:
            with transaction.atomic():
                entries = _act(office, now)
    except Exception as error:
        log.exception("Retention run for %s failed", office.slug)
        run.status = RunStatus.FAILED
        run.error = f"{type(error).__name__}: {error}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return run
    run.counts = [entry.as_json() for entry in entries]
    run.status = RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "status", "finished_at"])
    return run


def entries(run: RetentionRun) -> list[Due]:
    """A logged run's counts, read back against the inventory."""
    return [d for d in (Due.from_json(e) for e in run.counts) if d is not None]
