"""The public pages: news, documents open for comment, commenting, in English and Welsh."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from engage.publishing import services
from engage.publishing.models import Comment, CommentStatus
from engage.publishing.tests.builders import (
    comment,
    comment_form,
    districts,
    document,
    news,
    past_deadline,
    pdf_upload,
    text_of,
)

pytestmark = pytest.mark.django_db


def untranslated_note_in_welsh() -> str:
    """The note on English shown to someone reading in Welsh, as they read it."""
    with translation.override("cy"):
        return translation.gettext("This has not been translated into Welsh yet.")


UNTRANSLATED_CY = untranslated_note_in_welsh()


def welsh(client):
    client.cookies["django_language"] = "cy"
    return client


# -- news -------------------------------------------------------------------------------------


def test_the_news_page_lists_only_published_news_newest_first(client, office, officer):
    now = timezone.now()
    news(office, officer, title="Older news", at=now - dt.timedelta(days=9))
    news(office, officer, title="Newest news", at=now - dt.timedelta(days=1))
    news(office, officer, title="A draft nobody may see", publish=False)
    taken_down = news(office, officer, title="Taken down")
    services.unpublish_news(taken_down, by=officer)

    response = client.get(reverse("publishing:news", args=[office.slug]))
    page = text_of(response)
    assert "Newest news" in page and "Older news" in page
    assert page.index("Newest news") < page.index("Older news")
    assert "A draft nobody may see" not in page and "Taken down" not in page
    assert response["X-Engage-Cache"] == "miss"
    assert "public" in response["Cache-Control"]


def test_the_news_page_has_pages_of_ten(client, office, officer):
    now = timezone.now()
    for n in range(12):
        news(office, officer, title=f"Item number {n:02d}", at=now - dt.timedelta(hours=n))
    first = text_of(client.get(reverse("publishing:news", args=[office.slug])))
    assert "Item number 00" in first and "Item number 09" in first
    assert "Item number 10" not in first
    assert "Page 1 of 2" in first
    second = text_of(client.get(reverse("publishing:news", args=[office.slug]) + "?page=2"))
    assert "Item number 11" in second and "Item number 00" not in second


def test_a_news_item_page(client, office, officer):
    item = news(office, officer, body="First paragraph.\n\n- A point\n- Another <b>point</b>")
    response = client.get(item.get_public_url())
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Commissioner visits Rugby youth council</h1>' in page
    assert '<ul class="govuk-list govuk-list--bullet"><li>A point</li>' in page
    assert "Another &lt;b&gt;point&lt;/b&gt;" in page
    assert "Published " in text_of(response)


def test_a_draft_news_item_is_not_found(client, office, officer):
    item = news(office, officer, publish=False)
    assert client.get(item.get_public_url()).status_code == 404


def test_another_offices_news_is_not_found_under_this_office(client, office, other_office):
    item = news(other_office)
    response = client.get(reverse("publishing:news_item", args=[office.slug, item.slug]))
    assert response.status_code == 404


def test_in_welsh_the_news_shows_the_welsh_and_marks_the_english(client, office, officer):
    news(
        office,
        officer,
        title="Have your say",
        title_cy="Dweud eich dweud",
        summary="Comment on the strategy.",
        summary_cy="Rhowch sylwadau ar y strategaeth.",
        body="English text.",
        body_cy="Testun Cymraeg.",
    )
    english_only = news(office, officer, title="Rural crime team stays")
    page = welsh(client).get(reverse("publishing:news", args=[office.slug])).content.decode()
    assert "Dweud eich dweud" in page and "Have your say" not in page
    assert 'lang="en">Rural crime team stays</a>' in page

    item_page = client.get(english_only.get_public_url()).content.decode()
    assert '<h1 class="govuk-heading-l" lang="en">Rural crime team stays</h1>' in item_page
    assert UNTRANSLATED_CY in item_page


def test_a_welsh_item_in_welsh_is_not_marked_as_english(client, office, officer):
    item = news(
        office,
        officer,
        title_cy="Dweud eich dweud",
        summary_cy="Crynodeb.",
        body_cy="Testun Cymraeg.",
    )
    page = welsh(client).get(item.get_public_url()).content.decode()
    assert "Testun Cymraeg." in page
    assert 'lang="en"' not in page.split('id="main-content"')[1]
    assert UNTRANSLATED_CY not in page


def _menu(page: str) -> list[tuple[str, str]]:
    menu = page[
        page.index('id="public-navigation"') : page.index("</ul>", page.index("public-navigation"))
    ]
    return re.findall(r'href="([^"]+)"[^>]*>(?:<strong[^>]*>)?([^<]+)<', menu)


def test_every_public_page_has_news_and_documents_in_its_menu(client, office, officer):
    item = news(office, officer)
    for url in (
        reverse("public:home", args=[office.slug]),
        item.get_public_url(),
        reverse("publishing:documents", args=[office.slug]),
    ):
        menu = _menu(client.get(url).content.decode())
        assert (f"/{office.slug}/news/", "News") in menu
        assert (f"/{office.slug}/documents/", "Documents") in menu
    # On a news item, "News" is the current section.
    page = client.get(item.get_public_url()).content.decode()
    assert f'href="/{office.slug}/news/" aria-current="page"' in page


# -- documents --------------------------------------------------------------------------------


def test_the_documents_page_lists_open_then_closed_and_never_drafts(client, office, officer):
    document(office, officer, title="Open strategy")
    past_deadline(document(office, officer, title="Closed plan"))
    document(office, officer, title="Secret draft", publish=False)
    page = text_of(client.get(reverse("publishing:documents", args=[office.slug])))
    assert page.index("Open strategy") < page.index("Closed") < page.index("Closed plan")
    assert "Secret draft" not in page


def test_a_document_page_shows_only_approved_comments(client, office, officer):
    strategy = document(office, officer)
    comment(strategy, "Shown to all", status=CommentStatus.APPROVED, by=officer)
    comment(strategy, "Still waiting to be checked")
    comment(strategy, "Rejected for naming someone", status=CommentStatus.REJECTED, by=officer)
    page = text_of(client.get(strategy.get_public_url()))
    assert "Shown to all" in page
    assert "Still waiting" not in page and "Rejected for naming" not in page
    assert "Names a neighbour" not in page  # the reason is for staff only
    assert "1 comment" in page


def test_the_public_never_sees_how_many_comments_wait(client, office, officer):
    strategy = document(office, officer)
    comment(strategy, "Shown", status=CommentStatus.APPROVED, by=officer)
    for n in range(3):
        comment(strategy, f"Waiting {n}")
    for url in (strategy.get_public_url(), reverse("publishing:documents", args=[office.slug])):
        page = text_of(client.get(url))
        assert "1 comment" in page, url
        assert "3 comments" not in page and "4 comments" not in page, url
        assert "waiting" not in page.lower(), url


def test_comments_are_shown_escaped(client, office, officer):
    strategy = document(office, officer)
    comment(
        strategy,
        "<script>alert(1)</script>\nSecond line",
        name="<b>Jo</b>",
        status=CommentStatus.APPROVED,
        by=officer,
    )
    page = client.get(strategy.get_public_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in page
    assert "&lt;b&gt;Jo&lt;/b&gt;" in page


def test_an_open_document_has_the_form_and_its_deadline_in_uk_time(client, office, officer):
    closes = dt.datetime(2040, 7, 14, 17, 0, tzinfo=dt.UTC) - dt.timedelta(hours=1)  # 5pm BST
    strategy = document(office, officer, closes_at=closes)
    response = client.get(strategy.get_public_url())
    page = text_of(response)
    assert "Open for comment until 5pm on 14 July 2040" in page
    assert "Send your comment" in page
    assert "private" in response["Cache-Control"]  # it carries a form: never shared


def test_after_the_deadline_the_form_is_gone_and_the_page_says_so(client, office, officer):
    strategy = document(office, officer)
    comment(strategy, "Said in time", status=CommentStatus.APPROVED, by=officer)
    past_deadline(strategy)
    response = client.get(strategy.get_public_url())
    page = text_of(response)
    assert "The deadline for comments has passed" in page
    assert "Said in time" in page
    assert "Send your comment" not in page and "<form" not in response.content.decode()
    assert response["X-Engage-Cache"] == "miss"  # the same for everyone now, so cached


def test_a_comment_posted_after_the_deadline_is_refused_with_what_was_typed(
    client, office, officer
):
    strategy = document(office, officer)
    data = comment_form(strategy, text="My late thoughts on forums")
    past_deadline(strategy)
    response = client.post(strategy.get_public_url(), data)
    assert response.status_code == 403
    page = text_of(response)
    assert "Sorry, comments on this document have closed" in page
    assert "Your comment has not been saved." in page
    assert "My late thoughts on forums" in page
    assert Comment.objects.count() == 0


def test_a_draft_document_is_not_found_and_takes_no_comments(client, office, officer):
    draft = document(office, officer, publish=False)
    url = reverse("publishing:document", args=[office.slug, draft.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, comment_form(draft)).status_code == 404
    assert Comment.objects.count() == 0


def test_in_welsh_a_document_without_welsh_text_is_marked_english(client, office, officer):
    strategy = document(office, officer, title_cy="Strategaeth ddrafft")
    page = welsh(client).get(strategy.get_public_url()).content.decode()
    assert "Strategaeth ddrafft" in page
    assert '<div lang="en"><p class="govuk-body">Inform, consult, involve.</p>' in page
    assert UNTRANSLATED_CY in page


def test_a_comment_shows_its_area_in_welsh_when_there_is_a_welsh_name(client, office, officer):
    places = districts(office)
    strategy = document(office, officer)
    comment(strategy, "Da iawn", area=places["Monmouth"], status=CommentStatus.APPROVED, by=officer)
    assert "Trefynwy" in welsh(client).get(strategy.get_public_url()).content.decode()


# -- the PDF ----------------------------------------------------------------------------------


def test_the_pdf_is_served_once_published_and_never_while_a_draft(client, office, officer):
    strategy = document(office, officer, publish=False, file=pdf_upload("Strategy.pdf"))
    url = reverse("publishing:document_file", args=[office.slug, strategy.slug])
    assert client.get(url).status_code == 404
    client.force_login(officer)  # staff may read the draft's file
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    client.logout()
    services.publish_document(strategy, by=officer)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'filename="Strategy.pdf"' in response["Content-Disposition"]
    page = text_of(client.get(strategy.get_public_url()))
    assert "Download the document (PDF, 48 bytes)" in page


def test_a_document_without_a_pdf_has_no_file(client, office, officer):
    strategy = document(office, officer)
    url = reverse("publishing:document_file", args=[office.slug, strategy.slug])
    assert client.get(url).status_code == 404
    assert "Download the document" not in text_of(client.get(strategy.get_public_url()))
