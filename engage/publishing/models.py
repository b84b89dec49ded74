"""The office's news, and its documents open for comment with the comments people send.

A `NewsItem` and a `Document` are written in English, with Welsh beside it where there is some
(`title` and `title_cy`, …). Each is a draft until published; its web address (`slug`) follows
its title while a draft and stays the same once it has been published, so links keep working.

A published `Document` is open for comment until `closes_at` and closed from then on: the date
decides, so nothing has to run at the deadline. A `Comment` is waiting to be checked until staff
approve it (it is then shown) or reject it (with a reason, kept for staff only).
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.bilingual import bilingual
from engage.core.models import OfficeQuerySet, OfficeScopedModel


class Status(models.TextChoices):
    """Whether a news item or a document is on the public site."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class CommentPeriod(models.TextChoices):
    """Where a document stands with the public: a draft, open for comment, or closed (by date)."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for comment")
    CLOSED = "closed", _("Closed for comment")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be checked")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PublishedQuerySet(OfficeQuerySet):
    def published(self) -> PublishedQuerySet:
        return self.filter(status=Status.PUBLISHED)


class Publishable(OfficeScopedModel):
    """Abstract base: title, summary and body in English and Welsh, a web address, a status."""

    slug = models.SlugField(_("web address"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    summary_cy = models.TextField(_("summary in Welsh"), max_length=600, blank=True)
    body = models.TextField(_("text"), max_length=30000, blank=True)
    body_cy = models.TextField(_("text in Welsh"), max_length=30000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Set when first published and kept when unpublished: the date shown, and the sign that the
    # web address may no longer change.
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PublishedQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def slug_fixed(self) -> bool:
        """Once published (even if unpublished since), the web address stays."""
        return self.published_at is not None

    @property
    def local_title(self) -> str:
        return bilingual(self, "title")

    @property
    def local_summary(self) -> str:
        return bilingual(self, "summary")

    @property
    def local_body(self) -> str:
        return bilingual(self, "body")

    @property
    def welsh_state(self) -> str:
        """ "all", "some" or "none" of the title, summary and text written in Welsh."""
        pairs = [(self.title, self.title_cy), (self.summary, self.summary_cy)]
        pairs.append((self.body, self.body_cy))
        wanted = [bool(cy) for english, cy in pairs if english]
        if wanted and all(wanted):
            return "all"
        return "some" if any(wanted) else "none"


class NewsItem(Publishable):
    """A piece of the office's news."""

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("news item")
        constraints = [
            models.UniqueConstraint(fields=["office", "slug"], name="news_item_slug_unique"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("publishing:news_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("publishing:news_item", args=[self.office.slug, self.slug])


def document_file_path(document: Document, filename: str) -> str:
    """Under MEDIA_ROOT/publishing/<office>/<random>/: never guessable, and never served from
    there directly (the document's page serves it, and only once it is published)."""
    stem = slugify(PurePosixPath(filename).stem)[:80] or "document"
    return f"publishing/{document.office_id}/{secrets.token_urlsafe(12)}/{stem}.pdf"


class Document(Publishable):
    """A document the office asks people to comment on by a deadline, with an optional PDF."""

    file = models.FileField(_("PDF file"), upload_to=document_file_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_size = models.PositiveIntegerField(_("file size in bytes"), default=0)
    closes_at = models.DateTimeField(_("comments close"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-closes_at", "-created_at"]
        verbose_name = _("document for comment")
        verbose_name_plural = _("documents for comment")
        constraints = [
            models.UniqueConstraint(fields=["office", "slug"], name="document_slug_unique"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("publishing:document_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("publishing:document", args=[self.office.slug, self.slug])

    def period(self, now: dt.datetime | None = None) -> CommentPeriod:
        if not self.is_published:
            return CommentPeriod.DRAFT
        now = now or timezone.now()
        if self.closes_at is not None and now < self.closes_at:
            return CommentPeriod.OPEN
        return CommentPeriod.CLOSED

    @property
    def is_open(self) -> bool:
        return self.period() == CommentPeriod.OPEN

    @property
    def is_closed(self) -> bool:
        return self.period() == CommentPeriod.CLOSED


class Comment(OfficeScopedModel):
    """What one person said about a document: shown only once staff have approved it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"), max_length=2000)
    name = models.CharField(_("name to show"), max_length=80, blank=True)
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    # Why it was not shown: for staff only, never on a public page.
    rejection_reason = models.TextField(_("reason for rejecting"), max_length=1000, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("checked"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        indexes = [models.Index(fields=["office", "status", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]
