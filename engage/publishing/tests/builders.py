"""Small builders for the publishing tests: a news item, a document, comments, a page's text."""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from engage.core.public_forms import started_token
from engage.places.models import Area, AreaKind
from engage.publishing import services
from engage.publishing.models import Comment, CommentStatus, Document, NewsItem

# The smallest file that starts like a PDF; the form checks the start, not the whole file.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def text_of(response: Any) -> str:
    """The page as a reader sees it: tags gone, spaces collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def pdf_upload(name: str = "strategy.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def news(office: Any, by: Any = None, *, publish: bool = True, **fields: Any) -> NewsItem:
    values = {
        "title": "Commissioner visits Rugby youth council",
        "summary": "Young people talked about cyberbullying.",
        "body": "The Commissioner listened.\n\n- Schools officers will visit.",
    }
    values.update(fields)
    at = values.pop("at", None)
    item = services.create_news(office, by=by, **values)
    if publish:
        services.publish_news(item, by=by, at=at)
    return item


def document(
    office: Any, by: Any = None, *, publish: bool = True, days: int = 21, **fields: Any
) -> Document:
    values = {
        "title": "Draft community engagement strategy 2027–2030",
        "summary": "How the Commissioner will inform, consult and involve people.",
        "body": "Inform, consult, involve.\n\n- Community forums\n- Young people",
        "closes_at": timezone.now() + dt.timedelta(days=days),
    }
    values.update(fields)
    item = services.create_document(office, by=by, **values)
    if publish:
        services.publish_document(item, by=by)
    return item


def past_deadline(document: Document, minutes: int = 1) -> Document:
    """Move the deadline into the past, as time passing would."""
    Document.objects.filter(pk=document.pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=minutes)
    )
    document.refresh_from_db()
    return document


def comment(
    document: Document,
    text: str = "Please hold forums in village halls.",
    *,
    by: Any = None,
    status: str = CommentStatus.PENDING,
    **fields: Any,
) -> Comment:
    made = services.add_comment(document, text=text, **fields)
    if status == CommentStatus.APPROVED:
        services.approve_comment(made, by=by)
    elif status == CommentStatus.REJECTED:
        services.reject_comment(made, reason="Names a neighbour.", by=by)
    return made


def districts(office: Any) -> dict[str, Area]:
    force = Area.objects.create(office=office, kind=AreaKind.FORCE_AREA, name="Avonshire")
    return {
        name: Area.objects.create(
            office=office, kind=AreaKind.DISTRICT, name=name, name_cy=name_cy, parent=force
        )
        for name, name_cy in (("Rugby", ""), ("Warwick", ""), ("Monmouth", "Trefynwy"))
    }


def comment_form(document: Document, **fields: Any) -> dict[str, Any]:
    """What the comment form posts, sent as a person would (not too fast)."""
    data = {
        "text": "Please hold some forums in village halls.",
        "name": "",
        "area": "",
        "website": "",
        "started": started_token(f"comment:{document.pk}", at=time.time() - 30),
    }
    data.update(fields)
    return data
