"""Office scoping for views: another office's objects are simply not found."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from engage.accounts.models import User
    from engage.core.models import Office

M = TypeVar("M", bound=models.Model)


class OfficeRequest(HttpRequest):
    """A signed-in staff request, with the office that OfficeMiddleware found for the user."""

    office: Office
    user: User  # type: ignore[assignment]


def get_for_office_or_404(
    model_or_qs: type[M] | models.QuerySet[M], request: HttpRequest, **lookup: Any
) -> M:
    """Fetch one object of the requesting user's office, or 404 (never 403: no existence leak)."""
    office = getattr(request, "office", None)
    if office is None:
        raise PermissionDenied
    qs = (
        model_or_qs
        if isinstance(model_or_qs, models.QuerySet)
        else model_or_qs._default_manager.all()
    )
    return get_object_or_404(qs, office=office, **lookup)


def require_perm(request: HttpRequest, perm: str, obj: models.Model | None = None) -> None:
    """Raise 403 unless the user holds the named permission (see each app's rules.py)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
