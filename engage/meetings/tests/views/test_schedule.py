import datetime as dt

from django.urls import reverse
from django.utils import timezone

from engage.meetings import services
from engage.meetings.models import Frequency, MeetingSeries
from engage.meetings.tests.factories import make_commitment, make_series


def test_schedule_groups_series_by_category_with_frequency_and_attendance(client, office, officer):
    make_series(
        office,
        title="Police and Crime Panel",
        category="public_accountability",
        frequency=Frequency.AS_REQUIRED,
        per_year=6,
        attending_posts=["pcc", "dpcc", "cex"],
        chair="Chair: Cllr Dana Hartley",
    )
    series = make_series(
        office,
        title="Strategic IAG",
        category="stakeholder_groups",
        attending_posts=["policy_officer"],
    )
    make_commitment(series, starts_on=timezone.localdate() - dt.timedelta(days=30))
    client.force_login(officer)
    page = client.get(reverse("meetings:schedule")).content.decode()
    headings = [
        f'<h2 class="govuk-heading-m">{name}</h2>'
        for name in ("Public accountability", "Stakeholder groups")
    ]
    assert page.index(headings[0]) < page.index("Police and Crime Panel") < page.index(headings[1])
    assert "As required, about 6 a year" in page
    assert "PCC, DPCC, Chief Executive" in page
    assert "Chair: Cllr Dana Hartley" in page
    assert ">Due<" in page


def test_schedule_filter_by_category(client, office, officer):
    make_series(office, title="Police and Crime Panel", category="public_accountability")
    make_series(office, title="Strategic IAG", category="stakeholder_groups")
    client.force_login(officer)
    page = client.get(
        reverse("meetings:schedule"), {"category": "stakeholder_groups"}
    ).content.decode()
    assert "Strategic IAG" in page and "Police and Crime Panel" not in page


def test_create_series_generates_next_twelve_months(client, office, officer):
    client.force_login(officer)
    response = client.post(
        reverse("meetings:series_create"),
        {
            "title": "Youth Council",
            "category": "stakeholder_groups",
            "frequency": "bimonthly",
            "attending_posts": ["dpcc"],
            "start_time": "17:00",
            "duration_minutes": "90",
            "first_date": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    series = MeetingSeries.objects.get(title="Youth Council")
    assert "“Youth Council” added to the schedule." in response.content.decode()
    assert series.occurrences.count() == 6


def test_create_series_refuses_as_required_without_a_number(client, office, officer):
    client.force_login(officer)
    response = client.post(
        reverse("meetings:series_create"),
        {
            "title": "Police and Crime Panel",
            "category": "public_accountability",
            "frequency": "as_required",
            "start_time": "10:00",
            "duration_minutes": "120",
        },
    )
    page = response.content.decode()
    assert "Enter about how many meetings a year there are, like 6" in page
    assert 'value="Police and Crime Panel"' in page
    assert not MeetingSeries.objects.exists()


def test_calendar_month_shows_meetings_and_links_months(client, office, officer):
    series = make_series(office, title="Health and Wellbeing Board")
    services.generate_occurrences(series, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    client.force_login(officer)
    page = client.get(reverse("meetings:calendar_month", args=[2026, 4])).content.decode()
    assert "April 2026" in page
    assert "10:00 Health and Wellbeing Board" in page
    assert reverse("meetings:calendar_month", args=[2026, 5]) in page


def test_feeds_page_makes_and_stops_an_address(client, office, officer):
    client.force_login(officer)
    client.post(reverse("meetings:feeds"), {"scope": "mine", "label": "Work phone"})
    feed = officer.calendar_feeds.get()
    page = client.get(reverse("meetings:feeds")).content.decode()
    assert feed.get_feed_url() in page and "Work phone" in page
    client.post(reverse("meetings:feed_revoke", args=[feed.pk]))
    assert client.get(feed.get_feed_url()).status_code == 404


def test_office_wide_feed_is_refused_to_a_commissioner(client, office, commissioner):
    client.force_login(commissioner)
    client.post(reverse("meetings:feeds"), {"scope": "office", "label": ""})
    assert not commissioner.calendar_feeds.exists()
