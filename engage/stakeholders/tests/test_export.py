"""Exporting the list: the import's layout, formula cells defused, and a faithful round trip."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from engage.stakeholders.models import Contact, Organisation
from engage.stakeholders.queries import organisations_for
from engage.stakeholders.services import import_organisations
from engage.stakeholders.spreadsheets import HEADERS, UNCHANGED, export_dataset, plan_import_file

from . import factories


def exported(office):
    return export_dataset(organisations_for(office).prefetch_related("contacts"))


def read_csv(content: bytes):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def make_partners(office, officer, districts):
    rugby = factories.organisation(
        office,
        "Rugby Borough Council",
        area=districts["Rugby"],
        relationship_owner=officer,
        email="csp@rugby.example",
        phone="+44 1788 533533",
        website="https://rugby.example",
        notes="Chairs the CSP\nMeets quarterly",
    )
    factories.contact(rugby, "Jo Marsh", role="Community Safety Manager", phone="01788 533400")
    factories.contact(rugby, "Dev Patel", role="Licensing Officer")
    factories.organisation(office, "Nuneaton Street Pastors", category="voluntary")
    return rugby


def test_export_has_import_columns_and_a_row_per_contact(office, officer, districts):
    make_partners(office, officer, districts)
    dataset = exported(office)
    assert dataset.headers == list(HEADERS.values())
    assert [(r[0], r[7]) for r in dataset] == [
        ("Nuneaton Street Pastors", ""),
        ("Rugby Borough Council", "Dev Patel"),
        ("Rugby Borough Council", "Jo Marsh"),
    ]
    assert dataset[1][1:4] == ("Councils", "E07000220", "csp@rugby.example")


def test_export_neutralises_formula_cells_in_csv_and_xlsx(office, officer):
    evil = factories.organisation(
        office,
        '=HYPERLINK("http://evil.example","Click")',
        category="other",
        notes="@SUM(1+1)",
        phone="+44 24 7655 5555",
    )
    factories.contact(evil, "-2+3", role="+cmd|' /C calc'!A0")
    client_rows = read_csv(("\ufeff" + exported(office).export("csv")).encode())
    row = client_rows[1]
    assert row[0] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row[4] == "'+44 24 7655 5555"
    assert (row[7], row[8], row[11]) == ("'-2+3", "'+cmd|' /C calc'!A0", "'@SUM(1+1)")

    sheet = load_workbook(io.BytesIO(exported(office).export("xlsx"))).worksheets[0]
    cell = sheet["A2"]
    assert cell.data_type == "s"  # text, not a formula
    assert cell.value.startswith("'=")


def test_export_then_import_round_trips_to_no_change(office, officer, districts):
    make_partners(office, officer, districts)
    for fmt in ("csv", "xlsx"):
        content = exported(office).export(fmt)
        content = content.encode("utf-8") if isinstance(content, str) else content
        plan = plan_import_file(office, content, f"stakeholders.{fmt}")
        assert plan.errors == []
        assert {r.status for r in plan.rows} == {UNCHANGED}, fmt


def test_export_then_import_into_an_empty_office_recreates_it(
    office, other_office, officer, other_officer, districts
):
    from .conftest import districts_of_force

    rugby = make_partners(office, officer, districts)
    rugby.relationship_owner = None  # people differ between offices
    rugby.save()
    districts_of_force(other_office, "Warwickshire")
    content = exported(office).export("xlsx")
    result = import_organisations(other_office, content, "stakeholders.xlsx", by=other_officer)
    assert (result.organisations_added, result.contacts_added) == (2, 2)
    copy = Organisation.objects.get(office=other_office, name="Rugby Borough Council")
    assert (copy.phone, copy.notes, copy.area.ons_code) == (
        "+44 1788 533533",
        "Chairs the CSP\nMeets quarterly",
        "E07000220",
    )
    assert Contact.objects.get(office=other_office, name="Jo Marsh").phone == "01788 533400"


def test_export_view_follows_the_list_filters(officer_client, office, officer, districts):
    make_partners(office, officer, districts)
    response = officer_client.get(
        reverse("stakeholders:export", args=["csv"]) + "?category=voluntary"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="stakeholders-' in response["Content-Disposition"]
    rows = read_csv(response.content)
    assert rows[0] == list(HEADERS.values())
    assert [r[0] for r in rows[1:]] == ["Nuneaton Street Pastors"]


def test_export_view_xlsx(officer_client, office, officer, districts):
    make_partners(office, officer, districts)
    response = officer_client.get(reverse("stakeholders:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS.values())
    assert sheet.max_row == 4


def test_export_view_unknown_format_is_404(officer_client):
    assert officer_client.get(reverse("stakeholders:export", args=["pdf"])).status_code == 404
