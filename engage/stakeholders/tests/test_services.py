import datetime as dt

import pytest

from engage.core.audit import audit_trail
from engage.stakeholders import services
from engage.stakeholders.models import Category, Contact, Interaction, InteractionKind

from . import factories


def test_create_organisation_records_who_created_it(office, officer, districts):
    org = services.create_organisation(
        office,
        by=officer,
        name="Warwick District Council",
        category=Category.COUNCILS,
        area=districts["Warwick"],
        relationship_owner=officer,
        email="community.safety@warwick.example",
    )
    assert org.office == office
    assert org.area.ons_code == "E07000222"
    entry = audit_trail(org)[0]
    assert (entry.action, entry.who) == ("Created", "Olivia Okafor")


def test_update_organisation_records_the_change(office, officer, chief_executive):
    org = services.create_organisation(
        office, by=officer, name="Rugby Youth Forum", category="youth"
    )
    services.update_organisation(org, by=chief_executive, phone="01788 533000")
    org.refresh_from_db()
    assert org.phone == "01788 533000"
    entry = audit_trail(org)[0]
    assert entry.who == "Chris Carver"
    assert [(c.field, c.new) for c in entry.changes] == [("Phone", "01788 533000")]


def test_update_organisation_unchanged_writes_no_history(office, officer):
    org = services.create_organisation(
        office, by=officer, name="Rugby Youth Forum", category="youth"
    )
    services.update_organisation(org, by=officer, name="Rugby Youth Forum", category="youth")
    assert org.history.count() == 1


def test_update_organisation_unknown_field_is_refused(office, officer):
    org = factories.organisation(office)
    with pytest.raises(TypeError):
        services.update_organisation(org, by=officer, office=None)


def test_add_and_update_contact(office, officer):
    org = factories.organisation(office)
    contact = services.add_contact(
        org, by=officer, name="Jo Marsh", role="Community Safety Manager"
    )
    services.update_contact(contact, by=officer, email="jo.marsh@rugby.example")
    contact.refresh_from_db()
    assert (contact.office, contact.organisation, contact.email) == (
        office,
        org,
        "jo.marsh@rugby.example",
    )
    assert contact.history.first().history_user == officer


def test_log_interaction_with_people_and_follow_up(office, officer, commissioner):
    org = factories.organisation(office)
    jo = factories.contact(org)
    interaction = services.log_interaction(
        org,
        by=officer,
        date=dt.date(2026, 3, 12),
        kind=InteractionKind.MEETING,
        summary="Agreed to share the anti-social behaviour figures before each forum.",
        opcc_people=[officer, commissioner],
        contact=jo,
        follow_up="Send the February figures",
        follow_up_due=dt.date(2026, 3, 20),
    )
    assert set(interaction.opcc_people.all()) == {officer, commissioner}
    assert interaction.follow_up_open is True
    assert interaction.history.first().history_user == officer


def test_log_interaction_contact_of_another_organisation_is_refused(office, officer):
    org = factories.organisation(office)
    elsewhere = factories.contact(factories.organisation(office, "Nuneaton Rotary Club"))
    with pytest.raises(ValueError):
        services.log_interaction(
            org, by=officer, date=dt.date(2026, 3, 12), kind="call", summary="x", contact=elsewhere
        )
    assert Interaction.objects.count() == 0


def test_log_interaction_due_date_without_follow_up_is_dropped(office, officer):
    org = factories.organisation(office)
    interaction = services.log_interaction(
        org,
        by=officer,
        date=dt.date(2026, 3, 12),
        kind="call",
        summary="Quick call",
        follow_up_due=dt.date(2026, 4, 1),
    )
    assert interaction.follow_up_due is None


def test_complete_follow_up_closes_it_once(office, officer):
    org = factories.organisation(office)
    interaction = factories.interaction(
        org, dt.date(2026, 3, 12), follow_up="Send figures", follow_up_due=dt.date(2026, 3, 20)
    )
    services.complete_follow_up(interaction, by=officer, on=dt.date(2026, 3, 18))
    services.complete_follow_up(interaction, by=officer, on=dt.date(2026, 3, 25))
    interaction.refresh_from_db()
    assert interaction.follow_up_done_on == dt.date(2026, 3, 18)
    assert interaction.follow_up_open is False


def test_contact_belongs_to_organisation_office(office, officer):
    org = factories.organisation(office)
    services.add_contact(org, by=officer, name="Sam Green")
    assert Contact.objects.for_office(office).count() == 1
