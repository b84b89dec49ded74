import datetime as dt

from engage.stakeholders.models import Category
from engage.stakeholders.queries import organisations_for

from . import factories

TODAY = dt.date(2026, 6, 10)


def names(queryset):
    return [o.name for o in queryset]


def test_organisations_for_only_this_office(office, other_office):
    factories.organisation(office, "Rugby Borough Council")
    factories.organisation(other_office, "Severn Council")
    assert names(organisations_for(office)) == ["Rugby Borough Council"]


def test_search_matches_name_contact_and_notes_once_each(office):
    factories.organisation(office, "Rugby Borough Council")
    mosque = factories.organisation(office, "Bedworth Mosque", category=Category.FAITH)
    factories.contact(mosque, "Imran Rugbyson")
    factories.contact(mosque, "Rugbyana Khan")
    factories.organisation(office, "Leamington Courier", category="media", notes="Covers RUGBY too")
    factories.organisation(office, "Warwick Food Bank", category="voluntary")
    assert names(organisations_for(office, {"q": "rugby"})) == [
        "Bedworth Mosque",
        "Leamington Courier",
        "Rugby Borough Council",
    ]


def test_filter_by_category(office):
    factories.organisation(office, "Rugby Borough Council")
    factories.organisation(office, "Leamington Courier", category=Category.MEDIA)
    assert names(organisations_for(office, {"category": "media"})) == ["Leamington Courier"]


def test_filter_by_area_includes_areas_within_it(office, districts, kenilworth):
    factories.organisation(office, "Warwick District Council", area=districts["Warwick"])
    factories.organisation(office, "Kenilworth Rotary", category="community", area=kenilworth)
    factories.organisation(office, "Rugby Borough Council", area=districts["Rugby"])
    assert names(organisations_for(office, {"area": districts["Warwick"]})) == [
        "Kenilworth Rotary",
        "Warwick District Council",
    ]
    assert names(organisations_for(office, {"area": kenilworth})) == ["Kenilworth Rotary"]


def test_filter_by_relationship_owner(office, officer, chief_executive):
    factories.organisation(office, "Rugby Borough Council", relationship_owner=officer)
    factories.organisation(office, "Warwick Food Bank", relationship_owner=chief_executive)
    assert names(organisations_for(office, {"relationship_owner": officer})) == [
        "Rugby Borough Council"
    ]


def test_filter_follow_up_due_overdue_and_open(office):
    overdue = factories.organisation(office, "A overdue")
    factories.interaction(
        overdue, dt.date(2026, 5, 1), follow_up="x", follow_up_due=dt.date(2026, 6, 1)
    )
    soon = factories.organisation(office, "B due soon")
    factories.interaction(
        soon, dt.date(2026, 6, 1), follow_up="x", follow_up_due=dt.date(2026, 6, 15)
    )
    later = factories.organisation(office, "C due later")
    factories.interaction(
        later, dt.date(2026, 6, 1), follow_up="x", follow_up_due=dt.date(2026, 9, 1)
    )
    done = factories.organisation(office, "D done")
    factories.interaction(
        done,
        dt.date(2026, 5, 1),
        follow_up="x",
        follow_up_due=dt.date(2026, 5, 5),
        follow_up_done_on=dt.date(2026, 5, 4),
    )
    factories.organisation(office, "E nothing")

    def filtered(value):
        return names(organisations_for(office, {"follow_up": value}, today=TODAY))

    assert filtered("overdue") == ["A overdue"]
    assert filtered("due") == ["A overdue", "B due soon"]
    assert filtered("open") == ["A overdue", "B due soon", "C due later"]


def test_annotations_last_interaction_and_follow_up_counts(office):
    org = factories.organisation(office)
    factories.interaction(
        org, dt.date(2026, 1, 5), follow_up="Send plan", follow_up_due=dt.date(2026, 2, 1)
    )
    factories.interaction(
        org, dt.date(2026, 5, 20), follow_up="Book venue", follow_up_due=dt.date(2026, 7, 1)
    )
    factories.interaction(org, dt.date(2026, 3, 3))
    factories.organisation(office, "Quiet Parish Council", category="parish_councils")
    quiet, row = organisations_for(office, today=TODAY)
    assert (quiet.name, quiet.last_interaction, quiet.open_follow_ups) == (
        "Quiet Parish Council",
        None,
        0,
    )
    assert row.last_interaction == dt.date(2026, 5, 20)
    assert (row.open_follow_ups, row.overdue_follow_ups) == (2, 1)
    assert row.next_follow_up_due == dt.date(2026, 2, 1)


def test_organisations_for_with_filters_has_no_n_plus_one(
    office, districts, officer, django_assert_max_num_queries
):
    for n in range(30):
        org = factories.organisation(
            office,
            f"Partner {n:02}",
            area=districts["Rugby"],
            relationship_owner=officer,
            notes="rugby partner",
        )
        factories.contact(org, f"Contact {n}")
        factories.contact(org, f"Second {n}")
        factories.interaction(
            org, dt.date(2026, 5, 1), follow_up="x", follow_up_due=dt.date(2026, 6, 1)
        )
    with django_assert_max_num_queries(1):
        rows = list(
            organisations_for(
                office,
                {"q": "partner", "area": districts["Rugby"], "follow_up": "due"},
                today=TODAY,
            )
        )
        labels = [(o.area.name, o.relationship_owner.email, o.open_follow_ups) for o in rows]
    assert len(labels) == 30
    assert labels[0] == ("Rugby", "olivia.officer@avonshire.test", 1)
