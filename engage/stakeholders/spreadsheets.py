"""The stakeholder spreadsheet: its columns, reading CSV and XLSX, checking rows, writing exports.

One layout serves both ways, so a file exported from Engage imports back unchanged. Each row is
an organisation and, optionally, one of its contacts; an organisation with several contacts takes
several rows, which must agree on the organisation's cells (or leave them blank).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from engage.accounts.models import User
from engage.accounts.queries import staff_of
from engage.core import spreadsheets
from engage.core.exports import FORMULA_STARTS, spreadsheet_safe
from engage.core.models import Office
from engage.core.spreadsheets import UnreadableFile
from engage.places.models import Area
from engage.stakeholders.models import Category, Contact, Organisation

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# The file format: column names are part of it, so they stay in English whatever the page language.
HEADERS: dict[str, str] = {
    "name": "Name",
    "category": "Category",
    "area": "Area",
    "email": "Email",
    "phone": "Phone",
    "website": "Website",
    "relationship_owner": "Relationship owner (email)",
    "contact_name": "Contact name",
    "contact_role": "Contact role",
    "contact_email": "Contact email",
    "contact_phone": "Contact phone",
    "notes": "Notes",
}
ALIASES = {
    "organisation": "name",
    "organisation name": "name",
    "relationship owner": "relationship_owner",
    "relationship owner email": "relationship_owner",
    "owner": "relationship_owner",
}
ORGANISATION_COLUMNS = (
    "category",
    "area",
    "email",
    "phone",
    "website",
    "relationship_owner",
    "notes",
)
CONTACT_COLUMNS = ("contact_role", "contact_email", "contact_phone")

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"


@dataclass
class PlannedRow:
    """What importing one row of the file would do."""

    number: int
    name: str
    contact_name: str
    is_first: bool
    status: str = NEW
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    organisation: dict[str, Any] = field(default_factory=dict)
    contact: dict[str, Any] | None = None
    existing: Organisation | None = None
    existing_contact: Contact | None = None
    organisation_changed: bool = False
    contact_changed: bool = False

    @property
    def key(self) -> str:
        return self.name.casefold()


@dataclass
class ImportPlan:
    """The preview of an import: every row's outcome, and whatever stops the file importing."""

    filename: str
    rows: list[PlannedRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [e for row in self.rows for e in row.errors]

    @property
    def can_import(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.status for row in self.rows)
        return {status: counted.get(status, 0) for status in (NEW, UPDATE, UNCHANGED, ERROR)}


class ImportRefused(Exception):
    """Raised by the import service when the file has errors; nothing was saved."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("; ".join(plan.errors))
        self.plan = plan


# Reading ------------------------------------------------------------------------------------


def unescape(value: str) -> str:
    """Undo our formula guard, so exported cells import as they were."""
    if value[:1] == "'" and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """The file's rows as lists of text, header first (see engage.core.spreadsheets)."""
    return spreadsheets.read_table(content, filename, max_rows=MAX_ROWS)


# Checking -----------------------------------------------------------------------------------


def _normal_header(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """Column key -> index, ignored column names, and errors."""
    known = {_normal_header(label): key for key, label in HEADERS.items()}
    known.update(ALIASES)
    positions: dict[str, int] = {}
    ignored: list[str] = []
    errors: list[str] = []
    for index, raw in enumerate(header):
        text = raw.strip()
        if not text:
            continue
        key = known.get(_normal_header(text))
        if key is None:
            ignored.append(text)
        elif key in positions:
            errors.append(_("The column “{column}” appears twice.").format(column=text))
        else:
            positions[key] = index
    for required in ("name", "category"):
        if required not in positions:
            errors.append(
                _(
                    "The file has no “{column}” column. The first row must hold the column "
                    "names: {columns}."
                ).format(column=HEADERS[required], columns=", ".join(HEADERS.values()))
            )
    return positions, ignored, errors


def _category_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    with translation.override("en"):
        for value, label in Category.choices:
            lookup[value.casefold()] = value
            lookup[str(label).casefold()] = value
    for value, label in Category.choices:
        lookup[str(label).casefold()] = value
    return lookup


@dataclass
class _Context:
    """What checking rows needs from the database, read once per file."""

    office: Office
    categories: dict[str, str]
    areas_by_code: dict[str, Area]
    areas_by_name: dict[str, list[Area]]
    staff_by_email: dict[str, User]
    organisations: dict[str, Organisation]

    @classmethod
    def load(cls, office: Office) -> _Context:
        areas = list(Area.objects.for_office(office))
        by_name: dict[str, list[Area]] = {}
        for area in areas:
            by_name.setdefault(area.name.casefold(), []).append(area)
        organisations = Organisation.objects.for_office(office).prefetch_related("contacts")
        return cls(
            office=office,
            categories=_category_lookup(),
            areas_by_code={a.ons_code.upper(): a for a in areas if a.ons_code},
            areas_by_name=by_name,
            staff_by_email={u.email.casefold(): u for u in staff_of(office)},
            organisations={o.name.casefold(): o for o in organisations},
        )


def _check_email(value: str, label: str, errors: list[str]) -> str:
    if value:
        try:
            validate_email(value)
        except ValidationError:
            errors.append(
                _("{column} “{value}” is not an email address.").format(column=label, value=value)
            )
    return value


def _check_length(value: str, label: str, limit: int, errors: list[str]) -> None:
    if len(value) > limit:
        errors.append(
            _("{column} is longer than {limit} characters.").format(column=label, limit=limit)
        )


def _organisation_values(
    cells: Mapping[str, str], context: _Context, errors: list[str]
) -> dict[str, Any]:
    """The organisation's fields from a row's cells, adding a message for each bad cell."""
    values: dict[str, Any] = {}
    category = cells["category"]
    if category:
        value = context.categories.get(" ".join(category.split()).casefold())
        if value is None:
            errors.append(
                _("Category “{value}” is not one we know. Use one of: {choices}.").format(
                    value=category, choices=", ".join(str(label) for label in Category.labels)
                )
            )
        values["category"] = value
    else:
        values["category"] = None

    area_text = cells["area"]
    values["area"] = None
    if area_text:
        code = area_text.replace(" ", "").upper()
        matches = [context.areas_by_code[code]] if code in context.areas_by_code else []
        if not matches:
            matches = context.areas_by_name.get(" ".join(area_text.split()).casefold(), [])
        if len(matches) == 1:
            values["area"] = matches[0]
        elif len(matches) > 1:
            errors.append(
                _("Area “{value}” matches more than one area. Use its ONS code instead.").format(
                    value=area_text
                )
            )
        else:
            errors.append(
                _(
                    "Area “{value}” is not an area of this office. Use an area's name or "
                    "ONS code, as listed under Places."
                ).format(value=area_text)
            )

    values["email"] = _check_email(cells["email"], HEADERS["email"], errors)
    values["phone"] = cells["phone"]
    _check_length(cells["phone"], HEADERS["phone"], 40, errors)

    website = cells["website"]
    if website and "://" not in website:
        website = "https://" + website
    if website:
        try:
            URLValidator()(website)
        except ValidationError:
            errors.append(
                _("Website “{value}” is not a web address.").format(value=cells["website"])
            )
        _check_length(website, HEADERS["website"], 200, errors)
    values["website"] = website

    owner_text = cells["relationship_owner"]
    values["relationship_owner"] = None
    if owner_text:
        owner = context.staff_by_email.get(owner_text.casefold())
        if owner is None:
            errors.append(
                _(
                    "Relationship owner “{value}” is not the email address of anyone in this "
                    "office."
                ).format(value=owner_text)
            )
        values["relationship_owner"] = owner
    values["notes"] = cells["notes"]
    return values


def _differences(obj: Any, values: Mapping[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        current = getattr(obj, name)
        if (current or None) != (value or None):
            changed.append(str(obj._meta.get_field(name).verbose_name).capitalize())
    return changed


def _row_cells(raw: list[str], positions: Mapping[str, int]) -> dict[str, str]:
    cells = {}
    for key in HEADERS:
        index = positions.get(key)
        text = raw[index] if index is not None and index < len(raw) else ""
        cells[key] = unescape(text.strip())
    return cells


def plan_import(office: Office, table: list[list[str]], filename: str = "") -> ImportPlan:
    """Check every row of `table` (header first) and say what importing it would do."""
    plan = ImportPlan(filename=filename)
    if not table:
        plan.file_errors.append(_("The file is empty."))
        return plan
    positions, plan.ignored_columns, plan.file_errors = _header_map(table[0])
    if plan.file_errors:
        return plan
    if len(table) > MAX_ROWS + 1:
        plan.file_errors.append(
            _("The file has more than {limit} rows. Split it into smaller files.").format(
                limit=MAX_ROWS
            )
        )
        return plan

    context = _Context.load(office)
    first_rows: dict[str, PlannedRow] = {}
    contact_rows: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(table[1:], start=2):
        cells = _row_cells(raw, positions)
        if not any(cells.values()):
            continue
        errors: list[str] = []
        name = " ".join(cells["name"].split())
        if not name:
            errors.append(_("Name is missing. Every row needs the organisation's name."))
        _check_length(name, HEADERS["name"], 200, errors)
        row = PlannedRow(
            number=number,
            name=name,
            contact_name=" ".join(cells["contact_name"].split()),
            is_first=bool(name) and name.casefold() not in first_rows,
        )
        values = _organisation_values(cells, context, errors)
        if row.is_first:
            first_rows[row.key] = row
            if not cells["category"]:
                errors.append(
                    _("Category is missing. Use one of: {choices}.").format(
                        choices=", ".join(str(label) for label in Category.labels)
                    )
                )
            # A column left out of the file leaves that detail alone; a blank cell clears it.
            present = {k: v for k, v in values.items() if k in positions}
            row.organisation = {"name": name, **present}
            row.existing = context.organisations.get(row.key)
            if row.existing is not None:
                row.changes = _differences(row.existing, row.organisation)
                row.organisation_changed = bool(row.changes)
        elif name:
            first = first_rows[row.key]
            row.existing = first.existing
            for column in ORGANISATION_COLUMNS:
                if cells[column] and values[column] != first.organisation[column]:
                    errors.append(
                        _(
                            "“{name}” is also on row {row} with a different {column}. Rows for "
                            "the same organisation must agree, or leave those cells blank."
                        ).format(name=name, row=first.number, column=HEADERS[column])
                    )

        if row.contact_name:
            _check_length(row.contact_name, HEADERS["contact_name"], 200, errors)
            _check_length(cells["contact_role"], HEADERS["contact_role"], 200, errors)
            _check_length(cells["contact_phone"], HEADERS["contact_phone"], 40, errors)
            _check_email(cells["contact_email"], HEADERS["contact_email"], errors)
            contact_key = (row.key, row.contact_name.casefold())
            if contact_key in contact_rows:
                errors.append(
                    _("Contact “{contact}” of “{name}” is already on row {row}.").format(
                        contact=row.contact_name, name=name, row=contact_rows[contact_key]
                    )
                )
            contact_rows[contact_key] = number
            row.contact = {"name": row.contact_name} | {
                column.removeprefix("contact_"): cells[column]
                for column in CONTACT_COLUMNS
                if column in positions
            }
            if row.existing is not None:
                row.existing_contact = next(
                    (
                        c
                        for c in row.existing.contacts.all()
                        if c.name.casefold() == row.contact_name.casefold()
                    ),
                    None,
                )
            if row.existing is not None and row.existing_contact is None:
                row.changes.append(_("New contact {name}").format(name=row.contact_name))
                row.contact_changed = True
            elif row.existing_contact is not None:
                changed = _differences(row.existing_contact, row.contact)
                row.changes += [_("Contact {field}").format(field=c.lower()) for c in changed]
                row.contact_changed = bool(changed)
        elif any(cells[c] for c in CONTACT_COLUMNS):
            errors.append(_("Contact role, email or phone is filled in but Contact name is empty."))

        row.errors = [_("Row {number}: {message}").format(number=number, message=m) for m in errors]
        if row.errors:
            row.status = ERROR
        elif row.existing is None:
            row.status = NEW
        elif row.organisation_changed or row.contact_changed:
            row.status = UPDATE
        else:
            row.status = UNCHANGED
        plan.rows.append(row)

    if not plan.rows:
        plan.file_errors.append(_("The file has no rows under its column names."))
    return plan


def plan_import_file(office: Office, content: bytes, filename: str) -> ImportPlan:
    """Read an uploaded file and check it; an unreadable file becomes the plan's only error."""
    if len(content) > MAX_BYTES:
        return ImportPlan(
            filename=filename,
            file_errors=[_("The file is larger than 2 MB. Split it into smaller files.")],
        )
    try:
        table = read_table(content, filename)
    except UnreadableFile as error:
        return ImportPlan(filename=filename, file_errors=[str(error)])
    return plan_import(office, table, filename)


# Writing ------------------------------------------------------------------------------------


def _organisation_cells(organisation: Organisation) -> list[str]:
    area = organisation.area
    owner = organisation.relationship_owner
    with translation.override("en"):
        category = str(organisation.get_category_display())
    return [
        organisation.name,
        category,
        (area.ons_code or area.name) if area else "",
        organisation.email,
        organisation.phone,
        organisation.website,
        owner.email if owner else "",
    ]


def export_dataset(organisations: Iterable[Organisation]) -> tablib.Dataset:
    """One row per contact (or one row for an organisation without contacts), formulas defused.

    Expects `contacts` prefetched and `area`, `relationship_owner` selected.
    """
    dataset = tablib.Dataset(headers=list(HEADERS.values()), title="Stakeholders")
    for organisation in organisations:
        first = _organisation_cells(organisation)
        contacts: list[Contact | None] = list(organisation.contacts.all())
        for contact in contacts or [None]:
            contact_cells = (
                [contact.name, contact.role, contact.email, contact.phone]
                if contact
                else ["", "", "", ""]
            )
            dataset.append(
                [spreadsheet_safe(c) for c in [*first, *contact_cells, organisation.notes]]
            )
    return dataset
