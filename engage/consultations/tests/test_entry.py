"""Staff: preview, the responses and typing in paper and phone responses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.consultations.models import Response, Statement, Status
from engage.consultations.tests.responding_data import (
    ABOUT,
    posted_answers,
    precept_consultation,
    questions,
)
from engage.consultations.tests.test_responding_public import answer_everything
from engage.places.models import Area

pytestmark = pytest.mark.django_db


def entry_data(c, **extra):
    data = dict(posted_answers(c))
    about = dict(ABOUT, area=str(Area.objects.get(name="Rugby").pk))
    data.update({f"about-{k}": v for k, v in about.items()})
    data.update({"channel": "paper", "source_id": "P-0041"})
    data.update(extra)
    return data


def test_a_paper_form_is_stored_exactly_as_the_same_answers_given_online(client, office, officer):
    c = precept_consultation(office)
    answer_everything(client, c)
    online = Response.objects.get()
    client.force_login(officer)
    page = client.post(reverse("consultations:enter", args=[c.pk]), entry_data(c))
    paper = Response.objects.exclude(pk=online.pk).get()
    assert page["Location"] == reverse("consultations:enter", args=[c.pk])
    assert paper.answers == online.answers
    fields = ("age_band", "sex", "ethnic_group", "disability", "area_id", "postcode_district")
    assert [getattr(paper, f) for f in fields] == [getattr(online, f) for f in fields]
    assert (paper.channel, paper.source_id, paper.entered_by) == ("paper", "P-0041", officer)
    assert paper.submitted_at is not None
    assert Response.objects.submitted().count() == 2
    # The statement written on the form waits for moderation, like one added online.
    assert Statement.objects.get(author=paper).status == "pending"


def test_saving_says_which_response_and_remembers_the_channel(client, office, officer):
    c = precept_consultation(office)
    client.force_login(officer)
    url = reverse("consultations:enter", args=[c.pk])
    page = client.post(url, entry_data(c, channel="phone"), follow=True)
    html = page.content.decode()
    saved = Response.objects.get()
    assert f"Response {saved.pk} saved." in html
    assert 'value="phone" checked' in html
    assert html.count(" autofocus") == 1
    # The default button (the first) saves and starts the next form.
    assert html.index("Save and enter another") < html.index("Save and view it")


def test_a_mistake_on_the_entry_page_keeps_what_was_typed(client, office, officer):
    c = precept_consultation(office)
    client.force_login(officer)
    q = questions(c)
    page = client.post(
        reverse("consultations:enter", args=[c.pk]),
        entry_data(c, **{f"q{q['number'].pk}": "about 3", "about-postcode_district": "Nuneaton"}),
    )
    html = page.content.decode()
    assert "Enter a number, like 25 or 2.5." in html
    assert "Enter the first half of your postcode, like CV11" in html
    assert "More patrols on Abbey Street on Friday nights, please." in html
    assert 'value="about 3"' in html
    assert not Response.objects.exists()


def test_entry_is_refused_while_the_consultation_is_a_draft(client, office, officer):
    c = precept_consultation(office, status=Status.DRAFT)
    client.force_login(officer)
    page = client.get(reverse("consultations:enter", args=[c.pk]))
    assert "This consultation is still a draft" in page.content.decode()
    client.post(reverse("consultations:enter", args=[c.pk]), entry_data(c))
    assert not Response.objects.exists()


def test_late_paper_forms_are_taken_with_a_warning(client, office, officer):
    c = precept_consultation(office, status=Status.CLOSED)
    c.closes_on = timezone.localdate() - dt.timedelta(days=3)
    c.save()
    client.force_login(officer)
    page = client.get(reverse("consultations:enter", args=[c.pk])).content.decode()
    assert "This consultation closed on" in page and "still counted" in page
    client.post(reverse("consultations:enter", args=[c.pk]), entry_data(c))
    assert Response.objects.submitted().count() == 1


def test_the_responses_list_counts_by_channel_without_drafts(client, office, officer):
    c = precept_consultation(office)
    answer_everything(client, c)
    Response.objects.create(office=office, consultation=c)  # an unfinished draft
    client.force_login(officer)
    client.post(reverse("consultations:enter", args=[c.pk]), entry_data(c))
    client.post(reverse("consultations:enter", args=[c.pk]), entry_data(c, channel="phone"))
    page = client.get(reverse("consultations:responses", args=[c.pk])).content.decode()
    assert "3 responses sent." in page
    assert "Paper form</a> (1)" in page and "Phone</a> (1)" in page and "Online</a> (1)" in page
    paper = client.get(reverse("consultations:responses", args=[c.pk]) + "?channel=paper")
    assert "P-0041" in paper.content.decode()
    assert paper.context["page"].paginator.count == 1


def test_one_response_reads_plainly_and_shows_email_only_to_those_who_may_export(
    client, office, officer, commissioner
):
    c = precept_consultation(office)
    answer_everything(client, c, consent={"wants_outcome": "on", "email": "jo@example.org"})
    response = Response.objects.get()
    url = reverse("consultations:response", args=[c.pk, response.pk])
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert "£10 a year" in page and "1st: Victims&#x27; services" in page
    assert "65 to 74" in page and "Rugby" in page
    assert "jo@example.org" in page
    client.force_login(commissioner)
    page = client.get(url).content.decode()
    assert "Wants to hear the outcome" in page and "jo@example.org" not in page


def test_preview_shows_every_page_and_saves_nothing(client, office, officer):
    c = precept_consultation(office, status=Status.DRAFT)
    client.force_login(officer)
    page = client.get(reverse("consultations:preview", args=[c.pk])).content.decode()
    assert "Preview — answers are not saved" in page
    for title in ("The precept", "Your priorities", "What others said", "About you"):
        assert title in page
    assert "<form" not in page.split('id="main-content"')[1]


def test_an_ambassador_may_not_see_responses(client, office, ambassador):
    c = precept_consultation(office)
    client.force_login(ambassador)
    assert client.get(reverse("consultations:responses", args=[c.pk])).status_code == 403
    assert client.get(reverse("consultations:enter", args=[c.pk])).status_code == 403


def test_another_office_finds_nothing(client, office, other_officer):
    c = precept_consultation(office)
    client.force_login(other_officer)
    assert client.get(reverse("consultations:enter", args=[c.pk])).status_code == 404
    assert client.get(reverse("consultations:preview", args=[c.pk])).status_code == 404
