"""Staff pages for alerts and appeals (write, check who it reaches, send or schedule, cancel, the
delivery report, replies, press and radio versions) and the public page to reply to one.

Thin: access, form, one service or read from alerts.py, render or redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.models import Office
from engage.core.public_forms import public_post, started_token, too_many
from engage.engagements.models import Concern, ConcernSource
from engage.messaging import alerts, press, replies, tokens
from engage.messaging.alert_forms import (
    AlertForm,
    CountForm,
    ReplyForm,
    SendForm,
    initial_for_alert,
)
from engage.messaging.alert_templates import TEMPLATES
from engage.messaging.models import Alert, AlertStatus, Message, MessageKind, topics_of

VIEW = "messaging.view_alert"
SEND = "messaging.send_alert"
STATUS_COLOURS = {
    AlertStatus.DRAFT: "grey",
    AlertStatus.SCHEDULED: "blue",
    AlertStatus.SENDING: "yellow",
    AlertStatus.SENT: "green",
    AlertStatus.CANCELLED: "red",
}
REPLIES_SHOWN = 50


def _alert(request: OfficeRequest, pk: int, perm: str) -> Alert:
    alert = get_for_office_or_404(
        Alert.objects.select_related("office", "created_by"), request, pk=pk
    )
    require_perm(request, perm, alert)
    return alert


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _count_from(data: QueryDict, office: Office) -> dict[str, int] | None:
    """The recipient count for the areas and topics in `data`, or None if none are chosen."""
    form = CountForm(data, office=office)
    if not form.is_valid() or not form.cleaned_data["areas"] or not form.cleaned_data["topics"]:
        return None
    return alerts.recipient_count(office, form.cleaned_data["areas"], form.cleaned_data["topics"])


def _unbound_copy(data: QueryDict) -> dict[str, Any]:
    """What was typed, as the initial values of a fresh form (so no errors are shown)."""
    initial: dict[str, Any] = {
        name: data.get(name, "") for name in data if name not in ("areas", "topics")
    }
    initial["areas"] = data.getlist("areas")
    initial["topics"] = data.getlist("topics")
    initial["accepts_replies"] = bool(data.get("accepts_replies"))
    return initial


# -- the list ----------------------------------------------------------------------------------


@login_required
def alert_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, VIEW, request.office)
    rows = list(alerts.alerts_for(request.office))
    for alert in rows:
        alerts.settle_alert(alert)
    return render(
        request,
        "messaging/alert_list.html",
        {"alerts": rows, "colours": STATUS_COLOURS, "templates": TEMPLATES.values()},
    )


# -- writing -----------------------------------------------------------------------------------


def _form_page(
    request: OfficeRequest, form: AlertForm, alert: Alert | None, count: dict[str, int] | None
) -> HttpResponse:
    # Which template the alert started from, carried through the form until it is saved.
    started_from = request.POST.get("template") or request.GET.get("template", "")
    return render(
        request,
        "messaging/alert_form.html",
        {
            "form": form,
            "alert": alert,
            "count": count,
            "templates": TEMPLATES.values(),
            "started_from": started_from if started_from in TEMPLATES else "",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def alert_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, SEND, request.office)
    office = request.office
    if request.method == "POST":
        if "check" in request.POST:  # "Check how many it will reach", without JavaScript
            form = AlertForm(initial=_unbound_copy(request.POST), office=office)
            return _form_page(request, form, None, _count_from(request.POST, office))
        form = AlertForm(request.POST, office=office)
        if form.is_valid():
            try:
                alert = alerts.create_alert(
                    office,
                    by=request.user,
                    template=request.POST.get("template", "")[:40],
                    **form.service_kwargs(),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, _("Saved as a draft. Check it, then send it or choose when to.")
                )
                return redirect(alert)
        return _form_page(request, form, None, None)
    start = TEMPLATES.get(request.GET.get("template", ""))
    initial: dict[str, Any] = {"kind": "appeal", "accepts_replies": True}
    if start is not None:
        initial.update(
            kind=start.kind,
            title=start.title,
            body=start.body,
            sms_text=start.sms_text,
            topics=[str(t.value) for t in topics_of(start.topics)],
        )
    form = AlertForm(initial=initial, office=office)
    return _form_page(request, form, None, None)


@login_required
def alert_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    alert = _alert(request, pk, SEND)
    if alert.status != AlertStatus.DRAFT:
        messages.error(
            request, _("Only a draft can be changed: this alert has been sent or scheduled.")
        )
        return redirect(alert)
    office = request.office
    if request.method == "POST":
        if "check" in request.POST:
            form = AlertForm(initial=_unbound_copy(request.POST), office=office)
            return _form_page(request, form, alert, _count_from(request.POST, office))
        form = AlertForm(request.POST, office=office)
        if form.is_valid():
            try:
                alerts.update_alert(alert, by=request.user, **form.service_kwargs())
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect(alert)
        return _form_page(request, form, alert, None)
    form = AlertForm(initial=initial_for_alert(alert), office=office)
    return _form_page(request, form, alert, alerts.alert_recipient_count(alert))


@login_required
def alert_count(request: OfficeRequest) -> HttpResponse:
    """How many an alert to these areas and topics would reach: the htmx partial under the
    form, or a page of its own without JavaScript."""
    require_perm(request, VIEW, request.office)
    count = _count_from(request.GET, request.office)
    if getattr(request, "htmx", False):
        return render(request, "messaging/alert_count.html", {"count": count})
    form = CountForm(request.GET or None, office=request.office)
    return render(
        request,
        "messaging/alert_count_page.html",
        {"form": form, "count": count, "checked": bool(request.GET)},
    )


# -- one alert ---------------------------------------------------------------------------------


def _replies(alert: Alert) -> QuerySet[Concern]:
    return alert.replies.select_related("theme", "area").order_by("-created_at")  # type: ignore[attr-defined]


def _detail(
    request: OfficeRequest, alert: Alert, send_form: SendForm | None = None, status: int = 200
) -> HttpResponse:
    counts = alerts.delivery_counts(alert)
    alerts.settle_alert(alert, counts)
    waiting = alert.status in (AlertStatus.DRAFT, AlertStatus.SCHEDULED)
    replies = _replies(alert)
    radio = press.radio_script(alert)
    context = {
        "alert": alert,
        "colour": STATUS_COLOURS.get(AlertStatus(alert.status), "grey"),
        "areas": alert.areas.all(),
        "topics": alert.topic_list,
        "counts": counts,
        "recipients": alerts.alert_recipient_count(alert) if waiting else None,
        "problems": alerts.sending_problems(alert) if waiting else [],
        "can_send": request.user.has_perm(SEND, alert),
        "send_form": send_form or SendForm(initial={"when": "now"}),
        "replies": replies[:REPLIES_SHOWN],
        "reply_count": replies.count(),
        "replies_url": reverse("engagements:concerns") + f"?source={ConcernSource.ALERT_REPLY}",
        "press_release": press.press_release(alert),
        "radio_script": radio,
        "radio_words": press.word_count(radio),
    }
    return render(request, "messaging/alert_detail.html", context, status=status)


@login_required
def alert_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    return _detail(request, _alert(request, pk, VIEW))


@login_required
@require_POST
def alert_send(request: OfficeRequest, pk: int) -> HttpResponse:
    alert = _alert(request, pk, SEND)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _detail(request, alert, form, status=400)
    try:
        alert = alerts.send_alert(alert, by=request.user, send_at=form.cleaned_data["send_at"])
    except ValidationError as error:
        _apply_errors(form, error)
        return _detail(request, alert, form, status=400)
    if alert.status == AlertStatus.SCHEDULED:
        local = timezone.localtime(alert.send_at)
        messages.success(
            request,
            _("Scheduled for %(time)s on %(day)s. You can cancel it until then.")
            % {"time": local.strftime("%H:%M"), "day": _ukdate(local)},
        )
    else:
        queued = alerts.delivery_counts(alert)["total"]
        messages.success(
            request,
            ngettext(
                "Sending to %(n)s person. The delivery report below shows how it is going.",
                "Sending to %(n)s people. The delivery report below shows how it is going.",
                queued,
            )
            % {"n": f"{queued:,}"},
        )
    return redirect(alert)


def _ukdate(moment: Any) -> str:
    from engage.core.templatetags.engage import ukdate

    return ukdate(moment)


@login_required
@require_POST
def alert_cancel(request: OfficeRequest, pk: int) -> HttpResponse:
    alert = _alert(request, pk, SEND)
    try:
        removed = alerts.cancel_alert(alert, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "Cancelled. %(n)s message not yet sent will not be sent.",
                "Cancelled. %(n)s messages not yet sent will not be sent.",
                removed,
            )
            % {"n": f"{removed:,}"},
        )
    return redirect(alert)


def _text_download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def alert_press(request: OfficeRequest, pk: int) -> HttpResponse:
    alert = _alert(request, pk, VIEW)
    return _text_download(press.press_release(alert), f"alert-{alert.pk}-press-release.txt")


@login_required
def alert_radio(request: OfficeRequest, pk: int) -> HttpResponse:
    alert = _alert(request, pk, VIEW)
    return _text_download(press.radio_script(alert), f"alert-{alert.pk}-radio-script.txt")


# -- the public reply --------------------------------------------------------------------------


def _message_for(token: str) -> Message | None:
    try:
        pk = int(tokens.read("reply", token)["m"])
    except (tokens.BadToken, KeyError, TypeError, ValueError):
        return None
    return (
        Message.objects.select_related("office", "alert", "subscriber")
        .filter(pk=pk, kind=MessageKind.ALERT, alert__isnull=False)
        .first()
    )


@public_post("messaging.reply")
def reply(request: HttpRequest, token: str) -> HttpResponse:
    message = _message_for(token)
    if message is None:
        return render(request, "messaging/reply_invalid.html", status=404)
    alert, office = message.alert, message.office
    assert alert is not None  # the query above finds only messages of an alert
    context: dict[str, Any] = {"office": office, "alert": alert}
    if not alert.accepts_replies:
        return render(request, "messaging/reply_closed.html", context)
    guard_key = f"reply:{message.pk}"
    if request.method == "POST":
        if getattr(request, "limited", False):
            return too_many(request, context)
        form = ReplyForm(request.POST, guard_key=guard_key)
        thanks = reverse("messaging:reply_thanks") + f"?office={office.slug}"
        if form.is_spam():
            return redirect(thanks)
        if form.is_valid():
            data = form.cleaned_data
            replies.record_reply(
                message=message,
                text=data["text"],
                contact_name=data["name"],
                contact_email=data["email"],
                contact_phone=data["phone"],
                wants_reply=data["consent"],
                language=get_language() or message.language,
            )
            return redirect(thanks)
    else:
        form = ReplyForm(guard_key=guard_key)
    context.update(form=form, started=started_token(guard_key))
    return render(request, "messaging/reply.html", context, status=400 if form.is_bound else 200)


def reply_thanks(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("office", "")
    # No slug has a NUL, and PostgreSQL refuses one in a query.
    office = None if "\x00" in slug else Office.objects.filter(slug=slug).first()
    return render(request, "messaging/reply_thanks.html", {"office": office})
