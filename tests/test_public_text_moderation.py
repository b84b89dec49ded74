"""Public text others will see goes through moderation first (issue 8).

What the public types and other people could read: a comment on a document open for comment, and
a statement added to a consultation's statements question (other respondents vote on it, and the
published results name it). Everything else the public types (contact messages, replies to
appeals, booking topics, activity feedback, free-text answers) is read only by the office's
staff: published results show figures and themes, never a respondent's words
(engage/consultations/tests/test_results_pages.py).
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from engage.consultations import services as consultations
from engage.consultations.models import Statement, StatementStatus, Status
from engage.consultations.tests.responding_data import questions
from engage.consultations.tests.result_fixture import build_consultation, finished_analysis
from engage.publishing import services as publishing
from engage.publishing.models import Comment
from engage.publishing.tests.builders import comment_form
from tests.test_hostile_input import Site, _started, draft_response, site

pytestmark = pytest.mark.django_db
__all__ = ["site"]  # the fixture, shared with the hostile-input test


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(autouse=True)
def _fresh_pages(settings):
    settings.PUBLIC_PAGE_CACHE = False
    settings.PUBLIC_CONTENT_CACHE = False


def test_a_comment_on_a_document_is_shown_only_once_approved(site: Site):
    doc = site.records["document"]
    said = "The consultation ignores the villages east of Rugby entirely."
    response = site.client.post(doc.get_public_url(), comment_form(doc, text=said))
    assert response.status_code == 302
    assert said not in _text(site.client.get(doc.get_public_url()))
    waiting = Comment.objects.get(text=said)
    assert said in _text(site.staff.get(reverse("publishing:comments")))  # the queue

    publishing.approve_comment(waiting, by=site.officer)
    assert said in _text(site.client.get(doc.get_public_url()))
    publishing.reject_comment(waiting, reason="Off topic", by=site.officer)
    assert said not in _text(site.client.get(doc.get_public_url()))


def _statements_page(site: Site):
    """The page of the statements question, for a new respondent."""
    c = site.records["consultation"]
    q = questions(c)["statements"]
    draft = draft_response(site)
    step = [s.pk for s in c.sections.order_by("position")].index(q.section_id) + 1
    url = reverse("consultations:public_section", args=[c.office.slug, c.slug, draft.token, step])
    return url, site.client.get(url)


def test_a_statement_a_respondent_adds_is_offered_to_others_only_once_approved(site: Site):
    c = site.records["consultation"]
    q = questions(c)["statements"]
    said = "Bring back the police station front desk in Bedworth."
    url, page = _statements_page(site)
    response = site.client.post(url, {"started": _started(page), f"q{q.pk}-new": said})
    assert response.status_code == 302
    added = Statement.objects.get(question=q, text=said)
    assert added.status == StatementStatus.PENDING

    _url, page = _statements_page(site)
    assert said not in _text(page)
    consultations.moderate_statement(added, StatementStatus.APPROVED, by=site.officer)
    _url, page = _statements_page(site)
    assert said in _text(page)
    consultations.moderate_statement(added, StatementStatus.REJECTED, by=site.officer)
    _url, page = _statements_page(site)
    assert said not in _text(page)


def test_published_results_leave_out_a_statement_rejected_after_it_had_votes(
    client, office, analyst
):
    """A statement approved by mistake, voted on, then rejected (or rejected in an imported
    Pol.is conversation after people voted) still counts in the opinion groups, but its words
    are not published. Staff still see it, to know what was voted on."""
    consultation = build_consultation(office)
    finished_analysis(consultation)
    consultation.status = Status.PUBLISHED
    consultation.save()
    said = "Police should be seen more in town centres"
    public = reverse("consultations:public_results", args=[office.slug, consultation.slug])
    assert said in _text(client.get(public))

    statement = Statement.objects.get(text=said)
    consultations.moderate_statement(statement, StatementStatus.REJECTED, by=None)
    page = _text(client.get(public))
    assert said not in page
    assert "I would report anti-social behaviour online if it were easier" in page
    pdf = reverse("consultations:public_report_pdf", args=[office.slug, consultation.slug])
    assert client.get(pdf).status_code == 200

    client.force_login(analyst)
    staff = _text(client.get(reverse("consultations:results", args=[consultation.pk])))
    assert said in staff
