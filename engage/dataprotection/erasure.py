"""Erasing a person (UK GDPR Art. 17): `erase_person`.

What goes, kind by kind, and why (docs/data-protection.md says the same for staff):

- Consultation responses stay, so published results, counts and analyses stay true; what links
  them to the person goes: the email address, the return link (a new random key), the wish to
  hear the outcome, the paper form's or import's id, and every free-text answer, which is
  replaced by "[erased]" (still counted as answered, so counts and theme codes stay). The
  choices, scales and the optional "about you" answers stay: they say nothing about who
  answered once the email address is gone, and published counts are made from them. Statements
  they wrote for voting stay (others voted on them) without the link to their response.
- Concerns stay for the counts by theme and area and the decisions they fed; the name, email,
  phone and what was raised (free text that could identify them) are erased.
- Surgery bookings stay for the surgery's record; name, email, phone and topic are erased, the
  change-or-cancel link is made void, and the confidential case notes are deleted.
- Alert subscriptions and their messages' addresses are deleted, and so is the suppression list's
  row: no contact detail is left to write to, and anything new they give is a new choice.
- The consent ledger is append-only and its point is to show consent was held, so its rows stay
  with the address replaced by a one-way hash of it ("erased:sha256:..."): the ledger keeps
  every entry and its wording, and the office can still check an entry against an address the
  person gives again, but cannot read the address out of it.
- Comments on documents: the name and text are erased and the comment is no longer shown.
- Partner contacts are deleted; an organisation's own email and phone, when they were the
  person's, are blanked (the organisation stays).
- The audit trail (django-simple-history) loses the same fields of the same rows, including the
  copy made when a row is deleted.

An `Erasure` row records that it happened, who did it and how many records of each kind were
changed, never whose they were.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Cast, Concat

from engage.accounts.models import User
from engage.consultations.models import Question, QuestionKind
from engage.core.models import Office
from engage.dataprotection.models import Erasure, SubjectAccessRequest
from engage.dataprotection.subject_access import Person, matching

ERASED = "[erased]"
ANONYMISED = "anonymised"
DELETED = "deleted"

# The fields blanked on rows that stay, kind by kind (the same go from their history).
BLANKED: dict[str, dict[str, Any]] = {
    "consultations.Response": {"email": "", "wants_outcome": False, "source_id": ""},
    "consultations.Statement": {"author": None},
    "engagements.Concern": {
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "wants_reply": False,
        "summary": ERASED,
    },
    "engagements.SurgeryBooking": {
        "name": ERASED,
        "email": "",
        "phone": "",
        "topic": ERASED,
        "wants_outcome": False,
    },
    "messaging.Message": {"address": "", "error": "", "subscriber": None},
    "publishing.Comment": {
        "name": "",
        "text": ERASED,
        "status": "rejected",
        "rejection_reason": "Erased at the person's request.",
    },
    "stakeholders.Organisation": {"email": "", "phone": ""},
    # Interactions stay with their organisation; the contact's deletion unlinks them.
    "stakeholders.Interaction": {},
}
# Kinds of record deleted outright; their history keeps the fact, not the data.
DELETED_KINDS: dict[str, dict[str, Any]] = {
    "engagements.CaseNote": {},
    "messaging.Subscriber": {},
    "messaging.Suppression": {},
    "stakeholders.Contact": {"name": ERASED, "role": "", "email": "", "phone": ""},
}


def ledger_hash(office: Office, address: str) -> str:
    """What the consent ledger keeps of an erased address: the same address always gives the
    same hash in one office, and the hash does not give the address back."""
    digest = hashlib.sha256(f"{office.pk}:{address.strip().lower()}".encode()).hexdigest()
    return f"erased:sha256:{digest}"


def _history(model: type[models.Model]) -> type[models.Model] | None:
    manager = getattr(model, "history", None)
    return manager.model if manager is not None else None


def _blank_history(model: type[models.Model], pks: list[int], fields: dict[str, Any]) -> None:
    history = _history(model)
    if history is None or not fields or not pks:
        return
    # Historical copies hold a foreign key as its id column.
    columns = {
        (f"{k}_id" if model._meta.get_field(k).is_relation else k): v for k, v in fields.items()
    }
    history._default_manager.filter(id__in=pks).update(**columns)


def _erase_free_text(rows: models.QuerySet[Any]) -> None:
    """Replace every free-text answer of these responses by ERASED."""
    responses = list(rows.only("pk", "answers", "consultation_id"))
    texts = {
        str(pk)
        for pk in Question.objects.filter(
            consultation__in={r.consultation_id for r in responses}, kind=QuestionKind.TEXT
        ).values_list("pk", flat=True)
    }
    for r in responses:
        r.answers = {k: (ERASED if k in texts and v else v) for k, v in r.answers.items()}
        r.token = secrets.token_urlsafe(16)
    rows.model._default_manager.bulk_update(responses, ["answers", "token"])


@transaction.atomic
def erase_person(
    office: Office, person: Person, *, by: User, request: SubjectAccessRequest | None = None
) -> Erasure:
    """Erase everything the office holds that names this person (see the module docstring for
    what goes from each kind of record and why).

    Side effects: the records found by `subject_access.matching` anonymised or deleted, their
    history rows blanked the same way, the consent ledger's addresses hashed, and one `Erasure`
    row with the counts per kind of record. Nothing is sent. Rows are updated in bulk, so no
    new history copy of the erased data is made.
    """
    found = matching(office, person)
    # Fix the rows first: erasing one kind changes what the next one's query would find
    # (a case note is found through its booking's name).
    pks = {label: list(rows.values_list("pk", flat=True)) for label, rows in found.items()}
    counts: dict[str, dict[str, int]] = {}
    for label, ids in pks.items():
        if not ids:
            continue
        model = found[label].model
        rows = model._default_manager.filter(pk__in=ids)
        if label == "messaging.ConsentRecord":
            _hash_ledger(office, rows)
            counts[label] = {ANONYMISED: len(ids)}
        elif label in DELETED_KINDS:
            # QuerySet.delete() on the base manager: a queryset of our own may refuse it.
            models.QuerySet(model).filter(pk__in=ids).delete()
            _blank_history(model, ids, DELETED_KINDS[label])
            counts[label] = {DELETED: len(ids)}
        else:
            fields = BLANKED[label]
            if label == "consultations.Response":
                _erase_free_text(rows)
            if label == "messaging.Message":
                rows.update(key=Concat(Value("erased:"), Cast("pk", models.CharField())))
            if label == "engagements.SurgeryBooking":
                for pk in ids:
                    rows.filter(pk=pk).update(cancel_token=secrets.token_hex(32))
            if fields:
                rows.update(**fields)
            history_fields = dict(fields)
            if label == "engagements.SurgeryBooking":
                history_fields["cancel_token"] = ERASED
            _blank_history(model, ids, history_fields)
            counts[label] = {ANONYMISED: len(ids)}
    return Erasure.objects.create(office=office, request=request, erased_by=by, counts=counts)


def _hash_ledger(office: Office, rows: models.QuerySet[Any]) -> None:
    # The ledger refuses changes through its own queryset (it is append-only); erasure is the one
    # change the law requires of it, so it goes through Django's plain QuerySet.
    for pk, address in rows.values_list("pk", "address"):
        models.QuerySet(rows.model).filter(pk=pk).update(address=ledger_hash(office, address))
