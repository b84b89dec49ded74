"""News and documents open for comment (issue 6, part C): the staff pages of news, documents and
the moderation queue, and the public pages of news, documents, commenting and the PDF."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from engage.accounts.models import Role
from engage.publishing import services

R = Role
STAFF = set(Role.values) - {R.AMBASSADOR}
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}
PUBLISHERS = ORGANISERS | {R.COMMISSIONER, R.DEPUTY}

MATRIX: dict[str, set[str]] = {
    "publishing.view_item": STAFF,
    "publishing.change_item": ORGANISERS,
    "publishing.publish_item": PUBLISHERS,
    "publishing.moderate_comment": PUBLISHERS,
}

VIEW = "publishing.view_item"
CHANGE = "publishing.change_item"
PUBLISH = "publishing.publish_item"
MODERATE = "publishing.moderate_comment"
NEWS = "publishing:news"
DOCUMENT = "publishing:document"
COMMENT = "publishing:comment"
URLS: dict[str, tuple[str, str | None, str]] = {
    "publishing:news_list": (VIEW, None, "get"),
    "publishing:news_create": (CHANGE, None, "get"),
    "publishing:news_detail": (VIEW, NEWS, "get"),
    "publishing:news_edit": (CHANGE, NEWS, "get"),
    "publishing:news_preview": (VIEW, NEWS, "get"),
    # The first allowed role publishes the sample; the next are told it is already published.
    "publishing:news_publish": (PUBLISH, NEWS, "post"),
    "publishing:news_unpublish": (PUBLISH, NEWS, "post"),
    "publishing:document_list": (VIEW, None, "get"),
    "publishing:document_create": (CHANGE, None, "get"),
    "publishing:document_detail": (VIEW, DOCUMENT, "get"),
    "publishing:document_edit": (CHANGE, DOCUMENT, "get"),
    "publishing:document_preview": (VIEW, DOCUMENT, "get"),
    "publishing:document_publish": (PUBLISH, DOCUMENT, "post"),
    "publishing:document_close": (PUBLISH, DOCUMENT, "post"),
    "publishing:document_unpublish": (PUBLISH, DOCUMENT, "post"),
    "publishing:comments": (VIEW, None, "get"),
    "publishing:comment_approve": (MODERATE, COMMENT, "post"),
    "publishing:comment_reject": (MODERATE, COMMENT, "get"),
}

PUBLIC = {
    "publishing:news",
    "publishing:news_item",
    "publishing:documents",
    "publishing:document",
    "publishing:comment_thanks",
    "publishing:document_file",
}


def samples(office, officer, cast):
    item = services.create_news(
        office, by=officer, title="Matrix sample news", summary="Summary", body="Text"
    )
    draft = services.create_document(
        office,
        by=officer,
        title="Matrix sample draft",
        summary="Summary",
        body="Text",
        closes_at=timezone.now() + dt.timedelta(days=21),
    )
    open_now = services.create_document(
        office,
        by=officer,
        title="Matrix sample open",
        summary="Summary",
        body="Text",
        closes_at=timezone.now() + dt.timedelta(days=21),
    )
    services.publish_document(open_now, by=officer)
    comment = services.add_comment(open_now, text="Matrix sample comment")
    return {
        NEWS: {"pk": item.pk},
        DOCUMENT: {"pk": draft.pk},
        COMMENT: {"pk": comment.pk},
    }
