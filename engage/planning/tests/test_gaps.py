"""The gap analysis on a small office whose figures are worked out by hand below.

The office (factories.small_office): Avonshire = Northtown + Southvale, 10,000 residents each.
Northtown: aged 15–19 1,000, 20–24 1,000, 40–44 6,000, 70–74 2,000; White 9,000, Asian 1,000.
Southvale: aged 20–24 2,000, 40–44 4,000, 70–74 4,000; White 10,000.
Period: the 12 months to 30 June 2026 (1 July 2025 to 30 June 2026).

Reached, all residents:
  Northtown = activity 100 + forum in Northtown East 20 + 10 submitted responses
              + 1 subscriber (in Northtown and Northtown East: once) = 131
  Southvale = activity 50 + 2 responses + 1 live booking (the cancelled one is not) + 1
              subscriber = 54
  Avonshire = 131 + 54 + the activity with no area 30 = 215 (the June 2025 activity and the
              pending subscriber are left out)
"""

from __future__ import annotations

import datetime as dt

import pytest

from engage.planning.gaps import gap_analysis, suggestions
from engage.planning.tests.factories import END, activity, audience, response, small_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def avonshire(office, officer):
    return small_office(office, officer)


def test_all_residents_reached_per_area_rolls_up_every_channel(office, avonshire):
    analysis = gap_analysis(office, end=END)
    assert analysis.start == dt.date(2025, 7, 1)
    assert [a.name for a in analysis.areas] == ["Avonshire", "Northtown", "Southvale"]
    north = analysis.cell(avonshire["north"], "all")
    south = analysis.cell(avonshire["south"], "all")
    force = analysis.cell(avonshire["force"], "all")
    assert (north.reached, south.reached, force.reached) == (131, 54, 215)
    # per 1,000: 131 / 10,000 × 1,000 = 13.1; 54 → 5.4; 215 / 20,000 × 1,000 = 10.75
    assert (north.per_thousand, south.per_thousand, force.per_thousand) == (13.1, 5.4, 10.75)
    # index of an area against the whole: 100 × 13.1 / 10.75 = 121.9 → 122; 100 × 5.4 / 10.75
    # = 50.2 → 50
    assert (north.index, south.index, force.index) == (122, 50, 100)
    assert force.population == 20000  # the districts added up


def test_age_and_ethnic_groups_against_their_share_of_the_population(office, avonshire):
    analysis = gap_analysis(office, end=END)
    north = avonshire["north"]
    aged_16_24 = analysis.cell(north, "age_16-24")
    # population: four fifths of the 15–19 band + 20–24 = 800 + 1,000 = 1,800 (18% of 10,000)
    # reached: 4 respondents aged 16–24, of 10 who gave their age (40%): index 100 × 0.40 /
    # 0.18 = 222.2 → 222; per 1,000: 4 / 1,800 × 1,000 = 2.2
    assert (aged_16_24.population, aged_16_24.reached, aged_16_24.index) == (1800, 4, 222)
    assert round(aged_16_24.per_thousand, 2) == 2.22
    young = analysis.cell(north, "young_people")
    # reached: 4 respondents + the youth-club visit's 40 young people = 44; known: 10
    # respondents + the 100 people at the visit = 110 (40%); population 0–24 = 2,000 (20%):
    # index 100 × 0.40 / 0.20 = 200; per 1,000: 44 / 2,000 × 1,000 = 22
    assert (young.population, young.reached, young.known, young.index) == (2000, 44, 110, 200)
    assert young.per_thousand == 22.0
    white = analysis.cell(north, "ethnic_white")
    # 8 of 10 respondents White (80%) against 90% of residents: 100 × 0.8 / 0.9 = 88.9 → 89
    assert (white.reached, white.index) == (8, 89)
    asian = analysis.cell(north, "ethnic_asian")
    assert (asian.reached, asian.index) == (2, 200)  # 20% against 10%
    older = analysis.cell(north, "older_people")
    assert (older.population, older.reached, older.index, older.last_reached) == (2000, 0, 0, None)
    assert older.sentence == (
        "Older people (65 and over) in Northtown: no engagement in the 12 months to 30 June 2026"
    )


def test_groups_with_no_population_figure_get_counts_only(office, avonshire):
    analysis = gap_analysis(office, end=END)
    north = avonshire["north"]
    disabled = analysis.cell(north, "disabled_people")
    assert (disabled.reached, disabled.population, disabled.per_thousand, disabled.index) == (
        1,
        None,
        None,
        None,
    )
    rural = analysis.cell(north, "rural")  # ticked on the visit with no count
    assert (rural.reached, rural.last_reached) == (0, dt.date(2026, 5, 10))
    assert (
        rural.sentence
        == "Rural communities in Northtown: engaged, but the number reached was not recorded"
    )
    assert analysis.cell(north, "businesses").sentence == (
        "Businesses in Northtown: no engagement in the 12 months to 30 June 2026"
    )


def test_largest_gaps_rank_the_least_reached_largest_groups_first(office, avonshire):
    largest = gap_analysis(office, end=END).largest(5)
    # Index 0 (nobody of the group reached), the largest population first: White people in
    # Southvale (10,000), then Southvale's 35–44, 65–74 and older people (4,000 each, in the
    # groups' order), then Northtown's 65–74 (2,000).
    assert [(g.area.name, g.group.code, g.population) for g in largest] == [
        ("Southvale", "ethnic_white", 10000),
        ("Southvale", "age_35-44", 4000),
        ("Southvale", "age_65-74", 4000),
        ("Southvale", "older_people", 4000),
        ("Northtown", "age_65-74", 2000),
    ]
    assert (
        largest[0].sentence
        == "White people in Southvale: no engagement in the 12 months to 30 June 2026"
    )


def test_suggestions_point_at_the_largest_gaps_once_per_area_and_audience(office, avonshire):
    analysis = gap_analysis(office, end=END)
    found = suggestions(analysis, n=3)
    # Southvale's 35–44 is the same audience (the general public) as its White residents, and
    # its older people the same as its 65–74: each is suggested once.
    assert [(s.area.name, s.group.code, s.audiences) for s in found] == [
        ("Southvale", "ethnic_white", ["general_public"]),
        ("Southvale", "age_65-74", ["older_people"]),
        ("Northtown", "age_65-74", ["older_people"]),
    ]
    first = found[0]
    assert first.reason == first.gap.sentence
    assert first.evidence[0] == (
        "Reached 0 of 10,000 (0.0 per 1,000) from 1 July 2025 to 30 June 2026; index 0, where "
        "100 is in proportion to their share of the population."
    )
    assert (first.activity_type, first.channel) == ("public_meeting", "in_person")


def test_an_area_narrows_the_analysis_to_it_and_its_parts(office, avonshire):
    analysis = gap_analysis(office, end=END, area=avonshire["north"])
    assert [a.name for a in analysis.areas] == ["Northtown", "Northtown East"]
    east = analysis.cell(avonshire["east"], "all")
    # the forum report's 20 and the subscriber; population half of Northtown's 10,000
    assert (east.reached, east.population, east.estimated) == (21, 5000, True)
    assert analysis.cell(avonshire["north"], "all").reached == 131


def test_trend_by_quarter_adds_up_to_the_period(office, avonshire):
    analysis = gap_analysis(office, end=END)
    assert [q.start for q in analysis.by_quarter] == [
        dt.date(2025, 7, 1),
        dt.date(2025, 10, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 1),
    ]
    force = avonshire["force"]
    # Jul–Sep: Southvale's activity 50. Jan–Mar: the activity with no area 30 + forum 20 +
    # 10 responses + 2 subscribers = 62. Apr–Jun: the visit 100 + the booking 1 + 2 responses.
    assert [q.of(force, "all") for q in analysis.by_quarter] == [50, 0, 62, 103]
    assert analysis.by_quarter[0].label == "Jul to Sep 2025"


def test_the_last_engagement_gives_the_months_since(office, avonshire):
    # Southvale's only activity was on 15 September 2025: 9 months before 30 June 2026.
    analysis = gap_analysis(office, end=END)
    assert analysis.cell(avonshire["south"], "all").sentence.startswith(
        "All residents in Southvale"
    )
    later = gap_analysis(office, end=dt.date(2026, 8, 31), months=12)
    young = later.cell(avonshire["north"], "age_16-24")
    assert young.last_reached == dt.date(2026, 2, 10)
    assert young.sentence == "People aged 16–24 in Northtown: no engagement in 6 months"


def test_another_offices_area_is_refused(office, other_office, avonshire):
    from engage.planning.tests.factories import places

    theirs = places(other_office)
    with pytest.raises(ValueError):
        gap_analysis(office, end=END, area=theirs["north"])


def test_the_number_of_queries_stays_the_same_as_the_data_grows(
    office, officer, avonshire, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as before:
        gap_analysis(office, end=END)
    c = response.__globals__["consultation"](office)
    for n in range(60):
        a = activity(office, dt.date(2026, 1 + n % 6, 1 + n % 27), avonshire["south"], 10 + n)
        audience(a, "older_people", n % 7)
        response(c, avonshire["east"], dt.date(2026, 3, 1), age_band="65-74", ethnic_group="black")
    with django_assert_max_num_queries(len(before.captured_queries)):
        analysis = gap_analysis(office, end=END)
    assert analysis.cell(avonshire["south"], "older_people").reached == sum(
        n % 7 for n in range(60)
    )
