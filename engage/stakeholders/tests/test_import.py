"""Importing the stakeholder spreadsheet: good files, each kind of bad row, and re-imports."""

import csv
import io

import pytest
from openpyxl import Workbook

from engage.stakeholders.models import Contact, Organisation
from engage.stakeholders.services import ImportRefused, import_organisations
from engage.stakeholders.spreadsheets import ERROR, NEW, UNCHANGED, UPDATE, plan_import_file

from . import factories

HEADER = [
    "Name",
    "Category",
    "Area",
    "Email",
    "Phone",
    "Website",
    "Relationship owner (email)",
    "Contact name",
    "Contact role",
    "Contact email",
    "Contact phone",
    "Notes",
]
GOOD_ROWS = [
    [
        "Rugby Borough Council",
        "Councils",
        "E07000220",
        "community.safety@rugby.example",
        "01788 533533",
        "www.rugby.example",
        "olivia.officer@avonshire.test",
        "Jo Marsh",
        "Community Safety Manager",
        "jo.marsh@rugby.example",
        "01788 533400",
        "Chairs the Rugby Community Safety Partnership",
    ],
    [
        "Rugby Borough Council",
        "",
        "",
        "",
        "",
        "",
        "",
        "Dev Patel",
        "Licensing Officer",
        "",
        "",
        "",
    ],
    [
        "Nuneaton Street Pastors",
        "Voluntary organisations",
        "Nuneaton and Bedworth",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Friday and Saturday nights in the town centre",
    ],
    [
        "Stratford Herald",
        "media",
        "stratford-on-avon",
        "news@herald.example",
        "",
        "",
        "",
        "Kim Oduya",
        "Crime reporter",
        "",
        "",
        "",
    ],
]


def csv_bytes(rows, header=HEADER, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def ready(office, officer, districts):
    """An office with Warwickshire's districts and an officer to own relationships."""
    return office


def refusal(office, officer, content, filename="partners.csv"):
    with pytest.raises(ImportRefused) as refused:
        import_organisations(office, content, filename, by=officer)
    assert Organisation.objects.count() == 0 or refused.value.plan.errors
    return refused.value.plan.errors


def test_import_good_csv_creates_organisations_and_contacts(ready, officer):
    result = import_organisations(ready, csv_bytes(GOOD_ROWS), "partners.csv", by=officer)
    assert (result.organisations_added, result.contacts_added) == (3, 3)
    rugby = Organisation.objects.get(name="Rugby Borough Council")
    assert rugby.category == "councils"
    assert rugby.area.name == "Rugby"
    assert rugby.website == "https://www.rugby.example"
    assert rugby.relationship_owner == officer
    assert rugby.notes == "Chairs the Rugby Community Safety Partnership"
    assert sorted(c.name for c in rugby.contacts.all()) == ["Dev Patel", "Jo Marsh"]
    herald = Organisation.objects.get(name="Stratford Herald")
    assert (herald.category, herald.area.ons_code) == ("media", "E07000221")
    assert rugby.history.first().history_user == officer


def test_import_good_xlsx_same_as_csv(ready, officer):
    result = import_organisations(ready, xlsx_bytes(GOOD_ROWS), "partners.xlsx", by=officer)
    assert (result.organisations_added, result.contacts_added) == (3, 3)
    assert Contact.objects.get(name="Jo Marsh").phone == "01788 533400"


def test_import_headers_match_whatever_their_case_and_order(ready, officer):
    header = ["CATEGORY", " name ", "contact NAME", "relationship owner"]
    rows = [["Faith groups", "Bedworth Mosque", "Imran Shah", "olivia.officer@avonshire.test"]]
    import_organisations(ready, csv_bytes(rows, header=header), "f.csv", by=officer)
    mosque = Organisation.objects.get()
    assert (mosque.name, mosque.category, mosque.relationship_owner) == (
        "Bedworth Mosque",
        "faith",
        officer,
    )
    assert mosque.contacts.get().name == "Imran Shah"


def test_import_semicolon_separated_csv(ready, officer):
    content = b"Name;Category\nWarwick Food Bank;Voluntary organisations\n"
    import_organisations(ready, content, "food.csv", by=officer)
    assert Organisation.objects.get().category == "voluntary"


def test_preview_row_numbers_and_outcomes(ready, officer):
    import_organisations(ready, csv_bytes(GOOD_ROWS[:1]), "partners.csv", by=officer)
    changed = [list(GOOD_ROWS[0]), *GOOD_ROWS[1:]]
    changed[0][4] = "01788 533000"
    plan = plan_import_file(ready, csv_bytes(changed), "partners.csv")
    assert [(r.number, r.status) for r in plan.rows] == [
        (2, UPDATE),
        (3, UPDATE),
        (4, NEW),
        (5, NEW),
    ]
    assert plan.rows[0].changes == ["Phone"]
    assert plan.rows[1].changes == ["New contact Dev Patel"]
    assert Organisation.objects.count() == 1  # a preview saves nothing


def test_reimport_same_file_changes_nothing(ready, officer):
    content = csv_bytes(GOOD_ROWS)
    import_organisations(ready, content, "partners.csv", by=officer)
    histories = Organisation.history.count() + Contact.history.count()
    plan = plan_import_file(ready, content, "partners.csv")
    assert {r.status for r in plan.rows} == {UNCHANGED}
    result = import_organisations(ready, content, "partners.csv", by=officer)
    assert (result.organisations_added, result.organisations_updated) == (0, 0)
    assert (result.contacts_added, result.contacts_updated) == (0, 0)
    assert (Organisation.objects.count(), Contact.objects.count()) == (3, 3)
    assert Organisation.history.count() + Contact.history.count() == histories


def test_reimport_updates_by_name_whatever_the_case(ready, officer):
    rugby = factories.organisation(ready, "Rugby Borough Council", email="old@rugby.example")
    factories.contact(rugby, "Jo Marsh", role="Officer")
    rows = [
        [
            "rugby borough council",
            "Councils",
            "",
            "new@rugby.example",
            "",
            "",
            "",
            "JO MARSH",
            "Community Safety Manager",
            "",
            "",
            "",
        ]
    ]
    result = import_organisations(ready, csv_bytes(rows), "p.csv", by=officer)
    assert (result.organisations_updated, result.contacts_updated) == (1, 1)
    assert Organisation.objects.count() == 1
    rugby.refresh_from_db()
    assert rugby.email == "new@rugby.example"
    assert rugby.contacts.get().role == "Community Safety Manager"


def test_import_does_not_touch_another_office(ready, officer, other_office):
    factories.organisation(other_office, "Rugby Borough Council", email="theirs@example.org")
    import_organisations(ready, csv_bytes(GOOD_ROWS), "partners.csv", by=officer)
    assert Organisation.objects.filter(name="Rugby Borough Council").count() == 2
    assert Organisation.objects.get(office=other_office).email == "theirs@example.org"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"Category": "Charity"},
            "Row 2: Category “Charity” is not one we know. Use one of: Public accountability, "
            "Councils, Stakeholder groups, Voluntary organisations, Criminal justice and "
            "statutory agencies, MPs, Parish councils, Media, Faith groups, Youth bodies, "
            "Businesses, Community groups, Other.",
        ),
        ({"Category": ""}, "Row 2: Category is missing. Use one of: Public accountability,"),
        ({"Name": ""}, "Row 2: Name is missing. Every row needs the organisation's name."),
        (
            {"Area": "Atlantis"},
            "Row 2: Area “Atlantis” is not an area of this office. Use an area's name or ONS code",
        ),
        ({"Area": "E07000144"}, "Row 2: Area “E07000144” is not an area of this office."),
        ({"Email": "rugby council"}, "Row 2: Email “rugby council” is not an email address."),
        ({"Contact email": "jo@"}, "Row 2: Contact email “jo@” is not an email address."),
        ({"Website": "not a site"}, "Row 2: Website “not a site” is not a web address."),
        (
            {"Relationship owner (email)": "someone@elsewhere.example"},
            "Row 2: Relationship owner “someone@elsewhere.example” is not the email address of "
            "anyone in this office.",
        ),
        (
            {"Contact name": "", "Contact role": "Chair"},
            "Row 2: Contact role, email or phone is filled in but Contact name is empty.",
        ),
        ({"Phone": "0" * 41}, "Row 2: Phone is longer than 40 characters."),
        ({"Name": "N" * 201}, "Row 2: Name is longer than 200 characters."),
    ],
)
def test_import_bad_row_refused_with_row_number(ready, officer, cells, message):
    row = dict(zip(HEADER, GOOD_ROWS[0], strict=True)) | cells
    rows = [GOOD_ROWS[2], list(row.values())]  # the bad row is the file's row 3
    errors = refusal(ready, officer, csv_bytes(rows))
    assert len(errors) == 1
    assert errors[0].startswith(message.replace("Row 2", "Row 3"))
    assert Organisation.objects.count() == 0


def test_import_rows_for_one_organisation_must_agree(ready, officer):
    rows = [
        GOOD_ROWS[0],
        ["Rugby Borough Council", "Media", "", "", "", "", "", "Dev Patel", "", "", "", ""],
    ]
    errors = refusal(ready, officer, csv_bytes(rows))
    assert errors == [
        "Row 3: “Rugby Borough Council” is also on row 2 with a different Category. Rows for "
        "the same organisation must agree, or leave those cells blank."
    ]


def test_import_same_contact_twice_refused(ready, officer):
    errors = refusal(ready, officer, csv_bytes([GOOD_ROWS[0], GOOD_ROWS[0]]))
    assert errors == ["Row 3: Contact “Jo Marsh” of “Rugby Borough Council” is already on row 2."]


def test_import_area_name_shared_by_two_areas_asks_for_code(ready, officer, districts):
    from engage.places.models import Area, AreaKind

    Area.objects.create(office=ready, kind=AreaKind.FORUM_AREA, name="Rugby")
    rows = [["Rugby Rotary", "Community groups", "Rugby"] + [""] * 9]
    errors = refusal(ready, officer, csv_bytes(rows))
    assert errors == ["Row 2: Area “Rugby” matches more than one area. Use its ONS code instead."]


def test_import_one_bad_row_saves_nothing_from_good_rows(ready, officer):
    rows = [*GOOD_ROWS, ["Kenilworth WI", "Charity"] + [""] * 10]
    errors = refusal(ready, officer, csv_bytes(rows))
    assert [e[:6] for e in errors] == ["Row 6:"]
    assert (Organisation.objects.count(), Contact.objects.count()) == (0, 0)


def test_import_reports_every_bad_row(ready, officer):
    rows = [["A", "Charity"] + [""] * 10, GOOD_ROWS[2], ["", "Councils"] + [""] * 10]
    errors = refusal(ready, officer, csv_bytes(rows))
    assert [e[:6] for e in errors] == ["Row 2:", "Row 4:"]


def test_import_windows_1252_csv_refused_with_advice(ready, officer):
    rows = [["Café Rendezvous Youth Project", "Youth bodies"] + [""] * 10]
    errors = refusal(ready, officer, csv_bytes(rows, encoding="cp1252"))
    assert errors == [
        "The file is not saved as UTF-8 text, so its letters cannot be read reliably. In Excel "
        "choose File, Save as, then “CSV UTF-8 (Comma delimited)”, or upload the .xlsx "
        "workbook instead."
    ]


def test_import_utf16_csv_refused(ready, officer):
    errors = refusal(ready, officer, csv_bytes([GOOD_ROWS[2]], encoding="utf-16"))
    assert errors[0].startswith("The file is not saved as UTF-8 text")


def test_import_utf8_with_bom_and_accents_accepted(ready, officer):
    rows = [["Café Rendezvous Youth Project", "Youth bodies"] + [""] * 10]
    import_organisations(ready, csv_bytes(rows, encoding="utf-8-sig"), "c.csv", by=officer)
    assert Organisation.objects.get().name == "Café Rendezvous Youth Project"


def test_import_without_name_column_refused(ready, officer):
    errors = refusal(ready, officer, b"Organisation type,Category\nx,Councils\n")
    assert errors == [
        "The file has no “Name” column. The first row must hold the column names: Name, "
        "Category, Area, Email, Phone, Website, Relationship owner (email), Contact name, "
        "Contact role, Contact email, Contact phone, Notes."
    ]


def test_import_not_really_xlsx_refused(ready, officer):
    errors = refusal(ready, officer, b"PK\x03\x04 broken", "partners.xlsx")
    assert errors[0].startswith("The file could not be read as an Excel workbook.")


def test_import_old_xls_refused(ready, officer):
    errors = refusal(ready, officer, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old", "partners.xls")
    assert errors[0].startswith("Old Excel files (.xls) cannot be read.")


def test_import_empty_file_refused(ready, officer):
    assert refusal(ready, officer, b"") == ["The file is empty."]
    assert refusal(ready, officer, csv_bytes([])) == [
        "The file has no rows under its column names."
    ]


def test_import_over_two_megabytes_refused(ready, officer):
    content = csv_bytes([GOOD_ROWS[2]]) + b"x" * (2 * 1024 * 1024)
    assert refusal(ready, officer, content) == [
        "The file is larger than 2 MB. Split it into smaller files."
    ]


def test_import_ignores_unknown_columns_and_says_so(ready, officer):
    content = csv_bytes(
        [["Warwick Food Bank", "Voluntary organisations", "Charity no 1234"]],
        header=["Name", "Category", "Charity number"],
    )
    plan = plan_import_file(ready, content, "f.csv")
    assert plan.ignored_columns == ["Charity number"]
    assert plan.can_import


def test_import_blank_rows_skipped_and_numbers_kept(ready, officer):
    rows = [GOOD_ROWS[2], [""] * 12, ["X", "Charity"] + [""] * 10]
    plan = plan_import_file(ready, csv_bytes(rows), "f.csv")
    assert [(r.number, r.status) for r in plan.rows] == [(2, NEW), (4, ERROR)]


def test_import_columns_left_out_leave_details_alone(ready, officer, districts):
    rugby = factories.organisation(
        ready,
        "Rugby Borough Council",
        email="csp@rugby.example",
        notes="Chairs the CSP",
        relationship_owner=officer,
    )
    factories.contact(rugby, "Jo Marsh", role="Community Safety Manager", phone="01788 533400")
    content = csv_bytes(
        [
            ["Rugby Borough Council", "Councils", "Rugby", "Jo Marsh"],
            ["Rugby Borough Council", "", "", "Sam New"],
        ],
        header=["Name", "Category", "Area", "Contact name"],
    )
    plan = plan_import_file(ready, content, "partial.csv")
    assert [(r.status, r.changes) for r in plan.rows] == [
        (UPDATE, ["Area"]),
        (UPDATE, ["New contact Sam New"]),
    ]
    import_organisations(ready, content, "partial.csv", by=officer)
    rugby.refresh_from_db()
    assert (rugby.email, rugby.notes, rugby.relationship_owner) == (
        "csp@rugby.example",
        "Chairs the CSP",
        officer,
    )
    assert rugby.area == districts["Rugby"]
    jo = rugby.contacts.get(name="Jo Marsh")
    assert (jo.role, jo.phone) == ("Community Safety Manager", "01788 533400")


def test_import_blank_cell_in_a_present_column_clears_it(ready, officer):
    factories.organisation(ready, "Rugby Borough Council", email="csp@rugby.example")
    content = csv_bytes(
        [["Rugby Borough Council", "Councils", ""]], header=["Name", "Category", "Email"]
    )
    import_organisations(ready, content, "p.csv", by=officer)
    assert Organisation.objects.get().email == ""
