"""The gaps page: the grid, the largest gaps, and a suggestion added to the plan in one step."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.planning.models import PlanItem
from engage.planning.services import next_month
from engage.planning.tests.factories import END, small_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def avonshire(office, officer):
    return small_office(office, officer)


def test_the_page_shows_the_grid_the_largest_gaps_and_suggestions(officer_client, avonshire):
    page = officer_client.get(reverse("planning:gaps"), {"end": END.isoformat()}).content.decode()
    assert "White people in Southvale: no engagement in the 12 months to 30 June 2026" in page
    assert "Public meeting for White people in Southvale" in page
    assert "13.1 / 1,000" in page  # Northtown, all residents
    assert "index 122" in page
    assert "No population figure" in page
    assert page.count('name="suggestion_group"') == 3


def test_add_to_the_plan_in_one_step(officer_client, office, officer, avonshire):
    south = avonshire["south"]
    response = officer_client.post(
        reverse("planning:plan_suggestion"),
        {"suggestion_area": south.pk, "suggestion_group": "ethnic_white", "end": END.isoformat()},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:gaps") + "?end=2026-06-30"
    item = PlanItem.objects.get()
    assert (item.title, item.area, item.audiences, item.owner) == (
        "Public meeting for White people in Southvale",
        south,
        ["general_public"],
        officer,
    )
    assert item.month == next_month(timezone.localdate())
    assert item.suggested_because.startswith(
        "White people in Southvale: no engagement in the 12 months to 30 June 2026.\nReached 0 of 10,000"
    )
    page = officer_client.get(response["Location"]).content.decode()
    assert "Public meeting for White people in Southvale added to the plan for" in page
    # Planned now, so no longer suggested; the next gap takes its place.
    assert 'value="ethnic_white"' not in page


def test_a_suggestion_no_longer_standing_adds_nothing(officer_client, office, avonshire):
    data = {
        "suggestion_area": avonshire["south"].pk,
        "suggestion_group": "ethnic_white",
        "end": END.isoformat(),
    }
    officer_client.post(reverse("planning:plan_suggestion"), data)
    response = officer_client.post(reverse("planning:plan_suggestion"), data, follow=True)
    assert PlanItem.objects.count() == 1
    assert "That suggestion is no longer on the list" in response.content.decode()


def test_a_period_ending_in_the_future_is_refused(officer_client, avonshire):
    page = officer_client.get(reverse("planning:gaps"), {"end": "2999-01-01"}).content.decode()
    assert "The period cannot end in the future" in page


def test_another_offices_area_in_the_filter_is_refused(
    officer_client, office, other_office, avonshire
):
    from engage.planning.tests.factories import places

    theirs = places(other_office)["north"]
    page = officer_client.get(reverse("planning:gaps"), {"area": theirs.pk}).content.decode()
    assert "Choose an area of this office from the list" in page


def test_the_page_makes_the_same_number_of_queries_as_the_data_grows(
    officer_client, office, avonshire, django_assert_max_num_queries
):
    from engage.planning.tests.factories import activity, audience

    url = reverse("planning:gaps")
    with django_assert_max_num_queries(80) as before:
        officer_client.get(url, {"end": END.isoformat()})
    for n in range(40):
        a = activity(office, END.replace(day=1 + n % 28), avonshire["north"], 5 + n)
        audience(a, "young_people", n % 5)
    with django_assert_max_num_queries(len(before.captured_queries)):
        officer_client.get(url, {"end": END.isoformat()})
