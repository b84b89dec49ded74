"""Writes to an office's taxonomy of concern themes: add, rename, retire, bring back, merge."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from engage.accounts.models import User
from engage.core.models import Office
from engage.engagements.models import (
    ComplaintThemeCount,
    Concern,
    ConcernTheme,
    SurgeryBooking,
)


def _save(theme: ConcernTheme, by: User | None, reason: str = "") -> None:
    theme._history_user = by  # type: ignore[attr-defined]
    if reason:
        theme._change_reason = reason  # type: ignore[attr-defined]
    theme.save()


@transaction.atomic
def add_theme(office: Office, *, name: str, description: str = "", by: User | None) -> ConcernTheme:
    theme = ConcernTheme(office=office, name=name.strip(), description=description.strip())
    _save(theme, by)
    return theme


@transaction.atomic
def rename_theme(
    theme: ConcernTheme, *, name: str, description: str, by: User | None
) -> ConcernTheme:
    """Rename a theme: every concern, booking and complaint count under it follows the new name."""
    theme.name = name.strip()
    theme.description = description.strip()
    _save(theme, by)
    return theme


@transaction.atomic
def retire_theme(theme: ConcernTheme, *, by: User | None) -> ConcernTheme:
    """Stop offering a theme for new concerns; concerns already under it keep it."""
    theme.is_active = False
    _save(theme, by)
    return theme


@transaction.atomic
def reinstate_theme(theme: ConcernTheme, *, by: User | None) -> ConcernTheme:
    theme.is_active = True
    _save(theme, by)
    return theme


@dataclass(frozen=True)
class MergeResult:
    concerns: int
    bookings: int
    complaint_counts: int


@transaction.atomic
def merge_themes(source: ConcernTheme, into: ConcernTheme, *, by: User | None) -> MergeResult:
    """Move everything under `source` to `into`, then delete `source`.

    Side effects: each moved concern and booking gets a history row saying why; complaint counts
    of a month both themes have are added together; `into` gets a history row recording the
    merge, and `source`'s deletion is recorded in its history.
    """
    if source.office_id != into.office_id or source.pk == into.pk:
        raise ValueError("A theme can only be merged into another theme of the same office.")
    reason = f"Theme “{source.name}” merged into “{into.name}”"

    concerns = list(Concern.objects.filter(theme=source))
    for concern in concerns:
        concern.theme = into
    bulk_update_with_history(
        concerns, Concern, ["theme"], default_user=by, default_change_reason=reason
    )
    bookings = list(SurgeryBooking.objects.filter(theme=source))
    for booking in bookings:
        booking.theme = into
    bulk_update_with_history(
        bookings, SurgeryBooking, ["theme"], default_user=by, default_change_reason=reason
    )

    existing = {c.month: c for c in ComplaintThemeCount.objects.filter(theme=into)}
    moved = list(ComplaintThemeCount.objects.filter(theme=source))
    for count in moved:
        target = existing.get(count.month)
        if target is None:
            count.theme = into
            count.save()
        else:
            target.count += count.count
            target.save()
            count.delete()

    result = MergeResult(len(concerns), len(bookings), len(moved))
    _save(
        into,
        by,
        f"{reason}: {result.concerns} concerns, {result.bookings} surgery bookings and "
        f"{result.complaint_counts} monthly complaint counts moved",
    )
    source._history_user = by  # type: ignore[attr-defined]
    source._change_reason = reason  # type: ignore[attr-defined]
    source.delete()
    return result
