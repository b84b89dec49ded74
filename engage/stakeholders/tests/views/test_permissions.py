"""Every stakeholder page against anonymous, each role and an officer of another office."""

import datetime as dt

import pytest
from django.urls import reverse

from engage.accounts.models import Role
from engage.stakeholders.tests import factories

STAFF = {
    Role.COMMISSIONER,
    Role.DEPUTY,
    Role.CHIEF_EXECUTIVE,
    Role.OFFICER,
    Role.ANALYST,
    Role.ADMIN,
}
ORGANISERS = {Role.CHIEF_EXECUTIVE, Role.OFFICER, Role.ADMIN}
ATTENDERS = ORGANISERS | {Role.COMMISSIONER, Role.DEPUTY}


@pytest.fixture
def partner(office):
    org = factories.organisation(office)
    contact = factories.contact(org)
    interaction = factories.interaction(org, dt.date(2026, 1, 5), follow_up="Ring back")
    return org, contact, interaction


def pages(org, contact, interaction):
    """(url, roles allowed) for every GET page."""
    return [
        (reverse("stakeholders:list"), STAFF),
        (reverse("stakeholders:export", args=["csv"]), STAFF),
        (reverse("stakeholders:detail", args=[org.pk]), STAFF),
        (reverse("stakeholders:create"), ORGANISERS),
        (reverse("stakeholders:edit", args=[org.pk]), ORGANISERS),
        (reverse("stakeholders:contact_add", args=[org.pk]), ORGANISERS),
        (reverse("stakeholders:contact_edit", args=[org.pk, contact.pk]), ORGANISERS),
        (reverse("stakeholders:log_interaction", args=[org.pk]), ATTENDERS),
        (reverse("stakeholders:import"), ORGANISERS),
    ]


@pytest.mark.parametrize("role", list(Role))
def test_each_page_allows_exactly_its_roles(client, cast, role, partner):
    client.force_login(cast[role])
    for url, allowed in pages(*partner):
        expected = 200 if role in allowed else 403
        assert (url, client.get(url).status_code) == (url, expected)


def test_ambassador_cannot_see_contacts(client, ambassador, partner):
    client.force_login(ambassador)
    response = client.get(reverse("stakeholders:detail", args=[partner[0].pk]))
    assert response.status_code == 403
    assert "Jo Marsh" not in response.content.decode()


def test_anonymous_is_sent_to_login(client, partner):
    for url, _allowed in pages(*partner):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_other_office_gets_404_for_records(client, other_officer, partner):
    org, _contact, interaction = partner
    client.force_login(other_officer)
    for url, _allowed in pages(*partner):
        if str(org.pk) in url.split("/"):
            assert (url, client.get(url).status_code) == (url, 404)
    done = reverse("stakeholders:follow_up_done", args=[org.pk, interaction.pk])
    assert client.post(done).status_code == 404
    # Their own list is empty, not ours.
    assert "Rugby Borough Council" not in client.get(reverse("stakeholders:list")).content.decode()


def test_analyst_cannot_post_changes(client, analyst, partner):
    org, _contact, interaction = partner
    client.force_login(analyst)
    edit = client.post(
        reverse("stakeholders:edit", args=[org.pk]), {"name": "X", "category": "other"}
    )
    done = client.post(reverse("stakeholders:follow_up_done", args=[org.pk, interaction.pk]))
    assert (edit.status_code, done.status_code) == (403, 403)
    org.refresh_from_db()
    assert org.name == "Rugby Borough Council"


def test_commissioner_can_log_but_not_edit(client, commissioner, partner):
    org, _contact, _interaction = partner
    client.force_login(commissioner)
    page = client.get(reverse("stakeholders:detail", args=[org.pk])).content.decode()
    assert "Log an interaction" in page
    assert "Edit details" not in page
    assert "Mark follow-up done" in page
