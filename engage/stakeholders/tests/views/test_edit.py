"""Adding and editing organisations and contacts, and logging interactions."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from engage.stakeholders.models import Contact, Interaction, Organisation
from engage.stakeholders.tests import factories


def test_create_organisation(officer_client, office, officer, districts):
    response = officer_client.post(
        reverse("stakeholders:create"),
        {
            "name": "  Bedworth   Mosque ",
            "category": "faith",
            "area": districts["Nuneaton and Bedworth"].pk,
            "relationship_owner": officer.pk,
            "website": "bedworthmosque.example",
        },
    )
    org = Organisation.objects.get()
    assert response["Location"] == org.get_absolute_url()
    assert (org.name, org.office, org.website) == (
        "Bedworth Mosque",
        office,
        "https://bedworthmosque.example",
    )
    assert org.history.get().history_user == officer


def test_create_organisation_bad_input_keeps_what_was_entered(officer_client, office):
    factories.organisation(office, "Rugby Borough Council")
    response = officer_client.post(
        reverse("stakeholders:create"),
        {
            "name": "rugby borough council",
            "category": "",
            "email": "not-an-email",
            "notes": "Met at the summer fair",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "There is already an organisation called “rugby borough council”" in page
    assert "Enter a valid email address." in page
    assert "Choose a category." in page
    assert 'value="rugby borough council"' in page
    assert "Met at the summer fair" in page
    assert Organisation.objects.count() == 1


def test_create_organisation_other_office_area_refused(officer_client, office, other_office):
    from engage.places.models import Area

    theirs = Area.objects.create(
        office=other_office, kind="district", name="Severn", ons_code="E07000999"
    )
    response = officer_client.post(
        reverse("stakeholders:create"), {"name": "X", "category": "other", "area": theirs.pk}
    )
    assert "Select a valid choice" in response.content.decode()


def test_edit_organisation(officer_client, office, officer):
    org = factories.organisation(office, notes="Old note")
    response = officer_client.post(
        reverse("stakeholders:edit", args=[org.pk]),
        {"name": "Rugby Borough Council", "category": "councils", "notes": "New note"},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.notes == "New note"
    assert org.history.first().history_user == officer


def test_edit_organisation_bad_input_keeps_old_heading(officer_client, office):
    org = factories.organisation(office)
    response = officer_client.post(
        reverse("stakeholders:edit", args=[org.pk]),
        {"name": "", "category": "councils", "phone": "01788 533533"},
    )
    page = response.content.decode()
    assert "Edit Rugby Borough Council" in page
    assert 'value="01788 533533"' in page
    org.refresh_from_db()
    assert org.phone == ""


def test_add_and_edit_contact(officer_client, office):
    org = factories.organisation(office)
    officer_client.post(
        reverse("stakeholders:contact_add", args=[org.pk]),
        {"name": "Jo Marsh", "role": "Community Safety Manager", "email": "jo@rugby.example"},
    )
    contact = Contact.objects.get()
    assert (contact.organisation, contact.office) == (org, office)
    officer_client.post(
        reverse("stakeholders:contact_edit", args=[org.pk, contact.pk]),
        {"name": "Jo Marsh", "role": "Head of Community Safety", "email": "jo@rugby.example"},
    )
    contact.refresh_from_db()
    assert contact.role == "Head of Community Safety"


def test_add_contact_duplicate_name_refused_keeping_input(officer_client, office):
    org = factories.organisation(office)
    factories.contact(org, "Jo Marsh")
    response = officer_client.post(
        reverse("stakeholders:contact_add", args=[org.pk]),
        {"name": "jo marsh", "role": "Licensing", "email": "bad"},
    )
    page = response.content.decode()
    assert "Rugby Borough Council already has a contact called “jo marsh”." in page
    assert 'value="Licensing"' in page
    assert Contact.objects.count() == 1


def test_edit_contact_of_another_organisation_is_404(officer_client, office):
    org = factories.organisation(office)
    other = factories.contact(factories.organisation(office, "Warwick Food Bank"))
    url = reverse("stakeholders:contact_edit", args=[org.pk, other.pk])
    assert officer_client.get(url).status_code == 404


def test_log_interaction_form_defaults_to_today_and_lists_office_staff(
    officer_client, office, commissioner, other_officer
):
    org = factories.organisation(office)
    page = officer_client.get(
        reverse("stakeholders:log_interaction", args=[org.pk])
    ).content.decode()
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in page
    assert "Pat Pemberton" in page and "Olivia Okafor" in page
    assert "Sam Singh" not in page


def test_log_interaction(officer_client, office, officer, commissioner):
    org = factories.organisation(office)
    jo = factories.contact(org)
    response = officer_client.post(
        reverse("stakeholders:log_interaction", args=[org.pk]),
        {
            "date": "12/3/2026",
            "kind": "meeting",
            "contact": jo.pk,
            "opcc_people": [officer.pk, commissioner.pk],
            "summary": "Agreed joint patrols at the Clock Towers shopping centre.",
            "follow_up": "Send the patrol rota",
            "follow_up_due": "20/3/2026",
        },
    )
    assert response["Location"] == org.get_absolute_url() + "#interactions"
    interaction = Interaction.objects.get()
    assert (interaction.date, interaction.follow_up_due) == (
        dt.date(2026, 3, 12),
        dt.date(2026, 3, 20),
    )
    assert set(interaction.opcc_people.all()) == {officer, commissioner}
    assert interaction.contact == jo


def test_log_interaction_bad_input_keeps_what_was_entered(
    officer_client, office, officer, commissioner
):
    org = factories.organisation(office)
    response = officer_client.post(
        reverse("stakeholders:log_interaction", args=[org.pk]),
        {
            "date": "31/2/2026",
            "kind": "call",
            "opcc_people": [commissioner.pk],
            "summary": "",
            "follow_up_due": "1/4/2026",
        },
    )
    page = response.content.decode()
    assert "Enter the date as day/month/year, like 27/3/2026" in page
    assert "Say what needs to be done by the due date." in page
    assert "Say what happened." in page
    assert 'value="31/2/2026"' in page
    assert 'value="call" checked' in page
    assert f'value="{commissioner.pk}" checked' in page
    assert 'value="1/4/2026"' in page
    assert Interaction.objects.count() == 0


def test_log_interaction_future_date_refused(officer_client, office):
    org = factories.organisation(office)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = officer_client.post(
        reverse("stakeholders:log_interaction", args=[org.pk]),
        {"date": tomorrow.strftime("%d/%m/%Y"), "kind": "call", "summary": "Planned call"},
    )
    assert "The date must be today or in the past." in response.content.decode()


def test_log_interaction_person_from_another_office_refused(officer_client, office, other_officer):
    org = factories.organisation(office)
    response = officer_client.post(
        reverse("stakeholders:log_interaction", args=[org.pk]),
        {"date": "1/3/2026", "kind": "call", "summary": "Call", "opcc_people": [other_officer.pk]},
    )
    assert "Select a valid choice" in response.content.decode()
    assert Interaction.objects.count() == 0
