"""Writes for news, documents open for comment, and comments.

Each function is one whole change, atomic, with the user recorded in the record's history
(django-simple-history; `_change_reason` says what happened: "Published", "Comment approved").
Publishing refuses what is incomplete, with one message per thing to put right.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engage.accounts.models import User
from engage.core.models import Office
from engage.places.models import Area
from engage.publishing.models import (
    Comment,
    CommentStatus,
    Document,
    NewsItem,
    Publishable,
    Status,
)

NEWS_FIELDS = ("title", "title_cy", "summary", "summary_cy", "body", "body_cy")
DOCUMENT_FIELDS = (*NEWS_FIELDS, "closes_at")

P = TypeVar("P", bound=Publishable)


class CommentsClosed(Exception):
    """The document takes no comments: a draft, or its deadline has passed."""


def _stamp(obj: Any, by: User | None, reason: str = "") -> None:
    obj._history_user = by
    if reason:
        obj._change_reason = reason


def _tidy(fields: dict[str, Any]) -> dict[str, Any]:
    """Titles without stray spaces; texts without trailing blank lines."""
    tidy = {}
    for name, value in fields.items():
        if name in ("title", "title_cy") and isinstance(value, str):
            value = " ".join(value.split())
        elif isinstance(value, str):
            value = value.strip()
        tidy[name] = value
    return tidy


def slug_for(item: Publishable) -> str:
    """A web address from the title, numbered when another of the office's items has it."""
    base = slugify(item.title)[:70].strip("-") or type(item).__name__.lower()
    others = type(item)._default_manager.filter(office_id=item.office_id, slug__startswith=base)
    if item.pk:
        others = others.exclude(pk=item.pk)
    taken = set(others.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(item: P, allowed: tuple[str, ...], fields: dict[str, Any]) -> P:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in _tidy(fields).items():
        setattr(item, name, value)
    if not item.slug_fixed:
        item.slug = slug_for(item)
    return item


def _locked(item: P) -> P:
    """The row, locked until the transaction ends, so two people pressing a button at once
    make one change."""
    return type(item)._default_manager.select_for_update().get(pk=item.pk)  # type: ignore[return-value]


def _copy_state(into: Publishable, source: Publishable) -> None:
    into.status = source.status
    into.published_at = source.published_at


def _problems(item: Publishable) -> list[str]:
    problems = []
    if not item.title:
        problems.append(_("Give it a title."))
    if not item.summary:
        problems.append(_("Write a summary: it is what people see in the list."))
    if not item.body:
        problems.append(_("Write the text."))
    for english, welsh, label in (
        ("title", "title_cy", _("title")),
        ("summary", "summary_cy", _("summary")),
        ("body", "body_cy", _("text")),
    ):
        if getattr(item, welsh) and not getattr(item, english):
            problems.append(
                _("The %(part)s is written in Welsh only: write it in English too.")
                % {"part": label}
            )
    return problems


# -- news -------------------------------------------------------------------------------------


@transaction.atomic
def create_news(office: Office, *, by: User | None, **fields: Any) -> NewsItem:
    """Write a news item, as a draft. Its web address is made from its title.

    Side effects: the NewsItem and its history row.
    """
    item = _apply(NewsItem(office=office, created_by=by), NEWS_FIELDS, fields)
    _stamp(item, by)
    item.save()
    return item


@transaction.atomic
def update_news(item: NewsItem, *, by: User | None, **fields: Any) -> NewsItem:
    """Save a news item's words. While it has never been published a new title gives a new web
    address; once published the address stays, so links people shared keep working.

    Side effects: a history row. A published item changes on the public site at once.
    """
    _apply(item, NEWS_FIELDS, fields)
    _stamp(item, by)
    item.save()
    return item


def news_problems(item: NewsItem) -> list[str]:
    """What must be put right before the item can be published (empty when nothing)."""
    return _problems(item)


@transaction.atomic
def publish_news(item: NewsItem, *, by: User | None, at: dt.datetime | None = None) -> NewsItem:
    """Put the news item on the public site, dated now (or `at`, for news published elsewhere
    first; never a time to come). Published again after unpublishing, it keeps its first date.

    Side effects: status, `published_at` and a history row. Raises ValidationError, one message
    per problem, when it is already published or is incomplete.
    """
    current = _locked(item)
    if current.is_published:
        raise ValidationError(_("This news item is already published."))
    problems = news_problems(item)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    if at is not None and at > now:
        raise ValidationError(_("A news item cannot be dated in the future."))
    item.status = Status.PUBLISHED
    item.published_at = current.published_at or at or now
    _stamp(item, by, _("Published"))
    item.save()
    return item


@transaction.atomic
def unpublish_news(item: NewsItem, *, by: User | None) -> NewsItem:
    """Take the news item off the public site. Its web address and date stay for next time.

    Side effects: status and a history row.
    """
    current = _locked(item)
    if not current.is_published:
        _copy_state(item, current)
        raise ValidationError(_("This news item is not published."))
    item.status = Status.DRAFT
    _stamp(item, by, _("Unpublished"))
    item.save()
    return item


# -- documents --------------------------------------------------------------------------------


def _attach(document: Document, file: File[Any] | None, remove_file: bool) -> str:
    """Put the new file in place (or take the old one off); returns the name of the file that
    is no longer needed, to delete once the change is saved."""
    old = (document.file.name or "") if document.file else ""
    if file is not None:
        document.file.save(file.name or "document.pdf", file, save=False)
        document.file_name = (file.name or "document.pdf").rsplit("/", 1)[-1][:200]
        document.file_size = file.size or 0
        return old
    if remove_file and old:
        document.file = None  # type: ignore[assignment]
        document.file_name = ""
        document.file_size = 0
        return old
    return ""


def _forget(name: str) -> None:
    """Delete a replaced file, once the change that replaced it is saved."""
    if name:
        from django.core.files.storage import default_storage

        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def create_document(
    office: Office, *, by: User | None, file: File[Any] | None = None, **fields: Any
) -> Document:
    """Add a document for comment, as a draft, with its PDF if there is one (checked by the
    form: a PDF, not too big).

    Side effects: the Document, its history row, the file saved under MEDIA_ROOT.
    """
    document = _apply(Document(office=office, created_by=by), DOCUMENT_FIELDS, fields)
    _attach(document, file, False)
    _stamp(document, by)
    document.save()
    return document


@transaction.atomic
def update_document(
    document: Document,
    *,
    by: User | None,
    file: File[Any] | None = None,
    remove_file: bool = False,
    **fields: Any,
) -> Document:
    """Save a document's words, deadline and file. A later deadline on a closed document opens
    it for comment again; an earlier one closes it at that time. The web address follows the
    title until the document is first published.

    Side effects: a history row; a replaced or removed file is deleted once saved.
    """
    was = document.period()
    _apply(document, DOCUMENT_FIELDS, fields)
    old = _attach(document, file, remove_file)
    now = document.period()
    reason = ""
    if was != now and document.is_published:
        reason = _("Opened for comment again") if document.is_open else _("Closed for comment")
    _stamp(document, by, reason)
    document.save()
    _forget(old)
    return document


def document_problems(document: Document, now: dt.datetime | None = None) -> list[str]:
    """What must be put right before the document can be published (empty when nothing)."""
    problems = _problems(document)
    now = now or timezone.now()
    if document.closes_at is None:
        problems.append(_("Set the date and time comments close."))
    elif document.closes_at <= now:
        problems.append(_("The deadline for comments has passed: set a later one."))
    return problems


@transaction.atomic
def publish_document(document: Document, *, by: User | None) -> Document:
    """Put the document on the public site, open for comment until its deadline.

    Side effects: status, `published_at` (the first time) and a history row. Raises
    ValidationError, one message per problem, when it is already published or is incomplete.
    """
    current = _locked(document)
    if current.is_published:
        raise ValidationError(_("This document is already published."))
    problems = document_problems(document)
    if problems:
        raise ValidationError(problems)
    document.status = Status.PUBLISHED
    document.published_at = current.published_at or timezone.now()
    _stamp(document, by, _("Published, open for comment"))
    document.save()
    return document


@transaction.atomic
def close_document(document: Document, *, by: User | None) -> Document:
    """Stop taking comments now, before the deadline. Comments already sent can still be
    checked. Setting a later deadline opens it again.

    Side effects: `closes_at` becomes now, and a history row.
    """
    if not document.is_open:
        raise ValidationError(_("This document is not open for comment."))
    document.closes_at = timezone.now()
    _stamp(document, by, _("Closed for comment early"))
    document.save()
    return document


@transaction.atomic
def unpublish_document(document: Document, *, by: User | None) -> Document:
    """Take the document, and its comments, off the public site. Nothing is deleted.

    Side effects: status and a history row.
    """
    current = _locked(document)
    if not current.is_published:
        _copy_state(document, current)
        raise ValidationError(_("This document is not published."))
    document.status = Status.DRAFT
    _stamp(document, by, _("Unpublished"))
    document.save()
    return document


# -- comments ---------------------------------------------------------------------------------


@transaction.atomic
def add_comment(
    document: Document, *, text: str, name: str = "", area: Area | None = None
) -> Comment:
    """Take a comment from the public. It waits to be checked and is shown only once approved.

    Side effects: the Comment (pending) and its history row. Raises CommentsClosed when the
    document is a draft or its deadline has passed (checked against the stored row, so a
    comment posted a moment after the deadline is refused).
    """
    current = Document.objects.select_for_update().get(pk=document.pk)
    if not current.is_open:
        raise CommentsClosed
    if area is not None and area.office_id != document.office_id:
        raise ValidationError({"area": _("Choose an area from the list.")})
    comment = Comment(
        office_id=document.office_id,
        document=current,
        text=text.strip(),
        name=" ".join(name.split()),
        area=area,
    )
    _stamp(comment, None, _("Sent from the public site"))
    comment.save()
    return comment


def _moderate(comment: Comment, status: str, by: User | None, reason: str, note: str) -> None:
    current = Comment.objects.select_for_update().get(pk=comment.pk)
    if current.status == status:
        comment.status = current.status
        raise ValidationError(
            _("This comment is already approved.")
            if status == CommentStatus.APPROVED
            else _("This comment is already rejected.")
        )
    comment.status = status
    comment.rejection_reason = reason
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    _stamp(comment, by, note)
    comment.save()


@transaction.atomic
def approve_comment(comment: Comment, *, by: User | None) -> Comment:
    """Show the comment on the document's public page (a rejected one too, on second thoughts).

    Side effects: status, who checked it and when, a history row. Raises ValidationError when
    it is already approved.
    """
    _moderate(comment, CommentStatus.APPROVED, by, "", _("Comment approved"))
    return comment


@transaction.atomic
def reject_comment(comment: Comment, *, reason: str, by: User | None) -> Comment:
    """Keep the comment off the public page, with the reason for staff (an approved comment is
    taken off the page).

    Side effects: status, the reason, who checked it and when, a history row. Raises
    ValidationError when no reason is given or it is already rejected.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the comment is not shown.")})
    _moderate(comment, CommentStatus.REJECTED, by, reason, _("Comment rejected"))
    return comment
