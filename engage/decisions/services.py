"""Writes for decisions: recording one, linking its evidence, publishing it (which tells people).

Each function is one whole change, atomic, with the user recorded in the decision's history.
Evidence added or removed is written into that history as a reason ("Evidence added: …"), so the
decision's page shows who linked what. "You said, we did" pages have their writes in outcomes.py.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engage.accounts.models import User
from engage.core.models import Office
from engage.decisions import queries
from engage.decisions.models import EVIDENCE_FIELD, Decision, Evidence, EvidenceKind
from engage.messaging.models import Notice
from engage.messaging.notices import queue_notice

DECISION_FIELDS = ("reference", "title", "title_cy", "decided_on", "kind", "summary", "summary_cy")


def _stamp(obj: Any, by: User | None, reason: str = "") -> None:
    obj._history_user = by
    if reason:
        obj._change_reason = reason


def _note(decision: Decision, by: User | None, reason: str) -> None:
    """A row in the decision's history for a change to its evidence."""
    _stamp(decision, by, reason)
    decision.save(update_fields=["updated_at"])


def clean_reference(reference: str) -> str:
    """The reference as typed, without stray spaces: "PCC/2026/014"."""
    return " ".join(reference.split())


def reference_taken(
    office: Office, reference: str, exclude: Decision | None = None
) -> Decision | None:
    """The office's other decision with this reference (ignoring case and spaces), if any."""
    others = Decision.objects.for_office(office).filter(
        reference__iexact=clean_reference(reference)
    )
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.first()


def _reference_error(other: Decision) -> ValidationError:
    return ValidationError(
        {
            "reference": _(
                "Another decision already has the reference %(reference)s (“%(title)s”). "
                "Give each decision its own reference."
            )
            % {"reference": other.reference, "title": other.title}
        }
    )


def slug_for(office: Office, reference: str, exclude: Decision | None = None) -> str:
    """The decision's web address from its reference: PCC/2026/014 becomes pcc-2026-014.

    Numbered when another decision already has it (PCC-2026-014 and PCC/2026/014 both exist)."""
    base = slugify(re.sub(r"[^\w]+", "-", reference))[:55].strip("-") or "decision"
    others = Decision.objects.for_office(office).filter(slug__startswith=base)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    taken = set(others.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(decision: Decision, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.reference = clean_reference(decision.reference)


def _save(decision: Decision) -> None:
    try:
        # The savepoint keeps the caller's transaction usable when a concurrent save took the
        # reference a moment earlier: the database's constraint decides, not the check before.
        with transaction.atomic():
            decision.save()
    except IntegrityError as error:
        other = reference_taken(decision.office, decision.reference, decision)
        if other is None:
            raise
        raise _reference_error(other) from error


@transaction.atomic
def create_decision(office: Office, *, by: User | None, **fields: Any) -> Decision:
    """Record a decision (unpublished). Its web address is made from its reference.

    Side effects: the Decision and its history row. Raises ValidationError (on "reference") when
    another decision of the office has the same reference.
    """
    decision = Decision(office=office, created_by=by)
    _apply(decision, fields)
    other = reference_taken(office, decision.reference)
    if other is not None:
        raise _reference_error(other)
    decision.slug = slug_for(office, decision.reference)
    _stamp(decision, by)
    _save(decision)
    return decision


def update_decision(decision: Decision, *, by: User | None, **fields: Any) -> Decision:
    """Save a decision's details. While unpublished, a new reference gives a new web address;
    once published the address stays, so links people were sent keep working.

    Side effects: history row. When refused, the decision is as it was (in memory too).
    """
    try:
        with transaction.atomic():
            _apply(decision, fields)
            other = reference_taken(decision.office, decision.reference, decision)
            if other is not None:
                raise _reference_error(other)
            if not decision.is_published:
                decision.slug = slug_for(decision.office, decision.reference, decision)
            _stamp(decision, by)
            _save(decision)
    except ValidationError:
        decision.refresh_from_db()
        raise
    return decision


def _describe(evidence: Evidence) -> str:
    target = evidence.target
    text = f"{evidence.get_kind_display()}: {target}"
    if evidence.area_id is not None:
        text += f" ({evidence.area})"
    return text


def _check_office(decision: Decision, kind: EvidenceKind, target: Any, area: Any) -> None:
    """Refuse a thing of another office (whatever the form offered)."""
    if kind in (EvidenceKind.QUESTION,):
        office_id = target.consultation.office_id
    elif kind == EvidenceKind.CONSULTATION_THEME:
        office_id = target.question.consultation.office_id
    else:
        office_id = target.office_id
    if office_id != decision.office_id or (
        area is not None and area.office_id != decision.office_id
    ):
        raise ValidationError(
            {EVIDENCE_FIELD[kind]: _("Choose something recorded by this office.")}
        )


@transaction.atomic
def add_evidence(
    decision: Decision,
    *,
    kind: str,
    target: Any,
    area: Any = None,
    note: str = "",
    by: User | None,
) -> Evidence:
    """Link one piece of evidence to the decision: `target` is the consultation, question,
    consultation theme, concern, concern theme, activity or forum report that `kind` names;
    `area` narrows "concerns on a theme" to a place (and the places inside it).

    Side effects: the Evidence (with history) and a history row on the decision. Raises
    ValidationError, by field, when nothing is chosen, the thing belongs to another office, or the
    decision already has this evidence.
    """
    kind = EvidenceKind(kind)
    name = EVIDENCE_FIELD[kind]
    if target is None:
        raise ValidationError({name: _("Choose what the evidence is.")})
    if kind != EvidenceKind.CONCERN_THEME:
        area = None
    _check_office(decision, kind, target, area)
    duplicate = Evidence.objects.filter(decision=decision, kind=kind, **{name: target}, area=area)
    if duplicate.exists():
        raise ValidationError(
            {name: _("This evidence is already linked to the decision. Choose something else.")}
        )
    evidence = Evidence(
        office_id=decision.office_id,
        decision=decision,
        kind=kind,
        note=" ".join(note.split()),
        area=area,
        **{name: target},
    )
    _stamp(evidence, by)
    evidence.save()
    _note(decision, by, _("Evidence added: %(evidence)s") % {"evidence": _describe(evidence)})
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, *, by: User | None) -> None:
    """Unlink one piece of evidence. Notices already sent stay sent.

    Side effects: the Evidence is deleted (its history keeps it) and a history row on the decision.
    """
    decision = evidence.decision
    described = _describe(evidence)
    _stamp(evidence, by)
    evidence.delete()
    _note(decision, by, _("Evidence removed: %(evidence)s") % {"evidence": described})


@transaction.atomic
def publish_decision(decision: Decision, *, by: User | None) -> Notice:
    """Publish the decision and tell everyone linked to its evidence who asked to hear back.

    Side effects: `published_at` set and a history row; one Notice with one queued Message per
    consenting person (`messaging.notices.queue_notice`: never twice to the same address for this
    decision, so publishing again after unpublishing tells only people linked since), and the
    delivery task started once the transaction commits. Raises ValidationError when it is already
    published.
    """
    # Locked, so two people pressing "Publish" at once queue one notice, not two.
    current = Decision.objects.select_for_update().values_list("published_at", flat=True)
    if current.get(pk=decision.pk) is not None:
        raise ValidationError(_("This decision is already published."))
    decision.published_at = timezone.now()
    _stamp(decision, by)
    decision.save()
    return queue_notice(decision=decision, contacts=queries.contacts_behind(decision), by=by)


@transaction.atomic
def unpublish_decision(decision: Decision, *, by: User | None) -> Decision:
    """Take the decision off the public pages. Notices already sent stay sent.

    Side effects: `published_at` cleared and a history row.
    """
    if not decision.is_published:
        raise ValidationError(_("This decision is not published."))
    decision.published_at = None
    _stamp(decision, by)
    decision.save()
    return decision
