import datetime as dt

from django.urls import reverse

from engage.meetings.models import MeetingSeries
from engage.stakeholders import services
from engage.stakeholders.tests import factories


def test_detail_shows_details_contacts_and_history(officer_client, office, officer, districts):
    org = services.create_organisation(
        office,
        by=officer,
        name="Warwick District Council",
        category="councils",
        area=districts["Warwick"],
        email="safer@warwick.example",
        relationship_owner=officer,
    )
    services.add_contact(org, by=officer, name="Sam Fairley", role="Community Safety Officer")
    services.update_organisation(org, by=officer, phone="01926 450000")
    page = officer_client.get(org.get_absolute_url()).content.decode()
    assert "Warwick District Council" in page
    assert "mailto:safer@warwick.example" in page
    assert "Sam Fairley" in page and "Community Safety Officer" in page
    assert "History" in page
    assert "Phone: " in page and "01926 450000" in page
    assert "Created</strong> by Olivia Okafor" in page


def test_detail_interaction_log_newest_first(officer_client, office, officer, commissioner):
    org = factories.organisation(office)
    factories.interaction(org, dt.date(2026, 1, 10), summary="January catch-up")
    latest = factories.interaction(
        org,
        dt.date(2026, 4, 2),
        summary="April forum planning",
        follow_up="Book the hall",
        follow_up_due=dt.date(2026, 5, 1),
    )
    latest.opcc_people.set([commissioner])
    page = officer_client.get(org.get_absolute_url()).content.decode()
    assert page.index("April forum planning") < page.index("January catch-up")
    assert "Pat Pemberton" in page
    assert "Book the hall" in page
    assert "Mark follow-up done" in page


def test_detail_lists_linked_meeting_series(officer_client, office):
    org = factories.organisation(office)
    series = MeetingSeries.objects.create(
        office=office,
        category="councils_mps",
        title="Rugby Community Safety Partnership",
        frequency="quarterly",
    )
    series.stakeholders.add(org)
    page = officer_client.get(org.get_absolute_url()).content.decode()
    assert f'href="{series.get_absolute_url()}">Rugby Community Safety Partnership' in page


def test_detail_query_count_is_bounded(
    officer_client, office, officer, django_assert_max_num_queries
):
    org = factories.organisation(office)
    for n in range(10):
        factories.contact(org, f"Contact {n}")
        factories.interaction(org, dt.date(2026, 1, n + 1)).opcc_people.set([officer])
    with django_assert_max_num_queries(12):
        response = officer_client.get(org.get_absolute_url())
    assert response.content.decode().count('govuk-summary-card__title"') == 10


def test_follow_up_done_closes_it(officer_client, office):
    org = factories.organisation(office)
    interaction = factories.interaction(org, dt.date(2026, 1, 10), follow_up="Send minutes")
    url = reverse("stakeholders:follow_up_done", args=[org.pk, interaction.pk])
    assert officer_client.get(url).status_code == 405
    response = officer_client.post(url, follow=True)
    interaction.refresh_from_db()
    assert interaction.follow_up_done_on is not None
    assert "Follow-up marked as done." in response.content.decode()
