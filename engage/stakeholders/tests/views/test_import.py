"""The upload page: preview first, then confirm; nothing saved until then."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engage.stakeholders.models import Organisation
from engage.stakeholders.tests.test_import import GOOD_ROWS, csv_bytes, xlsx_bytes

UPLOAD = reverse("stakeholders:import")
CONFIRM = reverse("stakeholders:import_confirm")


def upload(client, content, name="partners.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def test_import_page_explains_the_columns(officer_client):
    page = officer_client.get(UPLOAD).content.decode()
    assert "Name, Category, Area, Email, Phone, Website, Relationship owner (email)" in page


def test_preview_then_confirm_imports(officer_client, office, districts):
    response = upload(officer_client, csv_bytes(GOOD_ROWS))
    page = response.content.decode()
    assert "Nothing has been saved yet." in page
    assert "Import these rows" in page
    assert page.count(">New<") == 4
    assert Organisation.objects.count() == 0

    response = officer_client.post(CONFIRM, follow=True)
    assert response.redirect_chain[-1][0] == reverse("stakeholders:list")
    assert "3 organisations added and 0 changed; 3 contacts added and 0 changed" in (
        response.content.decode()
    )
    assert Organisation.objects.count() == 3
    # The stored file is gone: confirming again does nothing.
    again = officer_client.post(CONFIRM, follow=True)
    assert "Upload the file again" in again.content.decode()
    assert Organisation.objects.count() == 3


def test_preview_of_xlsx(officer_client, office, districts):
    page = upload(officer_client, xlsx_bytes(GOOD_ROWS), "partners.xlsx").content.decode()
    assert "Import these rows" in page
    assert "Stratford Herald" in page


def test_preview_with_errors_offers_no_import(officer_client, office, districts):
    rows = [*GOOD_ROWS, ["Kenilworth WI", "Charity"] + [""] * 10]
    page = upload(officer_client, csv_bytes(rows)).content.decode()
    assert "The file cannot be imported yet" in page
    assert "Row 6: Category “Charity” is not one we know." in page
    assert "Import these rows" not in page
    assert officer_client.post(CONFIRM).status_code == 302
    assert Organisation.objects.count() == 0


def test_upload_wrong_encoding_explained(officer_client, office):
    content = "Name,Category\nCafé Youth,Youth bodies\n".encode("cp1252")
    page = upload(officer_client, content).content.decode()
    assert "The file is not saved as UTF-8 text" in page


def test_upload_wrong_type_and_size_refused(officer_client, office):
    page = upload(officer_client, b"%PDF-1.4", "partners.pdf").content.decode()
    assert "Upload a .csv or .xlsx file." in page
    big = upload(officer_client, b"Name,Category\n" + b"x" * (2 * 1024 * 1024 + 1))
    assert "The file is larger than 2 MB." in big.content.decode()
    assert "stakeholders_import" not in officer_client.session


def test_upload_nothing_chosen(officer_client, office):
    page = officer_client.post(UPLOAD, {}).content.decode()
    assert "Choose a file to upload." in page


def test_confirm_refuses_if_records_changed_since_preview(officer_client, office, districts):
    upload(officer_client, csv_bytes(GOOD_ROWS))
    districts["Rugby"].delete()  # Row 2 names E07000220, which is now gone
    page = officer_client.post(CONFIRM).content.decode()
    assert "Row 2: Area “E07000220” is not an area of this office." in page
    assert Organisation.objects.count() == 0
