"""Reads for news, documents and comments: what the public sees, and the staff lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from engage.core.models import Office
from engage.publishing.models import Comment, CommentStatus, Document, NewsItem


def published_news(office: Office) -> QuerySet[NewsItem]:
    """The office's published news, newest first."""
    return (
        NewsItem.objects.for_office(office)
        .published()
        .select_related("office")
        .order_by("-published_at", "-pk")
    )


def latest_news(office: Office, count: int = 3) -> list[NewsItem]:
    return list(published_news(office)[:count])


def news_for(office: Office) -> QuerySet[NewsItem]:
    """Every news item for staff: drafts never published first, then newest first."""
    return (
        NewsItem.objects.for_office(office)
        .select_related("created_by")
        .order_by(F("published_at").desc(nulls_first=True), "-created_at")
    )


APPROVED = Count("comments", filter=Q(comments__status=CommentStatus.APPROVED))
PENDING = Count("comments", filter=Q(comments__status=CommentStatus.PENDING))


def public_documents(office: Office) -> QuerySet[Document]:
    """Documents the public may see: every published one, open or closed."""
    return Document.objects.for_office(office).published().select_related("office")


@dataclass
class PublicDocuments:
    open: list[Document]
    closed: list[Document]


def documents_for_public(office: Office, now: dt.datetime | None = None) -> PublicDocuments:
    """Open for comment (the nearest deadline first), then closed (the latest first), each
    with how many approved comments it has (never how many wait to be checked)."""
    now = now or timezone.now()
    documents = public_documents(office).annotate(approved_count=APPROVED)
    return PublicDocuments(
        open=list(documents.filter(closes_at__gt=now).order_by("closes_at", "pk")),
        closed=list(documents.filter(closes_at__lte=now).order_by("-closes_at", "-pk")),
    )


def open_documents(office: Office, now: dt.datetime | None = None) -> list[Document]:
    """Documents open for comment now, the nearest deadline first (for the home page)."""
    return documents_for_public(office, now).open


def documents_for(office: Office) -> QuerySet[Document]:
    """Every document for staff, with its comment counts: the latest deadline first."""
    return (
        Document.objects.for_office(office)
        .select_related("created_by")
        .annotate(approved_count=APPROVED, pending_count=PENDING)
        .order_by(F("closes_at").desc(nulls_first=True), "-created_at")
    )


def approved_comments(document: Document) -> QuerySet[Comment]:
    """The comments shown on the document's public page, oldest first."""
    return (
        Comment.objects.filter(document=document, status=CommentStatus.APPROVED)
        .select_related("area")
        .order_by("created_at", "pk")
    )


def comments_for(
    office: Office, *, status: str = CommentStatus.PENDING, document: Document | None = None
) -> QuerySet[Comment]:
    """The moderation queue: comments waiting to be checked, oldest first (so nobody waits
    longest); approved and rejected ones with the latest checked first."""
    comments = (
        Comment.objects.for_office(office)
        .filter(status=status)
        .select_related("document", "area", "moderated_by")
    )
    if document is not None:
        comments = comments.filter(document=document)
    if status == CommentStatus.PENDING:
        return comments.order_by("created_at", "pk")
    return comments.order_by("-moderated_at", "-pk")


def comment_counts(office: Office, document: Document | None = None) -> dict[str, int]:
    """How many comments are pending, approved and rejected (for staff only)."""
    comments = Comment.objects.for_office(office)
    if document is not None:
        comments = comments.filter(document=document)
    counts = dict.fromkeys(CommentStatus.values, 0)
    for row in comments.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def pending_by_document(office: Office) -> list[Document]:
    """The documents with comments waiting, each with its count, the most waiting first."""
    return list(
        Document.objects.for_office(office)
        .annotate(pending_count=PENDING)
        .filter(pending_count__gt=0)
        .order_by("-pending_count", "title")
    )
