import csv
import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from engage.accounts.models import Membership, Role
from engage.core.demo import ONS, PASSWORD, load_demo
from engage.meetings.models import Attendance, MeetingSeries, Occurrence
from engage.meetings.schedule_import import SEED_SCHEDULE, import_schedule, parse_schedule
from engage.places.models import Area, AreaKind, Dimension
from engage.places.queries import population_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Built once for the module inside a transaction that is rolled back afterwards (each test
    # runs in a savepoint within it), because building the demo takes several seconds.
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo(today=timezone.localdate())
        transaction.set_rollback(True)


def test_demo_has_a_login_for_every_role(demo, client):
    assert set(Membership.objects.filter(office=demo.office).values_list("role", flat=True)) == set(
        Role.values
    )
    for _role, email, password in demo.logins:
        assert client.login(username=email, password=password), email
    assert {p for *_, p in demo.logins} == {PASSWORD}


def test_demo_districts_have_the_census_populations(demo):
    with (ONS / "census2021-ts007a-ltla.csv").open(encoding="utf-8") as f:
        totals = {row["geography code"]: int(row["Age: Total"]) for row in csv.DictReader(f)}
    districts = Area.objects.for_office(demo.office).districts()
    assert sorted(d.ons_code for d in districts) == [
        "E07000218",
        "E07000219",
        "E07000220",
        "E07000221",
        "E07000222",
    ]
    for district in districts:
        assert population_of(district, Dimension.AGE_BAND).total == totals[district.ons_code]
    force = Area.objects.get(office=demo.office, kind=AreaKind.FORCE_AREA)
    assert force.ons_code == "E23000017"


def test_demo_has_thirty_forum_areas_whose_shares_cover_each_district(demo):
    forums = Area.objects.for_office(demo.office).forum_areas()
    assert forums.count() == 30
    for district in Area.objects.for_office(demo.office).districts():
        shares = sum(f.population_share for f in forums if f.parent_id == district.pk)
        assert abs(shares - 1) < 0.0001


def test_seed_004_csv_imports_to_the_same_series_the_demo_shows(demo, office, officer):
    parsed = parse_schedule(SEED_SCHEDULE.read_bytes(), office=office)
    import_schedule(office, parsed, by=officer)
    fields = [
        "import_key",
        "title",
        "category",
        "frequency",
        "per_year",
        "per_forum_area",
        "attending_posts",
        "attendance_rotation",
        "chair",
        "notes",
    ]
    imported = list(MeetingSeries.objects.for_office(office).order_by("import_key").values(*fields))
    shown = list(
        MeetingSeries.objects.for_office(demo.office).order_by("import_key").values(*fields)
    )
    assert len(shown) == 24
    assert imported == shown


def test_demo_has_a_year_of_recorded_meetings_and_last_weeks_csp_to_record(demo):
    now = timezone.now()
    past = Occurrence.objects.for_office(demo.office).filter(starts_at__lt=now)
    assert past.filter(starts_at__lt=now - dt.timedelta(days=300)).exists()
    assert Attendance.objects.for_office(demo.office).count() > 150
    csp = past.filter(
        series__title="Community Safety Partnerships", starts_at__gte=now - dt.timedelta(days=8)
    )
    assert csp.count() == 1 and not csp.get().attendance_recorded
    assert (
        Occurrence.objects.for_office(demo.office)
        .filter(starts_at__gte=now + dt.timedelta(days=330))
        .exists()
    )


def test_load_demo_again_changes_nothing(demo, capsys):
    before = Occurrence.objects.count()
    call_command("load_demo", "--if-empty")
    out = capsys.readouterr().out
    assert "already loaded" in out and "commissioner@demo.engage.test" in out
    assert Occurrence.objects.count() == before


def test_demo_has_a_year_of_the_engagement_record(demo):
    from engage.engagements.models import Activity, Concern, Feedback, SurgeryBooking
    from engage.meetings.models import AmbassadorAssignment, ForumReport

    office = demo.office
    assert Activity.objects.for_office(office).count() >= 25
    assert Feedback.objects.filter(activity__office=office).count() > 50
    assert AmbassadorAssignment.objects.for_office(office).count() == 30
    assert ForumReport.objects.for_office(office).count() > 50
    sources = set(Concern.objects.for_office(office).values_list("source", flat=True))
    assert {"activity", "forum_report", "surgery"} <= sources
    assert SurgeryBooking.objects.for_office(office).filter(notes__isnull=False).exists()


def test_demo_has_an_adopted_two_year_rota_covering_every_forum(demo):
    from engage.meetings.models import RotaPlan, RotaStatus

    plan = RotaPlan.objects.get(office=demo.office, status=RotaStatus.ADOPTED)
    covered = set(plan.assignments.values_list("occurrence__area", flat=True))
    assert len(covered) == 30
    people = set(plan.assignments.values_list("person__email", flat=True))
    assert people == {"commissioner@demo.engage.test", "deputy@demo.engage.test"}


def test_demo_has_a_published_precept_consultation_an_open_one_and_a_draft(demo, client):
    from engage.consultations.models import Consultation, Response, Status
    from engage.consultations.runs import latest_analysis

    office = demo.office
    statuses = dict(Consultation.objects.for_office(office).values_list("slug", "status"))
    assert statuses == {
        "precept-2027-28": Status.PUBLISHED,
        "police-and-crime-plan-2027": Status.OPEN,
        "victims-services-2027": Status.DRAFT,
    }
    precept = Consultation.objects.get(office=office, slug="precept-2027-28")
    assert 1900 <= Response.objects.filter(consultation=precept).submitted().count() <= 2100
    analysis = latest_analysis(precept)
    assert analysis is not None and analysis.result["base"]["weighted"]
    # Its results are public, and so in the office's open data.
    public = client.get(f"/have-your-say/{office.slug}/precept-2027-28/results/")
    assert public.status_code == 200 and "Policing precept 2027/28" in public.content.decode()
    listed = client.get(f"/open-data/{office.slug}/consultations.csv").content.decode()
    assert listed.splitlines()[1].startswith("precept-2027-28,Policing precept 2027/28,")
    client.login(email="analyst@demo.engage.test", password=PASSWORD)
    page = client.get(f"/consultations/{precept.pk}/results/")
    assert "Effective sample size" in page.content.decode() or "effective sample size" in (
        page.content.decode()
    )


def test_demo_closes_the_loop_on_the_precept(demo, client):
    from engage.decisions.models import Decision, EvidenceKind, Outcome
    from engage.messaging.models import Message, MessageKind, MessageStatus

    office = demo.office
    decision = Decision.objects.get(office=office, reference="PCC/2026/014")
    assert decision.is_published
    assert sorted(decision.evidence.values_list("kind", flat=True)) == sorted(
        [
            EvidenceKind.CONSULTATION,
            EvidenceKind.CONCERN_THEME,
            EvidenceKind.FORUM_REPORT,
            EvidenceKind.FORUM_REPORT,
        ]
    )
    notices = Message.objects.filter(kind=MessageKind.NOTICE, notice__decision=decision)
    assert notices.count() > 0
    assert set(notices.values_list("status", flat=True)) == {MessageStatus.DELIVERED}

    page = Outcome.objects.get(office=office, consultation__slug="precept-2027-28")
    assert page.is_published
    points = list(page.points.all())
    assert len(points) >= 10
    # Every point answered, and the themes named by the analyst, not by their keywords.
    assert all(p.decision_id or p.response for p in points)
    # The demo's answers are the same whatever the day it is built, and so are their themes.
    assert "Drug dealing" in [p.said for p in points]
    assert not [p.said for p in points if p.said.count(",") >= 2 and p.consultation_theme_id]
    html = client.get(f"/you-said-we-did/{office.slug}/{page.slug}/").content.decode()
    assert "Drug dealing" in html
    assert '<ul class="govuk-list govuk-list--bullet"><li>How much more would you' in html


def test_demo_has_subscribers_and_a_sent_appeal_with_replies(demo):
    from engage.engagements.models import Concern
    from engage.messaging.models import Alert, AlertStatus, Subscriber, SubscriberStatus

    office = demo.office
    active = Subscriber.objects.filter(office=office, status=SubscriberStatus.ACTIVE)
    assert active.count() > 500
    assert active.values("areas").distinct().count() > 10
    appeal = Alert.objects.get(office=office, status=AlertStatus.SENT)
    assert "CCTV" in appeal.title
    assert Concern.objects.filter(office=office, alert=appeal).count() >= 3


def test_demo_staff_sign_in_with_the_published_key(client, settings, demo):
    from engage.core.demo import PASSWORD, demo_code

    settings.ENGAGE_REQUIRE_TWO_FACTOR = True
    client.post("/accounts/login/", {"login": "officer@demo.engage.test", "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": demo_code()})
    assert response.status_code == 302
    assert client.get("/meetings/").status_code == 200
    # The ambassador too.
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": "ambassador@demo.engage.test", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": demo_code()})
    assert "_auth_user_id" in client.session
