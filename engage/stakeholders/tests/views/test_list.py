import datetime as dt

from django.urls import reverse

from engage.stakeholders.tests import factories

URL = reverse("stakeholders:list")


def test_list_shows_organisations_with_last_contact_and_follow_ups(
    officer_client, office, districts
):
    rugby = factories.organisation(office, "Rugby Borough Council", area=districts["Rugby"])
    factories.interaction(
        rugby, dt.date(2026, 3, 12), follow_up="Send figures", follow_up_due=dt.date(2020, 1, 1)
    )
    factories.organisation(office, "Nuneaton Street Pastors", category="voluntary")
    page = officer_client.get(URL).content.decode()
    assert "2 organisations" in page
    assert "Rugby Borough Council" in page
    assert "12 March 2026" in page
    assert "1 overdue" in page
    assert "None yet" in page


def test_list_search_and_filter_keep_their_values(officer_client, office, districts):
    factories.organisation(office, "Rugby Borough Council", area=districts["Rugby"])
    factories.organisation(office, "Rugby Street Pastors", category="voluntary")
    factories.organisation(office, "Warwick Food Bank", category="voluntary")
    response = officer_client.get(URL, {"q": "rugby", "category": "voluntary"})
    page = response.content.decode()
    assert [o.name for o in response.context["page"]] == ["Rugby Street Pastors"]
    assert 'value="rugby"' in page
    assert '<option value="voluntary" selected>' in page
    assert "Clear filters" in page
    # The download links carry the same filters.
    assert "export.csv?q=rugby&amp;category=voluntary" in page


def test_list_is_paginated_keeping_filters(officer_client, office):
    for n in range(30):
        factories.organisation(office, f"Parish Council {n:02}", category="parish_councils")
    response = officer_client.get(URL, {"category": "parish_councils", "page": 2})
    page = response.content.decode()
    assert response.context["page"][0].name == "Parish Council 25"
    assert "?category=parish_councils&amp;page=1" in page
    assert "30 organisations" in page


def test_list_query_count_does_not_grow_with_rows(
    officer_client, office, officer, districts, django_assert_max_num_queries
):
    for n in range(25):
        org = factories.organisation(
            office, f"Partner {n:02}", area=districts["Warwick"], relationship_owner=officer
        )
        factories.interaction(
            org, dt.date(2026, 2, 1), follow_up="x", follow_up_due=dt.date(2026, 3, 1)
        )
    with django_assert_max_num_queries(10):
        response = officer_client.get(URL)
    assert len(response.context["page"]) == 25


def test_list_unknown_filter_value_shows_error_not_crash(officer_client, office):
    factories.organisation(office)
    response = officer_client.get(URL, {"area": "999999"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_list_empty_office_says_so(officer_client, office):
    assert "No organisations yet." in officer_client.get(URL).content.decode()
