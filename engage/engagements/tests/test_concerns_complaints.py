"""Complaint counts by theme and month: the import (preview, confirm, refusals) and the table."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engage.engagements.models import ComplaintThemeCount, ConcernTheme
from engage.engagements.services.complaints import parse_complaints, parse_month
from engage.engagements.services.concerns import ensure_default_themes

pytestmark = pytest.mark.django_db

GOOD = (
    "Month,Theme,Count\n"
    "2026-01,Anti-social behaviour,14\n"
    "01/2026,Response times,9\n"
    "February 2026,Anti-social behaviour,11\n"
    "2026-02,Response times,12\n"
    "Mar 2026,Police visibility,0\n"
)


@pytest.fixture
def themes(office, officer):
    ensure_default_themes(office, by=officer)
    return {t.name: t for t in ConcernTheme.objects.for_office(office)}


def _upload(client, text: str, name: str = "complaints-q1.csv"):
    return client.post(
        reverse("engagements:complaints_import"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")},
    )


def _preview(client):
    return client.get(reverse("engagements:complaints_import_preview"))


def _confirm(client):
    digest = _preview(client).context["digest"]
    return client.post(reverse("engagements:complaints_import_preview"), {"digest": digest})


def _counts(office):
    return {
        (c.theme.name, c.month): c.count
        for c in ComplaintThemeCount.objects.for_office(office).select_related("theme")
    }


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-03", dt.date(2026, 3, 1)),
        ("03/2026", dt.date(2026, 3, 1)),
        ("3/2026", dt.date(2026, 3, 1)),
        ("March 2026", dt.date(2026, 3, 1)),
        ("sept 2025", dt.date(2025, 9, 1)),
        ("13/2026", None),
        ("Marchember 2026", None),
        ("2026", None),
    ],
)
def test_parse_month(text, month):
    assert parse_month(text) == month


def test_import_good_file_after_preview(officer_client, office, themes):
    assert _upload(officer_client, GOOD).status_code == 302
    preview = _preview(officer_client)
    page = preview.content.decode()
    assert "The file has 5 counts: 5 new, 0 changed and 0 the same" in page
    assert not ComplaintThemeCount.objects.exists()  # nothing saved before confirming

    response = _confirm(officer_client)

    assert response.status_code == 302 and response["Location"] == reverse("engagements:complaints")
    assert _counts(office) == {
        ("Anti-social behaviour", dt.date(2026, 1, 1)): 14,
        ("Response times", dt.date(2026, 1, 1)): 9,
        ("Anti-social behaviour", dt.date(2026, 2, 1)): 11,
        ("Response times", dt.date(2026, 2, 1)): 12,
        ("Police visibility", dt.date(2026, 3, 1)): 0,
    }
    table = officer_client.get(reverse("engagements:complaints"))
    assert "Complaint counts imported: 5 added, 0 changed, 0 unchanged." in table.content.decode()
    rows = {row.theme: row for row in table.context["table"].rows}
    assert rows["Anti-social behaviour"].total == 25
    assert table.context["table"].months[-1] == dt.date(2026, 3, 1)
    assert len(table.context["table"].months) == 12


def test_reimport_is_idempotent_and_updates_changed_counts(officer_client, office, themes):
    _upload(officer_client, GOOD)
    _confirm(officer_client)
    _upload(officer_client, GOOD)
    _confirm(officer_client)
    assert ComplaintThemeCount.objects.count() == 5
    changed = GOOD.replace("2026-02,Response times,12", "2026-02,Response times,15")
    _upload(officer_client, changed)
    page = _preview(officer_client).content.decode()
    assert "1 changed and 4 the same" in page and "was 12" in page
    _confirm(officer_client)
    assert ComplaintThemeCount.objects.count() == 5
    assert _counts(office)[("Response times", dt.date(2026, 2, 1))] == 15


def test_each_bad_row_is_refused_with_its_row_number(officer_client, office, themes):
    text = (
        "Month,Theme,Count\n"
        "2026-01,Anti-social behaviour,14\n"
        "2026-13,Burglary,3\n"
        "2026-01,Burglery,4\n"
        "2026-01,Drugs,-2\n"
        "2026-01,Drugs,2.5\n"
        "2026-01,anti-social behaviour,6\n"
        "2026-01,Dog fouling,1\n"
        ",Drugs,1\n"
    )
    _upload(officer_client, text)
    response = _preview(officer_client)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Row 3: “2026-13” is not a month. Write it like 2026-03, 03/2026 or March 2026." in page
    assert (
        "Row 4: there is no theme “Burglery”. Did you mean “Burglary”? "
        "If it is a new theme, add it in Themes first."
    ) in page
    assert "Row 5: the count “-2” must be a whole number of complaints, 0 or more." in page
    assert "Row 6: the count “2.5” must be a whole number of complaints, 0 or more." in page
    assert "Row 7: Anti-social behaviour in January 2026 is already on row 2." in page
    assert "Row 8: there is no theme “Dog fouling”. Use one of the office's themes" in page
    assert "Row 9: the month is missing." in page
    assert (
        "Import" not in response.context.get("digest", "") and "Upload the corrected file" in page
    )
    # Confirming anyway saves nothing.
    officer_client.post(
        reverse("engagements:complaints_import_preview"), {"digest": response.context["digest"]}
    )
    assert not ComplaintThemeCount.objects.exists()


@pytest.mark.parametrize(
    "header",
    [
        "Month,Theme,Count,Name",
        "Month,Theme,Count,Email address",
        "Complainant,Month,Theme,Count",
        "Month,Theme,Count,Postcode",
        "Month,Theme,Count,Date of birth",
        "Month,Theme,Count,Phone",
        "Month,Theme,Count,Home address",
    ],
)
def test_file_with_personal_columns_is_refused(officer_client, office, themes, header):
    extra = ",x" if header.count(",") == 3 else ""
    _upload(officer_client, f"{header}\n2026-01,Drugs,3{extra}\n")
    response = _preview(officer_client)
    page = response.content.decode()
    assert response.status_code == 400
    assert "look like personal details" in page
    assert "Engage only takes counts of complaints by theme and month" in page
    assert not ComplaintThemeCount.objects.exists()


def test_personal_columns_are_named_in_the_message(office, themes):
    parsed = parse_complaints(
        b"Month,Theme,Count,Complainant name,Telephone\n2026-01,Drugs,3,A,B\n", office=office
    )
    assert not parsed.is_valid and parsed.rows == []
    assert "(Complainant name, Telephone)" in parsed.file_errors[0]


def test_wrong_header_is_refused(office, themes):
    parsed = parse_complaints(b"Period,Category,Total\n2026-01,Drugs,3\n", office=office)
    assert parsed.file_errors == [
        "Row 1: the first row must be exactly Month,Theme,Count, but it is Period,Category,Total."
    ]


def test_columns_in_another_order_and_a_bom_are_read(office, themes):
    parsed = parse_complaints("\ufeffTheme,Count,Month\nDrugs,3,2026-01\n".encode(), office=office)
    assert parsed.is_valid
    assert (parsed.rows[0].theme.name, parsed.rows[0].count, parsed.rows[0].month) == (
        "Drugs",
        3,
        dt.date(2026, 1, 1),
    )


def test_empty_and_binary_uploads_are_refused_on_the_form(officer_client, themes):
    response = _upload(officer_client, "")
    assert response.status_code == 400
    assert "The file is empty." in response.content.decode()
    response = officer_client.post(
        reverse("engagements:complaints_import"),
        {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04\x00\x00\xff\xfe\x00")},
    )
    assert response.status_code == 400
    assert "Save it as “CSV UTF-8”" in response.content.decode()


def test_preview_without_an_upload_goes_back_to_the_upload(officer_client):
    response = _preview(officer_client)
    assert response.status_code == 302
    assert response["Location"] == reverse("engagements:complaints_import")


def test_commissioner_sees_counts_but_may_not_import(client, commissioner, themes):
    client.force_login(commissioner)
    assert client.get(reverse("engagements:complaints")).status_code == 200
    assert client.get(reverse("engagements:complaints_import")).status_code == 403


def test_another_office_sees_none_of_the_counts(client, office, other_officer, themes):
    ComplaintThemeCount.objects.create(
        office=office, theme=themes["Drugs"], month=dt.date(2026, 1, 1), count=7
    )
    client.force_login(other_officer)
    response = client.get(reverse("engagements:complaints"))
    assert response.context["table"].rows == []
