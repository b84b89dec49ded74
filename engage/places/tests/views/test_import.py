"""The staff upload page: preview, confirm, refusals; and building the force area."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engage.accounts.models import Role
from engage.places.models import Area, PopulationFigure

from ..conftest import AGE_BANDS, ETHNIC_GROUPS, FORCES, WARWICK


def _upload(client, path, data=None):
    data = path.read_bytes() if data is None else data
    return client.post(
        reverse("places:import"), {"file": SimpleUploadedFile(path.name, data, "text/csv")}
    )


def test_import_page_shows_both_forms(officer_client):
    page = officer_client.get(reverse("places:import")).content.decode()
    assert "Census file" in page
    assert "Police force area code" in page


@pytest.mark.parametrize("role", [Role.AMBASSADOR, Role.COMMISSIONER])
def test_import_refused_to_roles_without_permission(client, cast, role, warwickshire):
    client.force_login(cast[role])
    assert client.get(reverse("places:import")).status_code == 403
    assert _upload(client, AGE_BANDS).status_code == 403
    assert client.post(reverse("places:import_confirm"), {"digest": "x"}).status_code == 403
    response = client.post(reverse("places:build_force_area"), {"pfa_code": "E23000017"})
    assert response.status_code == 403
    assert not PopulationFigure.objects.exists()


def test_import_other_office_user_cannot_touch_this_office(client, other_officer, warwickshire):
    client.force_login(other_officer)
    response = _upload(client, AGE_BANDS)
    assert "None of the 331 areas" in response.content.decode()
    assert not PopulationFigure.objects.exists()


def test_upload_previews_then_confirm_imports(officer_client, warwickshire):
    response = _upload(officer_client, ETHNIC_GROUPS)
    page = response.content.decode()
    assert "Check the import" in page
    assert 'Warwick <span class="govuk-body-s">(E07000222)</span>' in page
    assert "148,454" in page
    assert "326 rows for areas outside this office were skipped." in page
    assert not PopulationFigure.objects.exists()

    digest = response.context["confirm_form"].initial["digest"]
    response = officer_client.post(
        reverse("places:import_confirm"), {"digest": digest}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("places:list")
    assert "25 new figures" in response.content.decode()
    assert PopulationFigure.objects.filter(area__ons_code=WARWICK).count() == 5


def test_confirm_twice_imports_once(officer_client, warwickshire):
    response = _upload(officer_client, ETHNIC_GROUPS)
    digest = response.context["confirm_form"].initial["digest"]
    officer_client.post(reverse("places:import_confirm"), {"digest": digest})
    response = officer_client.post(
        reverse("places:import_confirm"), {"digest": digest}, follow=True
    )
    assert "no longer waiting to be imported" in response.content.decode()
    assert PopulationFigure.objects.count() == 25


def test_upload_with_bad_rows_lists_them_and_offers_no_import(officer_client, warwickshire):
    lines = AGE_BANDS.read_text().splitlines()
    lines[3] = lines[3].replace(",136533,", ",oops,")
    page = _upload(officer_client, AGE_BANDS, "\n".join(lines).encode()).content.decode()
    assert "The file cannot be imported" in page
    assert "Row 4: &#x27;Age: Total&#x27; is &#x27;oops&#x27;" in page
    assert 'action="/places/import/confirm/"' not in page
    assert not PopulationFigure.objects.exists()


def test_upload_forces_file_refused_clearly(officer_client, warwickshire):
    page = _upload(officer_client, FORCES).content.decode()
    assert "This is not a file Engage can import" in page
    assert "Population 2010" in page


def test_upload_utf16_refused_with_fix(officer_client, warwickshire):
    data = ETHNIC_GROUPS.read_text().encode("utf-16")
    page = _upload(officer_client, ETHNIC_GROUPS, data).content.decode()
    assert "save it as &#x27;CSV UTF-8 (Comma delimited)&#x27;" in page


def test_upload_over_5_mb_refused(officer_client, warwickshire):
    data = AGE_BANDS.read_bytes() * 130
    assert len(data) > 5 * 1024 * 1024
    page = _upload(officer_client, AGE_BANDS, data).content.decode()
    assert "The file is larger than 5 MB" in page


def test_upload_without_file_asks_for_one(officer_client):
    page = officer_client.post(reverse("places:import"), {}).content.decode()
    assert "Choose a census CSV file to import." in page


def test_build_force_area_from_page(officer_client, office):
    response = officer_client.post(
        reverse("places:build_force_area"), {"pfa_code": "e23000017"}, follow=True
    )
    page = response.content.decode()
    assert "Warwickshire (E23000017) with 5 districts: 6 areas added" in page
    assert Area.objects.for_office(office).districts().count() == 5


def test_build_force_area_unknown_code_named_on_page(officer_client, office):
    page = officer_client.post(
        reverse("places:build_force_area"), {"pfa_code": "E23999999"}
    ).content.decode()
    assert "There is no police force area E23999999 in the lookup" in page
    assert 'value="E23999999"' in page
    assert not Area.objects.exists()


def test_build_force_area_bad_code_refused(officer_client):
    page = officer_client.post(
        reverse("places:build_force_area"), {"pfa_code": "Warks"}
    ).content.decode()
    assert "Enter an ONS code: a letter and 8 digits, like E23000017." in page
