"""Finding a person in every record of one office, and everything found about them as JSON or as
a letter in PDF: the reads behind a subject access request (UK GDPR Art. 15).

Where a person can appear is `WHERE`: for each kind of record of the inventory, the fields that
hold a member of the public's email address, phone number or name, or the record it hangs from
(a surgery's case notes hang from the booking). Every other kind of record in the inventory that
holds personal data is in `NOT_SEARCHED` with the reason; a test fails when a kind of record is
in neither, so a new model is a decision, not a gap. Records whose only personal data are the
staff who worked on them (`created_by`, `owner`...) need no entry.

Matching is exact, never "contains": what is found may be erased, so a search for "Jo Bloggs"
must not find "Jo Bloggsworth". Email addresses are compared in any case; phone numbers in any
spelling of the same UK number (07700 900123, +44 7700 900123, 07700-900123); names in any case
with spaces tidied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from engage.core.models import Office
from engage.dataprotection.inventory import FieldClass, Purpose, Record, Rule, records
from engage.messaging.models import topics_of

# -- where a person can be ---------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """The fields of one kind of record that can name a member of the public.

    `address` fields hold an email address or a mobile number in E.164, as messaging stores
    them. A record found through another one names the foreign key in `via` and the other
    record's label in `parent`.
    """

    label: str
    email: tuple[str, ...] = ()
    phone: tuple[str, ...] = ()
    name: tuple[str, ...] = ()
    address: tuple[str, ...] = ()
    via: str = ""
    parent: str = ""

    @property
    def record(self) -> Record:
        return records()[self.label]

    @property
    def identifiers(self) -> tuple[str, ...]:
        return self.email + self.phone + self.name + self.address


WHERE: tuple[Where, ...] = (
    Where("consultations.Response", email=("email",)),
    Where("consultations.Statement", via="author", parent="consultations.Response"),
    Where(
        "engagements.Concern",
        email=("contact_email",),
        phone=("contact_phone",),
        name=("contact_name",),
    ),
    Where("engagements.SurgeryBooking", email=("email",), phone=("phone",), name=("name",)),
    Where("engagements.CaseNote", via="booking", parent="engagements.SurgeryBooking"),
    Where("messaging.Subscriber", address=("address",)),
    Where("messaging.ConsentRecord", address=("address",)),
    Where("messaging.Suppression", address=("address",)),
    Where("messaging.Message", address=("address",)),
    Where("publishing.Comment", name=("name",)),
    Where("stakeholders.Contact", email=("email",), phone=("phone",), name=("name",)),
    Where("stakeholders.Interaction", via="contact", parent="stakeholders.Contact"),
    # A sole trader's or a small group's details can be a person's own.
    Where("stakeholders.Organisation", email=("email",), phone=("phone",)),
)

NOT_SEARCHED: dict[str, str] = {
    "accounts.User": "Staff accounts: a member of staff's request is answered from their account "
    "and the audit trail, and a staff account is closed, not erased, through accounts.",
    "accounts.Membership": "A staff member's post in the office (job title).",
    "accounts.SignInEvent": "Sign-ins to staff accounts, shown to each member of staff on their "
    "own account page.",
    "dataprotection.RetentionRun": "The log of retention runs: counts, and an error message "
    "that may quote a value, never a search key.",
    "meetings.MeetingSeries": "Staff and partners in free text; notes must not name the public.",
    "meetings.Occurrence": "Meeting notes: must not name members of the public.",
    "meetings.Action": "Actions are owned by staff or partners; descriptions must not name the "
    "public. An action on a concern or a surgery case is reached through it.",
    "meetings.CalendarFeed": "A member of staff's calendar feed.",
    "meetings.ForumReport": "Written by ambassadors about a forum, not about one person.",
    "engagements.Activity": "Notes and outcomes of an activity: must not name the public.",
    "engagements.Feedback": "Anonymous by design: no name, email or phone is asked for.",
    "dataprotection.SubjectAccessRequest": "The request itself, on its own page: kept as the "
    "record of how it was answered, and never erased by the erasure it asks for.",
    "consultations.Run": "An imported file, erased a month after the import; the responses it "
    "made are searched.",
}


def where() -> dict[str, Where]:
    return {w.label: w for w in WHERE}


# -- who is looked for -------------------------------------------------------------------------


def phone_spellings(text: str) -> set[str]:
    """The ways one UK number may be stored once spaces, dashes, dots and brackets are taken out:
    {"+447700900123", "07700900123", "447700900123", "00447700900123"}. Empty if it is not a
    phone number."""
    try:
        number = phonenumbers.parse(text.strip(), "GB")
    except phonenumbers.NumberParseException:
        return set()
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = str(number.national_number)
    if len(national) < 7:
        return set()
    spellings = {e164, e164[1:], "00" + e164[1:]}
    if number.country_code == 44:
        spellings.add("0" + national)
    return spellings


def tidy_name(text: str) -> str:
    return " ".join((text or "").split())


@dataclass(frozen=True)
class Person:
    """Who is looked for: any of an email address, a phone number and a name."""

    email: str = ""
    phone: str = ""
    name: str = ""

    @classmethod
    def of(cls, *, email: str = "", phone: str = "", name: str = "") -> Person:
        return cls(
            email=(email or "").strip().lower(), phone=(phone or "").strip(), name=tidy_name(name)
        )

    @property
    def phones(self) -> set[str]:
        return phone_spellings(self.phone) if self.phone else set()

    @property
    def e164(self) -> str:
        return next((p for p in self.phones if p.startswith("+")), "")

    def __bool__(self) -> bool:
        return bool(self.email or self.phones or self.name)

    def as_dict(self) -> dict[str, str]:
        return {"email": self.email, "phone": self.phone, "name": self.name}

    @property
    def described(self) -> str:
        return ", ".join(v for v in (self.name, self.email, self.phone) if v)


def _digits(name: str) -> Replace:
    """The field with the characters people put between digits taken out, in SQL."""
    expr: Any = F(name)
    for ch in (" ", "-", ".", "(", ")"):
        expr = Replace(expr, Value(ch), Value(""), output_field=models.CharField())
    return expr  # type: ignore[no-any-return]


def _matching(w: Where, office: Office, person: Person) -> models.QuerySet[Any]:
    model = w.record.model
    rows = model._default_manager.filter(**{w.record.office_path: office.pk})
    test = Q(pk__in=[])
    if person.email:
        for f in w.email:
            test |= Q(**{f"{f}__iexact": person.email})
        for f in w.address:
            test |= Q(**{f"{f}__iexact": person.email})
    if person.phones:
        for f in w.phone:
            rows = rows.annotate(**{f"_digits_{f}": _digits(f)})
            test |= Q(**{f"_digits_{f}__in": sorted(person.phones)})
        if person.e164:
            for f in w.address:
                test |= Q(**{f: person.e164})
    if person.name:
        for f in w.name:
            test |= Q(**{f"{f}__iexact": person.name})
    return rows.filter(test)


def matching(office: Office, person: Person) -> dict[str, models.QuerySet[Any]]:
    """For each kind of record in `WHERE`, the office's rows that hold this person (a queryset,
    which may be empty). Records found through another follow it."""
    found: dict[str, models.QuerySet[Any]] = {}
    for w in WHERE:
        if w.via:
            continue
        found[w.label] = _matching(w, office, person) if person else _none(w)
    for w in WHERE:
        if w.via:
            parents = found[w.parent].values("pk")
            found[w.label] = w.record.model._default_manager.filter(
                **{w.record.office_path: office.pk, f"{w.via}__in": parents}
            )
    return found


def _none(w: Where) -> models.QuerySet[Any]:
    return w.record.model._default_manager.none()


# -- what is shown of each record --------------------------------------------------------------

# Fields that are shown in no export: the keys of private links, which would let whoever holds
# the export act as the person.
SECRET = {"token", "cancel_token"}
HIDDEN = {"id", "office"} | SECRET


def _words(value: Any) -> str:
    """A stored value as a person reads it."""
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_words(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Value_:
    """One field of a record: its name, its label, what it holds and its class."""

    name: str
    label: str
    value: Any
    cls: FieldClass

    @property
    def answers(self) -> list[dict[str, str]] | None:
        """A response's answers as question and answer in words, or None for another field."""
        if self.name == "answers" and isinstance(self.value, list):
            return [{"question": a["question"], "answer": _words(a["answer"])} for a in self.value]
        return None

    @property
    def shown(self) -> str:
        return _words(self.value)


@dataclass
class Row:
    """One record that holds the person: its fields with their labels, and its staff page."""

    obj: models.Model
    values: list[Value_]
    url: str = ""
    withheld: bool = False

    @property
    def personal(self) -> list[Value_]:
        return [
            v
            for v in self.values
            if v.cls != FieldClass.NOT_PERSONAL and v.value not in ("", None, [], {})
        ]


@dataclass
class Found:
    """Every record of one kind that holds the person."""

    where: Where
    rows: list[Row] = field(default_factory=list)

    @property
    def record(self) -> Record:
        return self.where.record

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def purpose(self) -> Purpose:
        return self.record.purpose

    @property
    def retention(self) -> tuple[Rule, ...]:
        return self.record.retention


# Case notes are confidential: only those who may read them see their text (see
# engagements.read_case_notes); the others see that they exist.
CONFIDENTIAL = {"engagements.CaseNote": "text"}


def _display(obj: models.Model, f: Any) -> Any:
    if f.many_to_many:
        return [str(o) for o in getattr(obj, f.name).all()]
    if f.is_relation:
        related = getattr(obj, f.name)
        return str(related) if related is not None else None
    if f.choices:
        return str(getattr(obj, f"get_{f.name}_display")())
    value = getattr(obj, f.name)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _answers(response: Any) -> list[dict[str, Any]]:
    """A response's answers as question and answer in words."""
    questions = {
        q.key: q for q in response.consultation.questions.prefetch_related("options", "statements")
    }
    shown = []
    for key, value in response.answers.items():
        q = questions.get(key)
        if q is None:
            continue
        options = {o.pk: o.label for o in q.options.all()}
        if isinstance(value, list):
            answer: Any = [options.get(v, v) for v in value]
        elif isinstance(value, dict):
            statements = {str(s.pk): s.text for s in q.statements.all()}
            votes = {1: _("Agree"), -1: _("Disagree"), 0: _("Pass")}
            answer = {statements.get(k, k): votes.get(v, v) for k, v in value.items()}
        else:
            answer = options.get(value, value) if q.kind in ("single", "precept") else value
        shown.append({"question": q.text, "answer": answer})
    return shown


def _row(obj: models.Model, record: Record, *, confidential: bool) -> Row:
    opts = obj._meta
    values = []
    withheld = False
    for name, cls in record.fields().items():
        if name in HIDDEN:
            continue
        f = opts.get_field(name)
        if record.label == "consultations.Response" and name == "answers":
            value: Any = _answers(obj)
        elif record.label == "messaging.Subscriber" and name == "topics":
            value = [str(t.label) for t in topics_of(obj.topics)]  # type: ignore[attr-defined]
        else:
            value = _display(obj, f)
        if CONFIDENTIAL.get(record.label) == name and not confidential:
            value, withheld = _("Confidential: withheld from this copy."), True
        values.append(Value_(name, str(getattr(f, "verbose_name", name)), value, cls))
    url = ""
    if hasattr(obj, "get_absolute_url"):
        try:
            url = obj.get_absolute_url()
        except NoReverseMatch:
            url = ""
    return Row(obj, values, url, withheld)


def find_person(office: Office, person: Person, *, confidential: bool = False) -> list[Found]:
    """Every kind of record of the office that holds the person, with the rows, in the order of
    `WHERE`. `confidential` shows case notes' text (for those who may read them)."""
    results = []
    for label, rows in matching(office, person).items():
        w = where()[label]
        if label == "consultations.Response":
            rows = rows.select_related("consultation")
        found = Found(
            w, [_row(o, w.record, confidential=confidential) for o in rows.order_by("pk")]
        )
        if found.rows:
            results.append(found)
    return results


# -- exports -----------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def as_json(
    office: Office, person: Person, found: list[Found], *, now: dt.datetime
) -> dict[str, Any]:
    """Everything found, machine-readable: each kind of record with its purpose, lawful basis
    and retention, and each record's every field with its label and class."""
    return {
        "office": office.name,
        "produced_at": timezone.localtime(now).isoformat(timespec="seconds"),
        "searched_for": person.as_dict(),
        "records": [
            {
                "kind": f.title,
                "model": f.record.label,
                "purpose": str(f.purpose.title),
                "lawful_basis": str(f.purpose.basis.label),
                "lawful_basis_detail": str(f.purpose.basis_detail),
                "special_category_condition": str(f.purpose.special_condition),
                "retention": [str(r.summary) for r in f.retention],
                "items": [
                    {
                        "id": row.obj.pk,
                        "fields": [
                            {
                                "field": v.name,
                                "label": v.label,
                                "class": str(v.cls.label),
                                "value": _jsonable(v.value),
                            }
                            for v in row.values
                        ],
                    }
                    for row in f.rows
                ],
            }
            for f in found
        ],
    }


RIGHTS = (
    gettext_lazy("to a copy of your personal data (this letter answers that right);"),
    gettext_lazy("to have inaccurate data corrected;"),
    gettext_lazy(
        "to have your data erased, where we no longer need it or have no lawful basis to keep it;"
    ),
    gettext_lazy("to ask us to restrict how we use your data, and to object to our using it;"),
    gettext_lazy("to withdraw your consent at any time, where we rely on it (community alerts);"),
    gettext_lazy(
        "to complain to the Information Commissioner's Office (ico.org.uk, 0303 123 1113) if you "
        "are unhappy with how we have used your data."
    ),
)


def render_pdf(
    office: Office,
    person: Person,
    found: list[Found],
    *,
    now: dt.datetime,
    reference: str = "",
) -> bytes:
    """The letter to the person: what the office holds about them, why, for how long, and their
    rights; as a tagged PDF (PDF/UA-1), in the active language."""
    # Imported here: WeasyPrint loads Pango and fonts, which only the PDFs need.
    from weasyprint import HTML

    language = (get_language() or "en-gb").split("-")[0]
    html = render_to_string(
        "dataprotection/pdf/subject_access.html",
        {
            "office": office,
            "person": person,
            "found": found,
            "reference": reference,
            "today": timezone.localtime(now).date(),
            "language": language,
            "created": timezone.localtime(now).isoformat(timespec="seconds"),
            "rights": RIGHTS,
        },
    )
    identifier = hashlib.sha256(f"{office.pk}:{reference}:{now.isoformat()}".encode()).hexdigest()
    return bytes(
        HTML(string=html, base_url=None).write_pdf(
            pdf_variant="pdf/ua-1", pdf_identifier=identifier[:32].encode()
        )
    )


def staff_only(label: str) -> bool:
    """Whether a kind of record's only personal data are the staff who worked on it."""
    model = records()[label].model
    user_model = settings.AUTH_USER_MODEL.lower()
    for name, cls in records()[label].fields().items():
        if cls == FieldClass.NOT_PERSONAL:
            continue
        related = model._meta.get_field(name).related_model
        if related is None or related._meta.label_lower != user_model:  # type: ignore[union-attr]
            return False
    return True


def uncovered(labels: Iterable[str]) -> list[str]:
    """Kinds of record holding personal data about someone other than staff that are neither
    searched nor excused."""
    return [
        label
        for label in labels
        if records()[label].holds_personal_data
        and not staff_only(label)
        and label not in where()
        and label not in NOT_SEARCHED
    ]
