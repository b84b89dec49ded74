"""Public pages: sign up for alerts, confirm, manage, unsubscribe. No account; no JavaScript needed.

Links in messages carry signed tokens (engage.messaging.tokens). Following a link never changes
anything by itself: a GET shows a page with a button and the POST acts, so a mail scanner that
opens every link confirms or unsubscribes nobody. The exception the standard asks for is the
RFC 8058 one-click unsubscribe: a POST with no CSRF token, from the mail client itself.

No page says whether an address is subscribed: the sign-up and "send me a link" pages answer the
same whatever the address.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from engage.core.models import Office
from engage.core.public_forms import public_post, started_token, too_many
from engage.messaging import services, tokens
from engage.messaging.addresses import mask
from engage.messaging.forms import ManageForm, ManageRequestForm, SubscribeForm, area_label
from engage.messaging.models import (
    Channel,
    ConsentPurpose,
    Subscriber,
    SubscriberStatus,
    Suppression,
)

T = "messaging/public/"


def _office(slug: str) -> Office:
    return get_object_or_404(Office, slug=slug)


def _read(purpose: str, token: str) -> tuple[dict[str, Any] | None, str]:
    """The token's data and "ok"; or None and "expired" (a real link, too old) or "bad"."""
    try:
        return tokens.read(purpose, token), "ok"
    except tokens.BadToken as error:
        if isinstance(error.__cause__, signing.SignatureExpired):
            return None, "expired"
        return None, "bad"


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _subscriber_id(data: dict[str, Any] | None) -> int:
    return _int((data or {}).get("s"))


def _bad_link(request: HttpRequest, office: Office | None = None) -> HttpResponse:
    """A link that is not one of ours, or was cut short: say so, and how to leave another way."""
    offices = [office] if office else list(Office.objects.order_by("name")[:20])
    return render(request, T + "bad_link.html", {"office": office, "offices": offices}, status=400)


def _is_spam(request: HttpRequest) -> bool:
    return bool(request.POST.get("website"))


def _choices_context(subscriber: Subscriber) -> dict[str, Any]:
    return {
        "subscriber": subscriber,
        "masked": mask(subscriber.address),
        "areas": list(subscriber.areas.order_by("kind", "name")),
        "area_names": [area_label(a) for a in subscriber.areas.order_by("kind", "name")],
    }


# -- signing up -------------------------------------------------------------------------------


@public_post("messaging.subscribe")
def subscribe(request: HttpRequest, office: str) -> HttpResponse:
    the_office = _office(office)
    guard = f"subscribe:{the_office.pk}"
    if request.method == "POST":
        if request.limited:  # type: ignore[attr-defined]
            return too_many(request, {"office": the_office})
        form = SubscribeForm(request.POST, office=the_office, guard_key=guard)
        if form.is_spam():
            return redirect(reverse("messaging:subscribe_sent", args=[office]) + "?to=email")
        if form.is_valid():
            data = form.cleaned_data
            services.subscribe(
                the_office,
                channel=data["channel"],
                address=data["address"],
                language=data["language"],
                areas=data["areas"],
                topics=form.topics_value,
                wording=services.consent_wording(),
                version=services.CONSENT_VERSION,
                source=services.SOURCE_WEB,
            )
            to = "sms" if data["channel"] == Channel.SMS else "email"
            return redirect(reverse("messaging:subscribe_sent", args=[office]) + f"?to={to}")
    else:
        form = SubscribeForm(
            office=the_office,
            guard_key=guard,
            initial={"language": services.wording_language()},
        )
    return render(
        request,
        T + "subscribe.html",
        {
            "office": the_office,
            "form": form,
            "started": started_token(guard),
            "consent_wording": services.consent_wording(),
            "consent_version": services.CONSENT_VERSION,
        },
    )


def subscribe_sent(request: HttpRequest, office: str) -> HttpResponse:
    """ "Check your inbox (or phone)": the same page whether or not the address was known."""
    return render(
        request,
        T + "check.html",
        {
            "office": _office(office),
            "to": "sms" if request.GET.get("to") == "sms" else "email",
            "manage": request.GET.get("for") == "manage",
            "days": services.PENDING_DAYS,
        },
    )


def privacy(request: HttpRequest, office: str) -> HttpResponse:
    return render(
        request,
        T + "privacy.html",
        {
            "office": _office(office),
            "days": services.PENDING_DAYS,
            "consent_wording": services.consent_wording(),
            "consent_version": services.CONSENT_VERSION,
        },
    )


@public_post("messaging.confirm")
def confirm(request: HttpRequest, office: str, token: str) -> HttpResponse:
    """GET: a page with a button (scanners follow links); POST: confirm the subscription."""
    the_office = _office(office)
    data, state = _read("confirm", token)
    if state == "bad":
        return _bad_link(request, the_office)
    subscriber = Subscriber.objects.filter(office=the_office, pk=_subscriber_id(data)).first()
    context: dict[str, Any] = {"office": the_office}
    if subscriber is None or subscriber.status == SubscriberStatus.LEFT:
        # Too old, erased as never confirmed, or unsubscribed since: offer to start again.
        return render(request, T + "link_expired.html", context, status=410)
    context.update(_choices_context(subscriber))
    if subscriber.status == SubscriberStatus.ACTIVE:
        return render(request, T + "confirm_already.html", context)
    if request.method == "POST":
        if request.limited:  # type: ignore[attr-defined]
            return too_many(request, context)
        if _is_spam(request):
            return render(request, T + "confirmed.html", context)
        if not services.confirm_subscriber(subscriber, source=services.SOURCE_CONFIRM):
            return render(request, T + "confirm_already.html", context)
        context["manage_url"] = reverse(
            "messaging:manage", args=[office, tokens.make("manage", s=subscriber.pk)]
        )
        return render(request, T + "confirmed.html", context)
    context["consent_wording"] = services.consent_wording()
    context["consent_version"] = services.CONSENT_VERSION
    return render(request, T + "confirm.html", context)


# -- managing ---------------------------------------------------------------------------------


@public_post("messaging.manage_request")
def manage_request(request: HttpRequest, office: str) -> HttpResponse:
    """Type your address; if it is subscribed we send a link. The page never says whether."""
    the_office = _office(office)
    guard = f"manage:{the_office.pk}"
    if request.method == "POST":
        if request.limited:  # type: ignore[attr-defined]
            return too_many(request, {"office": the_office})
        form = ManageRequestForm(request.POST, guard_key=guard)
        sent = reverse("messaging:subscribe_sent", args=[office]) + "?for=manage"
        if form.is_spam():
            return redirect(sent)
        if form.is_valid():
            address = form.cleaned_data["address"]
            services.send_manage_link(the_office, address=address)
            return redirect(sent + ("&to=email" if "@" in address else "&to=sms"))
    else:
        form = ManageRequestForm(guard_key=guard)
    return render(
        request,
        T + "manage_request.html",
        {"office": the_office, "form": form, "started": started_token(guard)},
    )


@public_post("messaging.manage")
def manage(request: HttpRequest, office: str, token: str) -> HttpResponse:
    """Change areas, topics or language, or unsubscribe."""
    the_office = _office(office)
    data, state = _read("manage", token)
    if state == "bad":
        return _bad_link(request, the_office)
    subscriber = Subscriber.objects.filter(office=the_office, pk=_subscriber_id(data)).first()
    context: dict[str, Any] = {"office": the_office}
    if subscriber is None:
        return render(request, T + "manage_expired.html", context, status=410)
    context.update(_choices_context(subscriber))
    if subscriber.status != SubscriberStatus.ACTIVE:
        context["already"] = True
        return render(request, T + "left.html", context)
    guard = f"manage:{subscriber.pk}"
    if request.method == "POST":
        if request.limited:  # type: ignore[attr-defined]
            return too_many(request, context)
        if "leave" in request.POST:
            if not _is_spam(request):
                services.leave(subscriber, source=services.SOURCE_MANAGE)
            return render(request, T + "left.html", context)
        form = ManageForm(request.POST, office=the_office, guard_key=guard)
        if form.is_spam():
            return redirect(request.path)
        if form.is_valid():
            changed = services.change_subscription(
                subscriber,
                areas=form.cleaned_data["areas"],
                topics=form.topics_value,
                language=form.cleaned_data["language"],
                wording=services.consent_wording(),
                version=services.CONSENT_VERSION,
                source=services.SOURCE_MANAGE,
            )
            messages.success(
                request,
                _("Your choices have been saved.") if changed else _("Nothing was changed."),
            )
            return redirect(request.path)
    else:
        form = ManageForm(
            office=the_office,
            guard_key=guard,
            initial={
                "areas": [a.pk for a in context["areas"]],
                "topics": [t.value for t in subscriber.topic_list],
                "language": subscriber.language,
            },
        )
    context.update(
        {
            "form": form,
            "started": started_token(guard),
            "consent_wording": services.consent_wording(),
            "consent_version": services.CONSENT_VERSION,
            "leave_wording": services.leave_wording(),
        }
    )
    return render(request, T + "manage.html", context)


# -- unsubscribing ----------------------------------------------------------------------------


def _unsubscribed_already(office: Office, address: str, purpose: str, subscriber_id: Any) -> bool:
    if purpose == ConsentPurpose.ALERTS:
        subscriber = _token_subscriber(office, address, subscriber_id)
        if subscriber is not None:
            return subscriber.status == SubscriberStatus.LEFT
    return Suppression.objects.filter(office=office, address=address, purpose=purpose).exists()


def _token_subscriber(office: Office, address: str, subscriber_id: Any) -> Subscriber | None:
    subscribers = Subscriber.objects.filter(office=office, address=address)
    return (subscribers.filter(pk=subscriber_id).first() if subscriber_id else None) or (
        subscribers.first()
    )


# RFC 8058: the mail client posts "List-Unsubscribe=One-Click" with no CSRF token.
@public_post("messaging.unsubscribe", csrf=False)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: what the button will stop, and the button. POST: stop it (one click, idempotent).

    Purpose "alerts" (links in alerts, confirm and manage messages): unsubscribe the subscriber,
    or, if they were erased meanwhile, suppress alerts to the address. Purpose "hear_back"
    (links in notices): suppress notices to the address.
    """
    data, _state = _read("unsubscribe", token)  # these links never expire
    if data is None:
        return _bad_link(request)
    office = Office.objects.filter(pk=_int(data.get("o"))).first()
    address = str(data.get("a") or "")
    purpose = str(data.get("p") or "")
    if office is None or not address or purpose not in ConsentPurpose.values:
        return _bad_link(request)
    context: dict[str, Any] = {
        "office": office,
        "masked": mask(address),
        "purpose": purpose,
        "alerts": purpose == ConsentPurpose.ALERTS,
    }
    if request.method == "POST":
        if getattr(request, "limited", False):
            return too_many(request, context)
        if _is_spam(request):
            return render(request, T + "unsubscribed.html", context)
        context["already"] = not _stop(office, address, purpose, data.get("s"), request)
        return render(request, T + "unsubscribed.html", context)
    if _unsubscribed_already(office, address, purpose, data.get("s")):
        context["already"] = True
        return render(request, T + "unsubscribed.html", context)
    context["wording"] = (
        services.leave_wording()
        if purpose == ConsentPurpose.ALERTS
        else services.stop_hearing_wording()
    )
    return render(request, T + "unsubscribe.html", context)


def _stop(
    office: Office, address: str, purpose: str, subscriber_id: Any, request: HttpRequest
) -> bool:
    """Do it; False if it had been done already."""
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    source = services.SOURCE_ONE_CLICK if one_click else services.SOURCE_UNSUBSCRIBE
    if purpose == ConsentPurpose.ALERTS:
        subscriber = _token_subscriber(office, address, subscriber_id)
        if subscriber is not None:
            return services.leave(subscriber, source=source)
    return services.suppress(office, address, purpose, source=source)
