"""The inventory page and its CSV: who may see them, and what they show."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from engage.accounts.models import Role
from engage.consultations.models import Consultation, Response
from engage.stakeholders.models import Organisation
from tests.matrix.dataprotection import ALLOWED

pytestmark = pytest.mark.django_db

PAGE = reverse("dataprotection:inventory")
CSV = reverse("dataprotection:inventory_export")


def _responses(office, n):
    consultation = Consultation.objects.create(
        office=office, title="Policing precept 2027/28", slug=f"precept-{office.slug}"
    )
    for _ in range(n):
        Response.objects.create(office=office, consultation=consultation, answers={})


def test_the_page_shows_a_special_category_field_of_a_response_with_its_basis(
    client, admin_user, office
):
    _responses(office, 3)
    client.force_login(admin_user)
    page = client.get(PAGE).content.decode()
    assert "Data inventory" in page
    start = page.index('id="consultationsresponse"')
    response_part = page[start : page.index("<h3", start + 1)]
    assert "Special category" in response_part
    assert "ethnic group (ethnic_group)" in response_part
    assert "Public task (Art. 6(1)(e))" in response_part
    assert "Schedule 1, paragraph 8" in response_part
    assert '<dd class="govuk-summary-list__value">3</dd>' in response_part
    # The retention figures
    assert "Email address and return link erased 3 months after the outcome is published." in (
        response_part
    )
    assert "after 3 months" in response_part and "after 3 years" in response_part


def test_the_page_shows_the_retention_of_case_notes_and_alerts(client, chief_executive):
    client.force_login(chief_executive)
    page = client.get(PAGE).content.decode()
    notes = page[page.index('id="engagementscasenote"') :]
    assert "Sensitive" in notes[:3000] and "after 6 years" in notes[:3000]
    subscribers = page[page.index('id="messagingsubscriber"') :][:3000]
    assert "after 7 days" in subscribers and "after 1 month" in subscribers
    assert "Consent (Art. 6(1)(a))" in subscribers


def test_another_offices_admin_sees_only_their_offices_counts(client, office, other_office):
    from conftest import make_member

    _responses(office, 3)
    _responses(other_office, 1)
    theirs = make_member(other_office, Role.ADMIN, "al.admin@severnvale.test", "Al", "Ames")
    client.force_login(theirs)
    page = client.get(PAGE).content.decode()
    start = page.index('id="consultationsresponse"')
    assert '<dd class="govuk-summary-list__value">1</dd>' in page[start : start + 800]


def test_an_officer_without_the_permission_is_refused(client, officer):
    assert Role.OFFICER not in ALLOWED
    client.force_login(officer)
    assert client.get(PAGE).status_code == 403
    assert client.get(CSV).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, office):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_csv_has_a_row_per_field_and_is_safe_in_a_spreadsheet(client, admin_user, office):
    Organisation.objects.create(office=office, name="=HYPERLINK(evil)", category="council")
    client.force_login(admin_user)
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["record", "model", "field", "class"]
    ethnic = next(r for r in body if r[1] == "consultations.Response" and r[2] == "ethnic_group")
    assert ethnic[3] == "Special category"
    assert ethnic[5] == "Public task (Art. 6(1)(e))"
    assert "paragraph 8" in ethnic[7]
    assert "3 months after the outcome" in ethnic[8]
    # Every cell that a spreadsheet would run as a formula is quoted.
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in body for cell in r)
