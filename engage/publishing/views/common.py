"""What the staff pages of news and documents share: permission names, a service's refusal on
a form, and the preview of a public page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control

VIEW = "publishing.view_item"
CHANGE = "publishing.change_item"
PUBLISH = "publishing.publish_item"
MODERATE = "publishing.moderate_comment"


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form's fields (or above them)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def preview(
    request: HttpRequest,
    template: str,
    build_context: Callable[[], dict[str, Any]],
    *,
    back: str,
) -> HttpResponse:
    """The public page of a draft or published item, for staff, in English or (?language=cy)
    Welsh, with a banner saying it is a preview. Never cached."""
    welsh = request.GET.get("language") == "cy"
    with translation.override("cy" if welsh else "en-gb"):
        context = build_context()
        context.update({"preview": True, "preview_back": back, "preview_welsh": welsh})
        response = render(request, template, context)
    patch_cache_control(response, private=True, no_store=True)
    return response
