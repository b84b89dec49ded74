"""Commenting on a document from the public site: what is taken, what is refused and how."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from engage.core.public_forms import started_token
from engage.publishing.forms import COMMENT_LIMIT, NAME_LIMIT
from engage.publishing.models import Comment, CommentStatus
from engage.publishing.tests.builders import comment_form, districts, document, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(office, officer):
    return document(office, officer)


def errors_of(response) -> list[str]:
    """The error summary's messages, in order."""
    page = response.content.decode()
    if "govuk-error-summary__list" not in page:
        return []
    summary = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return [
        text_of(type("R", (), {"content": item.encode()})) for item in summary.split("<li>")[1:]
    ]


def test_a_comment_is_taken_and_waits_to_be_checked(client, office, strategy):
    places = districts(office)
    data = comment_form(strategy, text="Hold forums in village halls.", name="Mary H.")
    data["area"] = places["Rugby"].pk
    response = client.post(strategy.get_public_url(), data)
    thanks = reverse("publishing:comment_thanks", args=[office.slug, strategy.slug])
    assert response.status_code == 302 and response["Location"] == thanks
    sent = Comment.objects.get()
    assert (sent.text, sent.name, sent.area, sent.status) == (
        "Hold forums in village halls.",
        "Mary H.",
        places["Rugby"],
        CommentStatus.PENDING,
    )
    page = text_of(client.get(thanks))
    assert "Thank you: your comment will appear once it has been checked" in page
    # Not shown yet.
    assert "Hold forums in village halls." not in text_of(client.get(strategy.get_public_url()))


def test_an_empty_comment_is_refused(client, strategy):
    response = client.post(strategy.get_public_url(), comment_form(strategy, text="   \n  "))
    assert errors_of(response) == ["Enter your comment"]
    assert '<a href="#id_text">Enter your comment</a>' in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_comment_too_long_is_refused_and_kept_to_put_right(client, strategy):
    too_long = "Forums. " * 300  # 2,400 characters
    response = client.post(
        strategy.get_public_url(), comment_form(strategy, text=too_long, name="Mary H.")
    )
    assert len(too_long.strip()) > COMMENT_LIMIT
    assert errors_of(response) == ["Your comment must be 2,000 characters or fewer: it has 2,399"]
    page = response.content.decode()
    assert too_long.strip() in page  # nothing typed is lost
    assert 'value="Mary H."' in page
    assert text_of(response).startswith("Error: ")
    assert Comment.objects.count() == 0


def test_the_errors_come_in_the_order_of_the_page(client, strategy):
    response = client.post(
        strategy.get_public_url(),
        comment_form(strategy, text="", name="x" * (NAME_LIMIT + 1), area="999999"),
    )
    assert errors_of(response) == [
        "Enter your comment",
        "The name must be 80 characters or fewer",
        "Choose an area from the list",
    ]


def test_an_area_of_another_office_is_refused(client, strategy, other_office):
    elsewhere = districts(other_office)["Rugby"]
    response = client.post(strategy.get_public_url(), comment_form(strategy, area=elsewhere.pk))
    assert errors_of(response) == ["Choose an area from the list"]


def test_the_honeypot_stores_nothing_and_looks_like_it_worked(client, office, strategy):
    response = client.post(
        strategy.get_public_url(), comment_form(strategy, website="http://spam.example")
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
    assert Comment.objects.count() == 0


def test_a_comment_sent_too_fast_is_refused_and_kept(client, strategy):
    data = comment_form(strategy, text="Quick thoughts")
    data["started"] = started_token(f"comment:{strategy.pk}")  # just now
    response = client.post(strategy.get_public_url(), data)
    assert errors_of(response) == [
        "That was quicker than we expected. Check your answers and send them again."
    ]
    assert "Quick thoughts" in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_form_for_another_document_is_refused(client, office, officer, strategy):
    other = document(office, officer, title="Another draft")
    data = comment_form(strategy)
    data["started"] = started_token(f"comment:{other.pk}", at=time.time() - 30)
    response = client.post(strategy.get_public_url(), data)
    assert errors_of(response) == [
        "This page was open too long or came from somewhere else. Send it again."
    ]


def test_too_many_comments_from_one_address_are_refused(client, strategy):
    for _ in range(20):
        client.post(strategy.get_public_url(), comment_form(strategy))
    response = client.post(strategy.get_public_url(), comment_form(strategy))
    assert response.status_code == 429
    assert "Sorry, there have been too many attempts" in text_of(response)
    assert Comment.objects.count() == 20


def test_the_form_works_without_javascript_and_the_get_changes_nothing(client, strategy):
    page = client.get(strategy.get_public_url()).content.decode()
    assert '<form method="post"' in page
    assert 'name="website"' in page and 'name="started"' in page
    assert Comment.objects.count() == 0
