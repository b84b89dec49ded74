"""The staff pages' sub-navigation: news, documents, and the comments waiting to be checked."""

from __future__ import annotations

from typing import Any

from django import template

from engage.core.bilingual import bilingual
from engage.publishing.models import Comment, CommentStatus

register = template.Library()


@register.inclusion_tag("publishing/_subnav.html", takes_context=True)
def publishing_subnav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    office = getattr(request, "office", None)
    waiting = (
        Comment.objects.for_office(office).filter(status=CommentStatus.PENDING).count()
        if office is not None
        else 0
    )
    return {"request": request, "waiting": waiting}


@register.filter
def local(obj: object, field: str) -> str:
    """`{{ area|local:"name" }}`: the Welsh of a field when Welsh is active and written."""
    return bilingual(obj, field) if obj is not None else ""
