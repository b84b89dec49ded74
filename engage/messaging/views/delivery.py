"""Delivery: the staff page of failed messages (the dead letters) with retry, and GOV.UK Notify's
callbacks (delivery receipts and received texts).

The callbacks are called by Notify, not by people: no session, no CSRF token, a bearer token
(NOTIFY_CALLBACK_TOKEN) instead. A wrong token is 403, a body that is not JSON 400; an error of
ours is 503 so Notify tries again later. Never a 500 with a traceback.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from engage.core.access import OfficeRequest, require_perm
from engage.messaging import delivery, replies
from engage.messaging.addresses import mask
from engage.messaging.models import Message, MessageKind, MessageStatus

logger = logging.getLogger(__name__)

PERM = "messaging.send_alert"
PER_PAGE = 50
STATUS_COLOURS: dict[str, str] = {
    MessageStatus.QUEUED: "grey",
    MessageStatus.SENDING: "blue",
    MessageStatus.SENT: "turquoise",
    MessageStatus.DELIVERED: "green",
    MessageStatus.FAILED: "red",
}


class KindFilter(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of message"),
        choices=[("", gettext_lazy("All kinds")), *MessageKind.choices],
        required=False,
    )


class RetryForm(forms.Form):
    """Retry the ticked failed messages, or every failed message of the kind shown."""

    action = forms.ChoiceField(choices=[("selected", "selected"), ("all", "all")])
    kind = forms.ChoiceField(choices=[("", ""), *MessageKind.choices], required=False)
    messages = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Messages to retry"), queryset=Message.objects.none(), required=False
    )

    def __init__(self, *args: Any, office: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["messages"].queryset = delivery.dead_letters(office)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "selected" and not data.get("messages"):
            raise forms.ValidationError(
                _("Tick the messages to retry, or choose “Retry all failed messages”.")
            )
        return data


@login_required
def delivery_page(request: OfficeRequest) -> HttpResponse:
    require_perm(request, PERM, request.office)
    form = KindFilter(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = Paginator(delivery.dead_letters(request.office, kind=kind), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for message in page:
        message.masked = mask(message.address)  # type: ignore[attr-defined]
    counts = delivery.status_counts(request.office)
    return render(
        request,
        "messaging/delivery.html",
        {
            "form": form,
            "kind": kind,
            "page": page,
            "counts": [
                (status, label, counts[status], STATUS_COLOURS[status])
                for status, label in MessageStatus.choices
            ],
            "not_sent": delivery.not_sent_count(request.office),
            "may_have_been_sent": delivery.MAY_HAVE_BEEN_SENT,
        },
    )


@login_required
@require_POST
def delivery_retry(request: OfficeRequest) -> HttpResponse:
    require_perm(request, PERM, request.office)
    form = RetryForm(request.POST, office=request.office)
    back = reverse("messaging:delivery")
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Choose which messages to retry.")]:
            messages.error(request, str(error))
        kind = request.POST.get("kind", "")
        return redirect(f"{back}?kind={kind}" if kind in MessageKind.values else back)
    kind = form.cleaned_data["kind"]
    ids = (
        [m.pk for m in form.cleaned_data["messages"]]
        if form.cleaned_data["action"] == "selected"
        else None
    )
    count = delivery.retry_messages(request.office, by=request.user, ids=ids, kind=kind)
    messages.success(
        request,
        ngettext(
            "%(count)d message will be sent again.",
            "%(count)d messages will be sent again.",
            count,
        )
        % {"count": count},
    )
    return redirect(f"{back}?kind={kind}" if kind else back)


# GOV.UK Notify's callbacks.


def _authorised(request: HttpRequest) -> bool:
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "")
    scheme, _space, token = given.partition(" ")
    return (
        bool(expected)
        and scheme.lower() == "bearer"
        and hmac.compare_digest(token.strip().encode(), expected.encode())
    )


def _payload(request: HttpRequest) -> dict[str, Any] | None:
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _callback(request: HttpRequest, handle: Any) -> HttpResponse:
    if not _authorised(request):
        return JsonResponse({"error": "Bad or missing bearer token"}, status=403)
    data = _payload(request)
    if data is None:
        return JsonResponse({"error": "The body must be a JSON object"}, status=400)
    try:
        result = handle(data)
    except Exception:
        logger.exception("A GOV.UK Notify callback could not be recorded")
        return JsonResponse({"error": "Could not record it now: try again later"}, status=503)
    return JsonResponse({"result": result})


def _when(value: Any) -> Any:
    try:
        return parse_datetime(str(value or ""))
    except ValueError:
        return None


@csrf_exempt
@require_POST
def notify_status(request: HttpRequest) -> HttpResponse:
    """A delivery receipt: {"id", "reference", "status", "completed_at", …}."""

    def handle(data: dict[str, Any]) -> str:
        changed = delivery.record_receipt(
            provider_ref=str(data.get("id") or ""),
            reference=str(data.get("reference") or ""),
            status=str(data.get("status") or ""),
            at=_when(data.get("completed_at")),
        )
        return "updated" if changed else "unchanged"

    return _callback(request, handle)


@csrf_exempt
@require_POST
def notify_inbound(request: HttpRequest) -> HttpResponse:
    """A text received on the service's number: {"id", "source_number", "message", …}."""

    def handle(data: dict[str, Any]) -> str:
        sender = str(data.get("source_number") or data.get("user_number") or "")
        if not sender:
            return "ignored"
        return replies.receive_text(sender=sender, text=str(data.get("message") or ""))

    return _callback(request, handle)
