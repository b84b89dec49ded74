"""The staff pages: writing news and documents, previewing, publishing, and moderating comments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.publishing.models import Comment, CommentStatus, Document, NewsItem, Status
from engage.publishing.tests.builders import (
    PDF,
    comment,
    document,
    news,
    pdf_upload,
    text_of,
)

pytestmark = pytest.mark.django_db

NEWS_FORM = {
    "title": "Rural crime team stays",
    "title_cy": "",
    "summary": "The precept keeps the team at full strength.",
    "summary_cy": "",
    "body": "After hearing from 2,000 people.",
    "body_cy": "",
}


def document_form(**fields):
    data = {
        "title": "Draft community engagement strategy",
        "title_cy": "",
        "summary": "How we will inform, consult and involve.",
        "summary_cy": "",
        "body": "Inform. Consult. Involve.",
        "body_cy": "",
        "closes_on": "30/11/2040",
        "closes_time": "17:00",
    }
    data.update(fields)
    return data


# -- news -------------------------------------------------------------------------------------


def test_an_officer_writes_previews_and_publishes_news(officer_client, office):
    response = officer_client.post(reverse("publishing:news_create"), NEWS_FORM)
    item = NewsItem.objects.get(office=office)
    assert response["Location"] == item.get_absolute_url()
    assert "News item saved as a draft" in text_of(officer_client.get(item.get_absolute_url()))

    preview = officer_client.get(reverse("publishing:news_preview", args=[item.pk]))
    page = text_of(preview)
    assert "This is a draft: nobody outside the office can see it yet." in page
    assert "Rural crime team stays" in page
    assert "no-store" in preview["Cache-Control"]

    officer_client.post(reverse("publishing:news_publish", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    page = text_of(officer_client.get(item.get_absolute_url()))
    assert "Published: the news item is on the public site." in page
    assert "Changed by Olivia Okafor" in page and "– Published" in page  # the history


def test_the_preview_in_welsh_marks_what_is_english(officer_client, office, officer):
    item = news(office, officer, publish=False, title_cy="Tîm troseddau gwledig")
    page = officer_client.get(
        reverse("publishing:news_preview", args=[item.pk]) + "?language=cy"
    ).content.decode()
    assert '<html lang="cy"' in page
    assert "Tîm troseddau gwledig" in page
    assert 'lang="en"' in page.split('id="main-content"')[1]


def test_publishing_an_incomplete_item_says_what_to_put_right(officer_client, office, officer):
    item = news(office, officer, publish=False, summary="", body="")
    response = officer_client.post(reverse("publishing:news_publish", args=[item.pk]))
    assert response.status_code == 400
    page = text_of(response)
    assert "It cannot be published yet" in page
    assert "Write a summary: it is what people see in the list." in page
    assert "Write the text." in page
    assert NewsItem.objects.get(pk=item.pk).status == Status.DRAFT


def test_a_news_item_needs_a_title(officer_client, office):
    response = officer_client.post(reverse("publishing:news_create"), {**NEWS_FORM, "title": ""})
    assert response.status_code == 400
    assert '<a href="#id_title">Enter a title</a>' in response.content.decode()
    assert 'value="The precept keeps' not in response.content.decode()  # a textarea, not input
    assert "The precept keeps the team at full strength." in response.content.decode()


def test_editing_a_published_item_keeps_its_address(officer_client, office, officer):
    item = news(office, officer)
    slug = item.slug
    officer_client.post(
        reverse("publishing:news_edit", args=[item.pk]), {**NEWS_FORM, "title": "A new title"}
    )
    item.refresh_from_db()
    assert (item.title, item.slug) == ("A new title", slug)


def test_unpublishing_takes_the_item_off_the_public_site(officer_client, client, office, officer):
    item = news(office, officer)
    officer_client.post(reverse("publishing:news_unpublish", args=[item.pk]))
    client.logout()
    assert client.get(item.get_public_url()).status_code == 404


def test_the_news_list_shows_drafts_and_published(officer_client, office, officer):
    news(office, officer, title="Out there")
    news(office, officer, title="Still a draft", publish=False)
    page = text_of(officer_client.get(reverse("publishing:news_list")))
    assert "Out there" in page and "Still a draft" in page
    assert "2 news items" in page


# -- documents --------------------------------------------------------------------------------


def test_an_officer_adds_a_document_with_a_pdf_and_a_uk_deadline(officer_client, office):
    data = document_form(file=pdf_upload("Strategy.pdf"))
    response = officer_client.post(reverse("publishing:document_create"), data)
    strategy = Document.objects.get(office=office)
    assert response["Location"] == strategy.get_absolute_url()
    # 5pm in London on 30 November is 5pm UTC (GMT).
    assert strategy.closes_at == dt.datetime(2040, 11, 30, 17, 0, tzinfo=dt.UTC)
    assert strategy.file.read() == PDF
    page = text_of(officer_client.get(strategy.get_absolute_url()))
    assert "5pm, 30 November 2040" in page
    assert "Strategy.pdf (48 bytes)" in page


def test_a_file_that_is_not_a_pdf_is_refused(officer_client, office):
    fake = pdf_upload("strategy.pdf", b"MZ\x90\x00 not a pdf")
    response = officer_client.post(reverse("publishing:document_create"), document_form(file=fake))
    assert response.status_code == 400
    assert "The file must be a PDF" in text_of(response)
    word = pdf_upload("strategy.docx", PDF)
    response = officer_client.post(reverse("publishing:document_create"), document_form(file=word))
    assert "The file must be a PDF" in text_of(response)
    assert Document.objects.count() == 0


def test_a_pdf_over_10_mb_is_refused(officer_client, office):
    big = pdf_upload("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    response = officer_client.post(reverse("publishing:document_create"), document_form(file=big))
    assert "The PDF must be 10 MB or smaller (this one is 10.0 MB)" in text_of(response)
    assert Document.objects.count() == 0


def test_a_date_without_a_time_is_refused(officer_client, office):
    response = officer_client.post(
        reverse("publishing:document_create"), document_form(closes_time="")
    )
    assert "Enter the time comments close, like 17:00" in text_of(response)


def test_a_published_document_cannot_lose_its_deadline(officer_client, office, officer):
    strategy = document(office, officer)
    response = officer_client.post(
        reverse("publishing:document_edit", args=[strategy.pk]), document_form(closes_on="")
    )
    assert "a published document needs a deadline" in text_of(response)


def test_publishing_a_document_opens_it_and_closing_stops_comments(
    officer_client, client, office, officer
):
    strategy = document(office, officer, publish=False)
    officer_client.post(reverse("publishing:document_publish", args=[strategy.pk]))
    strategy.refresh_from_db()
    assert strategy.is_open
    officer_client.post(reverse("publishing:document_close", args=[strategy.pk]))
    strategy.refresh_from_db()
    assert strategy.is_closed
    assert strategy.closes_at <= timezone.now()
    page = text_of(officer_client.get(strategy.get_absolute_url()))
    assert "Closed: no more comments are taken." in page


def test_the_document_preview_shows_no_form(officer_client, office, officer):
    strategy = document(office, officer, publish=False)
    page = officer_client.get(
        reverse("publishing:document_preview", args=[strategy.pk])
    ).content.decode()
    assert "While the document is open, the comment form is shown here." in page
    assert 'name="text"' not in page


def test_the_document_page_counts_comments_for_staff(officer_client, office, officer):
    strategy = document(office, officer)
    comment(strategy, "One")
    comment(strategy, "Two")
    comment(strategy, "Three", status=CommentStatus.APPROVED, by=officer)
    page = text_of(officer_client.get(strategy.get_absolute_url()))
    assert "2 waiting to be checked" in page
    assert "1 approved and shown" in page
    assert "0 rejected" in page


# -- moderation -------------------------------------------------------------------------------


def test_the_queue_lists_waiting_comments_oldest_first_with_counts(officer_client, office, officer):
    strategy = document(office, officer)
    for n, text in enumerate(("Oldest comment", "Middle comment", "Newest comment")):
        made = comment(strategy, text)
        Comment.objects.filter(pk=made.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=10 - n)
        )
    comment(strategy, "Already shown", status=CommentStatus.APPROVED, by=officer)
    page = text_of(officer_client.get(reverse("publishing:comments")))
    assert page.index("Oldest comment") < page.index("Middle comment") < page.index("Newest")
    assert "Already shown" not in page
    assert "Waiting to be checked (3)" in page and "Approved (1)" in page
    assert "Rejected (0)" in page
    assert "Comments (3 waiting)" in page  # the sub-navigation


def test_approving_from_the_queue_shows_the_comment(officer_client, client, office, officer):
    strategy = document(office, officer)
    made = comment(strategy, "Please come to Southam")
    response = officer_client.post(reverse("publishing:comment_approve", args=[made.pk]))
    assert response["Location"] == reverse("publishing:comments")
    made.refresh_from_db()
    assert (made.status, made.moderated_by) == (CommentStatus.APPROVED, officer)
    client.logout()
    assert "Please come to Southam" in text_of(client.get(strategy.get_public_url()))


def test_rejecting_asks_for_a_reason_kept_for_staff(officer_client, office, officer):
    strategy = document(office, officer)
    made = comment(strategy, "My neighbour at number 4 deals drugs")
    url = reverse("publishing:comment_reject", args=[made.pk])
    assert "My neighbour at number 4 deals drugs" in text_of(officer_client.get(url))
    response = officer_client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Say why the comment is not shown" in text_of(response)
    officer_client.post(url, {"reason": "Reports a crime and names someone."})
    made.refresh_from_db()
    assert made.status == CommentStatus.REJECTED
    page = text_of(officer_client.get(reverse("publishing:comments") + "?status=rejected"))
    assert "Why it is not shown: Reports a crime and names someone." in page


def test_the_queue_filters_by_document(officer_client, office, officer):
    strategy = document(office, officer)
    plan = document(office, officer, title="Draft police and crime plan")
    comment(strategy, "About the strategy")
    comment(plan, "About the plan")
    page = text_of(officer_client.get(reverse("publishing:comments") + f"?document={plan.pk}"))
    assert "About the plan" in page and "About the strategy" not in page


def test_an_analyst_sees_the_queue_but_cannot_moderate(client, office, officer, analyst):
    made = comment(document(office, officer), "A comment")
    client.force_login(analyst)
    page = client.get(reverse("publishing:comments")).content.decode()
    assert "A comment" in page
    assert reverse("publishing:comment_approve", args=[made.pk]) not in page
    assert client.post(reverse("publishing:comment_approve", args=[made.pk])).status_code == 403


def test_the_staff_navigation_has_news_and_documents(client, officer, ambassador):
    client.force_login(officer)
    assert (
        'href="/news/">News and documents</a>' in client.get(reverse("core:home")).content.decode()
    )
    client.force_login(ambassador)
    page = client.get(reverse("core:home")).content.decode()
    assert "News and documents" not in page
