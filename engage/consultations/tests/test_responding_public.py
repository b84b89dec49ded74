"""The public pages: a resident answers the precept consultation from start to thank-you."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.consultations.models import Response, Statement, StatementStatus, Status
from engage.consultations.tests.responding_data import (
    ABOUT,
    posted_answers,
    precept_consultation,
    questions,
)
from engage.consultations.views import public  # noqa: F401 - registers its limits
from engage.core.public_forms import LIMITS
from engage.places.models import Area

pytestmark = pytest.mark.django_db


def _started(response) -> str:
    return re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)


def begin(client, c) -> Response:
    start = client.get(c.get_public_url())
    page = client.post(
        reverse("consultations:public_begin", args=[c.office.slug, c.slug]),
        {"started": _started(start)},
    )
    draft = Response.objects.latest("pk")
    assert page["Location"] == reverse(
        "consultations:public_resume", args=[c.office.slug, c.slug, draft.token]
    )
    # A person takes longer than a few seconds over the survey; a script does not.
    Response.objects.filter(pk=draft.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    return draft


def page_url(c, draft, step) -> str:
    args = [c.office.slug, c.slug, draft.token]
    if step == "about":
        return reverse("consultations:public_about", args=args)
    if step == "check":
        return reverse("consultations:public_check", args=args)
    return reverse("consultations:public_section", args=[*args, step])


def post_page(client, c, draft, step, data, **extra):
    url = page_url(c, draft, step)
    shown = client.get(url)
    return client.post(url, {"started": _started(shown), **data}, **extra)


def section_data(c, step):
    """The posted answers that belong to a section's page."""
    keys = {f"q{q.pk}" for q in c.sections.order_by("position")[step - 1].questions.all()}
    return {k: v for k, v in posted_answers(c).items() if k.split("-")[0] in keys}


def answer_everything(client, c, *, about=None, consent=None, draft=None):
    draft = draft or begin(client, c)
    for step in (1, 2, 3):
        page = post_page(client, c, draft, step, section_data(c, step))
        assert page.status_code == 302, page.content.decode()[:2000]
    about_data = (
        dict(ABOUT, area=str(Area.objects.get(name="Rugby").pk)) if about is None else about
    )
    page = post_page(client, c, draft, "about", about_data)
    assert page["Location"] == page_url(c, draft, "check")
    return draft, post_page(client, c, draft, "check", consent or {})


def expected_answers(c):
    q = questions(c)
    opts = {k: list(v.options.all()) for k, v in q.items()}
    s = list(q["statements"].statements.filter(status=StatementStatus.APPROVED))
    return {
        q["precept"].key: opts["precept"][1].pk,
        q["number"].key: 3,
        q["single"].key: opts["single"][1].pk,
        q["multiple"].key: [opts["multiple"][0].pk, opts["multiple"][2].pk],
        q["ranking"].key: [opts["ranking"][1].pk, opts["ranking"][0].pk],
        q["scale"].key: 4,
        q["text"].key: "More patrols on Abbey Street on Friday nights, please.",
        q["statements"].key: {str(s[0].pk): 1, str(s[1].pk): -1, str(s[2].pk): 0},
    }


def test_a_resident_answers_every_kind_of_question_and_is_counted(client, office):
    c = precept_consultation(office)
    start = client.get(c.get_public_url()).content.decode()
    assert "Policing precept 2027/28" in start and "Start now" in start
    assert "We keep your answers for two years" in start

    draft = begin(client, c)
    first = client.get(page_url(c, draft, 1)).content.decode()
    assert "£10 more a year (about £0.83 a month) for a Band D home" in first
    assert "This year a Band D home pays £285.87 a year for policing." in first
    assert draft.token in first  # the private link, to save and come back later
    second = client.get(page_url(c, draft, 2)).content.decode()
    assert "1 – Very poor" in second and "5 – Excellent" in second and "Not ranked" in second
    third = client.get(page_url(c, draft, 3)).content.decode()
    assert "Speed cameras belong outside every school." in third
    assert "Waiting one" not in third

    draft, sent = answer_everything(
        client, c, consent={"wants_outcome": "on", "email": "jo.resident@example.org"}, draft=draft
    )
    assert sent["Location"] == reverse("consultations:public_done", args=[office.slug, c.slug])
    assert "Your answers have been sent" in client.get(sent["Location"]).content.decode()
    response = Response.objects.get()
    assert response.answers == expected_answers(c)
    assert response.submitted_at is not None and response.channel == "online"
    assert (response.age_band, response.sex, response.ethnic_group, response.disability) == (
        "65-74",
        "female",
        "white",
        "a_little",
    )
    assert (response.area.name, response.postcode_district) == ("Rugby", "CV11")
    assert (response.wants_outcome, response.email) == (True, "jo.resident@example.org")
    added = Statement.objects.get(author=response)
    assert (added.text, added.status) == (
        "Bring back the police station front desk in Bedworth.",
        StatementStatus.PENDING,
    )
    assert Response.objects.submitted().count() == 1


def test_check_your_answers_reads_back_each_answer_with_change_links(client, office):
    c = precept_consultation(office)
    draft = begin(client, c)
    for step in (1, 2, 3):
        post_page(client, c, draft, step, section_data(c, step))
    post_page(client, c, draft, "about", {"age_band": "prefer_not"})
    page = client.get(page_url(c, draft, "check")).content.decode()
    assert "£10 a year: £10 more a year (about £0.83 a month) for a Band D home" in page
    assert "1st: Victims&#x27; services" in page and "2nd: Neighbourhood policing" in page
    assert "Disagree: Speed cameras belong outside every school." in page
    assert "Prefer not to say" in page
    assert f'href="{page_url(c, draft, 2)}?return=check"' in page
    # Changing an answer from there comes straight back.
    changed = post_page(
        client,
        c,
        draft,
        2,
        {**section_data(c, 2), f"q{questions(c)['scale'].pk}": "2"},
        QUERY_STRING="return=check",
    )
    assert changed["Location"] == page_url(c, draft, "check")


def test_email_is_stored_only_when_they_ask_to_hear_back(client, office):
    c = precept_consultation(office)
    answer_everything(client, c, consent={"email": "jo.resident@example.org"})
    response = Response.objects.get()
    assert (response.wants_outcome, response.email) == (False, "")


def test_a_mistake_keeps_every_other_answer_on_the_page(client, office):
    c = precept_consultation(office)
    draft = begin(client, c)
    q = questions(c)
    data = {**section_data(c, 2), f"q{q['ranking'].pk}-o{q['ranking'].options.first().pk}": "1"}
    page = post_page(client, c, draft, 2, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in html and "Give each position to only one answer." in html
    assert f'href="#id_q{q["ranking"].pk}-o{q["ranking"].options.first().pk}"' in html
    assert "More patrols on Abbey Street on Friday nights, please." in html
    assert re.search(r'value="4" checked', html)  # the scale point chosen
    assert Response.objects.get().answers == {}

    page = post_page(client, c, draft, 1, {f"q{q['number'].pk}": "a few"})
    html = page.content.decode()
    assert "Enter a number, like 25 or 2.5." in html and 'value="a few"' in html
    assert "Answer this question: How much more would you pay" in html


def test_save_and_come_back_later_by_the_private_link(client, office):
    c = precept_consultation(office)
    draft = begin(client, c)
    resume = reverse("consultations:public_resume", args=[office.slug, c.slug, draft.token])
    assert client.get(resume)["Location"] == page_url(c, draft, 1)
    saved = post_page(client, c, draft, 1, {**section_data(c, 1), "save_later": "1"})
    assert "Your answers have been saved" in saved.content.decode()
    assert f"http://testserver{resume}" in saved.content.decode()
    # Another day, another device: the link goes to the first page not yet answered.
    client.cookies.clear()
    assert client.get(resume)["Location"] == page_url(c, draft, 2)
    assert "£10 a year" in client.get(page_url(c, draft, 1)).content.decode()


def test_a_closed_consultation_says_so_and_links_to_its_results(client, office):
    c = precept_consultation(office, status=Status.CLOSED)
    c.closes_on = timezone.localdate() - dt.timedelta(days=2)
    c.save()
    page = client.get(c.get_public_url()).content.decode()
    assert "This consultation closed on" in page and "Start now" not in page
    assert reverse("consultations:public_results", args=[office.slug, c.slug]) in page
    listing = client.get(reverse("consultations:public_list", args=[office.slug])).content.decode()
    assert "Recently closed" in listing and "Policing precept 2027/28" in listing


def test_a_draft_consultation_is_not_found(client, office):
    c = precept_consultation(office, status=Status.DRAFT)
    assert client.get(c.get_public_url()).status_code == 404


def test_an_answer_sent_after_the_close_date_is_refused_and_nothing_stored(client, office):
    c = precept_consultation(office)
    draft = begin(client, c)
    post_page(client, c, draft, 1, section_data(c, 1))
    url = page_url(c, draft, 2)
    started = _started(client.get(url))
    c.closes_on = timezone.localdate() - dt.timedelta(days=1)
    c.save()
    page = client.post(url, {"started": started, **section_data(c, 2)})
    html = page.content.decode()
    assert "This consultation has closed" in html
    closed = c.closes_on.strftime("%-d %B %Y")
    assert f"This consultation closed on {closed}." in html
    assert "The answers you just sent have not been saved." in html
    assert set(Response.objects.get().answers) == {
        questions(c)["precept"].key,
        questions(c)["number"].key,
    }


def test_a_sent_response_cannot_be_changed_by_its_link(client, office):
    c = precept_consultation(office)
    draft, _sent = answer_everything(client, c)
    stored = Response.objects.get().answers
    url = page_url(c, draft, 2)
    page = client.post(url, {**section_data(c, 2), f"q{questions(c)['scale'].pk}": "1"})
    assert "You have already sent your answers" in page.content.decode()
    assert Response.objects.get().answers == stored


def test_the_honeypot_looks_like_it_worked_but_stores_nothing(client, office):
    c = precept_consultation(office)
    start = client.get(c.get_public_url())
    page = client.post(
        reverse("consultations:public_begin", args=[office.slug, c.slug]),
        {"started": _started(start), "website": "http://spam.example"},
    )
    assert page["Location"] == reverse("consultations:public_done", args=[office.slug, c.slug])
    assert not Response.objects.exists()


def test_sending_straight_away_is_refused(client, office):
    c = precept_consultation(office)
    start = client.get(c.get_public_url())
    client.post(
        reverse("consultations:public_begin", args=[office.slug, c.slug]),
        {"started": _started(start)},
    )
    draft = Response.objects.get()
    post_page(client, c, draft, 1, section_data(c, 1))
    page = post_page(client, c, draft, "check", {})
    assert "That was quicker than we expected" in page.content.decode()
    assert Response.objects.submitted().count() == 0


def test_a_page_without_its_signed_start_is_refused_with_answers_kept(client, office):
    c = precept_consultation(office)
    draft = begin(client, c)
    page = client.post(page_url(c, draft, 2), section_data(c, 2))
    html = page.content.decode()
    assert "This page was open too long or came from somewhere else" in html
    assert "More patrols on Abbey Street" in html
    assert Response.objects.get().answers == {}


def test_a_required_question_skipped_is_asked_for_before_sending(client, office):
    c = precept_consultation(office)
    draft = begin(client, c)
    page = post_page(client, c, draft, "check", {})
    html = page.content.decode()
    assert "Answer this question: How much more would you pay for policing next year?" in html
    assert "Not answered – an answer is needed" in html
    assert Response.objects.submitted().count() == 0


def test_too_many_posts_from_one_address_get_a_friendly_page(client, office, monkeypatch):
    monkeypatch.setattr(LIMITS["consultations.public"], "per_address", "3/m")
    c = precept_consultation(office)
    draft = begin(client, c)  # one POST
    post_page(client, c, draft, 1, section_data(c, 1))
    post_page(client, c, draft, 2, section_data(c, 2))
    page = post_page(client, c, draft, 3, section_data(c, 3))
    assert page.status_code == 429
    assert "Sorry, there have been too many attempts" in page.content.decode()
    assert questions(c)["statements"].key not in Response.objects.get().answers


def test_a_whole_consultation_is_limited_whoever_sends(client, office, monkeypatch):
    monkeypatch.setattr(LIMITS["consultations.public"], "overall", "2/h")
    c = precept_consultation(office)
    for address in ("192.0.2.1", "192.0.2.2"):
        start = client.get(c.get_public_url())
        client.post(
            reverse("consultations:public_begin", args=[office.slug, c.slug]),
            {"started": _started(start)},
            REMOTE_ADDR=address,
        )
    start = client.get(c.get_public_url())
    page = client.post(
        reverse("consultations:public_begin", args=[office.slug, c.slug]),
        {"started": _started(start)},
        REMOTE_ADDR="192.0.2.3",
    )
    assert page.status_code == 429
    assert Response.objects.count() == 2


def test_a_2mb_answer_gets_a_clear_error_and_is_not_lost(client, office):
    c = precept_consultation(office)
    draft = begin(client, c)
    essay = ("Please put more officers on the beat in Nuneaton town centre " * 35_000)[:2_000_000]
    data = {**section_data(c, 2), f"q{questions(c)['text'].pk}": essay}
    page = post_page(client, c, draft, 2, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your answer is 1,999,999 characters long; it must be 5,000 or fewer." in html or (
        "Your answer is 2,000,000 characters long; it must be 5,000 or fewer." in html
    )
    assert essay.strip() in html
    assert Response.objects.get().answers == {}


def test_a_post_too_big_to_read_gets_a_page_not_a_bad_request(client, office, settings):
    c = precept_consultation(office)
    draft = begin(client, c)
    essay = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    page = post_page(client, c, draft, 2, {f"q{questions(c)['text'].pk}": essay})
    assert page.status_code == 413
    assert "Your answer is too long to send" in page.content.decode()


def test_drafts_are_not_counted(client, office):
    c = precept_consultation(office)
    draft = begin(client, c)
    post_page(client, c, draft, 1, section_data(c, 1))
    assert Response.objects.count() == 1
    assert Response.objects.submitted().count() == 0


def test_the_pages_speak_welsh_when_asked(client, office):
    c = precept_consultation(office)
    page = client.get(c.get_public_url(), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Praesept plismona 2027/28" in page
    start = client.get(c.get_public_url(), HTTP_ACCEPT_LANGUAGE="cy")
    client.post(
        reverse("consultations:public_begin", args=[office.slug, c.slug]),
        {"started": _started(start)},
        HTTP_ACCEPT_LANGUAGE="cy",
    )
    draft = Response.objects.get()
    assert draft.language == "cy"
    page = client.get(page_url(c, draft, 1), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Faint yn fwy fyddech chi&#x27;n ei dalu am blismona y flwyddyn nesaf?" in page
