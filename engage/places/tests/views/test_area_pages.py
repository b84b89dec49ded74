"""The places list and an area's page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from engage.places.models import Area, AreaKind

from ..conftest import WARWICK


@pytest.fixture
def kenilworth(office, populated):
    return Area.objects.create(
        office=office,
        kind=AreaKind.FORUM_AREA,
        name="Kenilworth",
        parent=Area.objects.get(office=office, ons_code=WARWICK),
        population_share=Decimal("0.16"),
    )


def test_list_requires_login(client, db):
    response = client.get(reverse("places:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_list_shows_tree_with_populations(officer_client, kenilworth):
    page = officer_client.get(reverse("places:list")).content.decode()
    assert "Warwickshire" in page
    assert "E07000222" in page
    assert "148,456" in page  # Warwick, from TS007A
    assert "23,753" in page and "(estimated)" in page  # Kenilworth: 16% of Warwick
    assert reverse("places:detail", args=[kenilworth.pk]) in page
    assert "Import census figures" in page


def test_list_empty_office_says_what_to_do(officer_client):
    page = officer_client.get(reverse("places:list")).content.decode()
    assert "No places yet." in page
    assert "Build the force area from the ONS lookup" in page


def test_list_ambassador_sees_places_without_import(client, ambassador, populated):
    client.force_login(ambassador)
    page = client.get(reverse("places:list")).content.decode()
    assert "Warwickshire" in page
    assert "Import census figures" not in page


def test_detail_shows_figures_sources_and_history(officer_client, office, populated):
    warwick = Area.objects.get(office=office, ons_code=WARWICK)
    page = officer_client.get(reverse("places:detail", args=[warwick.pk])).content.decode()
    assert "By age band" in page and "By sex" in page and "By ethnic group" in page
    assert "Aged 85 years and over" in page
    assert "148,456" in page
    assert "ONS Census 2021 TS007A" in page
    assert "mixed White and Black counted in Black" in page
    assert "Estimated from Warwick&#x27;s age bands and the share of women and men" in page
    assert "Created" in page and "Olivia Okafor" in page


def test_detail_forum_area_labels_estimate(officer_client, kenilworth):
    page = officer_client.get(reverse("places:detail", args=[kenilworth.pk])).content.decode()
    assert "Estimated as 16% of Warwick&#x27;s figures." in page
    assert '<dd class="govuk-summary-list__value">16%</dd>' in page
    assert "Estimated" in page
    assert "23,753" in page


def test_detail_of_other_office_area_is_404(client, other_officer, populated):
    client.force_login(other_officer)
    response = client.get(reverse("places:detail", args=[populated.pk]))
    assert response.status_code == 404


def test_detail_ambassador_sees_figures_not_history(client, ambassador, populated):
    client.force_login(ambassador)
    page = client.get(reverse("places:detail", args=[populated.pk])).content.decode()
    assert "596,773" in page
    assert "History" not in page
