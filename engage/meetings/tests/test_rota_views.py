"""The rota pages: planning a rota, reading it, pinning, solving again and adopting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engage.meetings import rota_services
from engage.meetings.models import RotaPlan, RotaStatus
from tests.matrix.rota import CYCLE, make_forums


@pytest.fixture
def forums(office, commissioner, deputy):
    return make_forums(office)


def _form(**changes):
    data = {
        "name": "Forums 2026 to 2027",
        "starts_on": "01/04/2026",
        "ends_on": "31/03/2027",
        "max_per_month": "2",
    }
    data.update(changes)
    return data


def test_new_rota_form_suggests_a_two_year_cycle(officer_client, forums):
    page = officer_client.get(reverse("meetings:rota_create")).content.decode()
    assert "Plan a new forum rota" in page
    assert 'name="max_per_month"' in page and 'value="2"' in page


def test_new_rota_is_solved_and_shown_by_quarter(officer_client, forums):
    response = officer_client.post(reverse("meetings:rota_create"), _form(), follow=True)
    page = response.content.decode()
    plan = RotaPlan.objects.get()
    assert response.redirect_chain[-1][0] == reverse("meetings:rota", args=[plan.pk])
    assert "Rota solved in" in page
    assert "The best rota: every forum is visited" in page
    for forum in ("Bidford", "Kineton", "Kenilworth"):
        assert forum in page
    assert "Apr 2026" in page and "Jan 2027" in page
    assert "Pat Pemberton (PCC)" in page and "Dee Dhillon (DPCC)" in page
    assert ">Kept<" in page
    assert "Solve again" in page and "Adopt this rota" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": "01/03/2026"}, "The cycle must end after it starts"),
        ({"ends_on": "31/02/2027"}, "Enter a real date"),
        ({"max_per_month": "0"}, "Enter a number from 1 to 10"),
        ({"starts_on": "01/05/2026", "ends_on": "31/05/2026"}, "No community forum meets between"),
        ({"ends_on": "01/04/2036"}, "A cycle can be at most 5 years long"),
    ],
)
def test_new_rota_refuses_bad_input_and_keeps_it(officer_client, forums, changes, message):
    response = officer_client.post(
        reverse("meetings:rota_create"), _form(name="My rota", **changes)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="My rota"' in page
    assert not RotaPlan.objects.exists()


def test_new_rota_needs_a_forum_series(officer_client, commissioner, deputy):
    page = officer_client.post(reverse("meetings:rota_create"), _form()).content.decode()
    assert "The schedule has no community forum series" in page


def test_new_rota_needs_the_commissioner_or_deputy(officer_client, office):
    make_forums(office)
    page = officer_client.post(reverse("meetings:rota_create"), _form()).content.decode()
    assert "Nobody in the office holds the post of PCC or DPCC" in page


def _plan(office, officer):
    return rota_services.create_plan(
        office, name="Forums", starts_on=CYCLE[0], ends_on=CYCLE[1], max_per_month=2, by=officer
    ).plan


def test_pin_then_give_a_visit_to_the_other_person(
    officer_client, forums, office, officer, deputy, commissioner
):
    plan = _plan(office, officer)
    visit = plan.assignments.filter(person=commissioner).first()
    url = reverse("meetings:rota_pin", args=[plan.pk, visit.pk])
    page = officer_client.post(url, follow=True).content.decode()
    assert "Pinned: Pat Pemberton at" in page
    page = officer_client.post(url, {"person": deputy.pk}, follow=True).content.decode()
    visit.refresh_from_db()
    assert visit.person == deputy and visit.pinned
    page = officer_client.post(url, follow=True).content.decode()
    assert "Unpinned: Dee Dhillon at" in page
    page = officer_client.post(url, {"person": officer.pk}, follow=True).content.decode()
    assert "Choose the Commissioner or the Deputy" in page


def test_solve_again_and_adopt(officer_client, forums, office, officer):
    plan = _plan(office, officer)
    page = officer_client.post(reverse("meetings:rota_solve", args=[plan.pk]), follow=True)
    assert "Rota solved in" in page.content.decode()
    page = officer_client.post(reverse("meetings:rota_adopt", args=[plan.pk]), follow=True)
    assert "Rota adopted" in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == RotaStatus.ADOPTED
    listing = officer_client.get(reverse("meetings:rotas")).content.decode()
    assert "Forums" in listing and "Adopted" in listing


def test_commissioner_sees_the_rota_without_the_buttons(
    client, forums, office, officer, commissioner
):
    plan = _plan(office, officer)
    client.force_login(commissioner)
    page = client.get(reverse("meetings:rota", args=[plan.pk])).content.decode()
    assert "Bidford" in page
    assert "Solve again" not in page and "Adopt this rota" not in page and "and pin" not in page
    assert client.post(reverse("meetings:rota_solve", args=[plan.pk])).status_code == 403


def test_rota_page_lists_forums_that_cannot_be_visited(officer_client, forums, office, officer):
    from engage.meetings import services as meetings
    from engage.meetings.services import local_datetime
    from engage.meetings.tests.factories import make_series

    rota_services.ensure_forum_meetings(office, *CYCLE, by=officer)
    board = make_series(office, title="Strategic Policing Board", attending_posts=["pcc", "dpcc"])
    for o in forums.occurrences.filter(area__name="Kenilworth"):
        day = o.starts_at.astimezone(dt.UTC).date()
        meetings.add_occurrence(board, starts_at=local_datetime(day, dt.time(9)), by=officer)
    plan = _plan(office, officer)
    page = officer_client.get(reverse("meetings:rota", args=[plan.pk])).content.decode()
    assert "Forums the rota cannot visit" in page
    assert "Kenilworth: its 4 meetings all fall on days when both" in page
    assert "Not every forum can be visited" in page
