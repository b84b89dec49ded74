"""Public pages: book a surgery slot, change or cancel it by the link in the confirmation, and
contact the Commissioner. No account; every flow works without JavaScript.

Booking is three steps, as GOV.UK services do it: the form, "check your answers", then the
booking. What was typed waits in the visitor's session between the first two, so nothing is lost
and nothing personal travels in a web address. The change-or-cancel link carries a signed token
(`queries.booking_for_link`); opening it never changes anything: each page has a button, and
the POST acts.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from engage.core.bilingual import welsh_active
from engage.core.models import Office
from engage.core.public_cache import public_page
from engage.core.public_forms import public_post, started_token, too_many
from engage.engagements.forms.public import (
    MESSAGE_MAX,
    TAKEN,
    ChangeBookingForm,
    ContactForm,
    PublicBookingForm,
)
from engage.engagements.models import ConcernSource, SurgeryBooking, SurgerySession, SurgerySlot
from engage.engagements.queries import surgeries as queries
from engage.engagements.queries.surgeries import BookingLink, LinkState
from engage.engagements.services import surgeries as services
from engage.engagements.services.concerns import record_concern
from engage.messaging.addresses import mask

T = "engagements/public/"
# Keys in the visitor's session: what they typed, until they confirm; the booking they made.
DRAFT = "engagements:booking-draft"
BOOKED = "engagements:booked"


def _office(slug: str) -> Office:
    return get_object_or_404(Office, slug=slug)


def _language() -> str:
    return "cy" if welsh_active() else "en-gb"


def _is_spam(request: HttpRequest) -> bool:
    return bool(request.POST.get("website"))


# -- the surgeries and their free slots -------------------------------------------------------


@public_page()
def surgeries(request: HttpRequest, office: str) -> HttpResponse:
    found = _office(office)
    return render(
        request,
        T + "surgeries.html",
        {"office": found, "surgeries": queries.public_surgeries(found)},
    )


# -- booking: the form, check your answers, booked --------------------------------------------


def _session_context(office: Office, pk: int) -> dict[str, Any]:
    session = get_object_or_404(
        SurgerySession.objects.for_office(office).select_related("area"), pk=pk
    )
    return {
        "office": office,
        "session": session,
        "holder": queries.holder_names(office).get(session.held_by_id, ""),
    }


def _unavailable(request: HttpRequest, context: dict[str, Any]) -> HttpResponse | None:
    """A page saying the surgery cannot be booked any more, or None if it can."""
    session = context["session"]
    if session.cancelled_at is not None:
        return render(request, T + "unavailable.html", {**context, "cancelled": True}, status=410)
    if session.ends_at <= timezone.now():
        return render(request, T + "unavailable.html", {**context, "over": True}, status=410)
    return None


def _draft(request: HttpRequest, session: SurgerySession) -> dict[str, Any] | None:
    draft = request.session.get(DRAFT)
    if isinstance(draft, dict) and draft.get("session") == session.pk:
        return draft
    return None


def _render_form(
    request: HttpRequest, context: dict[str, Any], form: PublicBookingForm
) -> HttpResponse:
    session = context["session"]
    guard = f"book:{session.pk}"
    return render(
        request,
        T + "book.html",
        {
            **context,
            "form": form,
            "free": list(queries.free_slots(session)),
            "started": form.data.get("started") or started_token(guard),
        },
    )


@public_post("engagements.book")
@never_cache
def book(request: HttpRequest, office: str, pk: int) -> HttpResponse:
    """The booking form for one surgery (?slot= chooses the time picked on the list)."""
    context = _session_context(_office(office), pk)
    unavailable = _unavailable(request, context)
    if unavailable is not None:
        return unavailable
    session = context["session"]
    guard = f"book:{session.pk}"
    if request.method == "POST":
        if request.limited:  # type: ignore[attr-defined]
            return too_many(request, context)
        form = PublicBookingForm(request.POST, session=session, guard_key=guard)
        if form.is_spam():
            return redirect("engagements:public_booked", office)
        if form.is_valid():
            request.session[DRAFT] = form.draft()
            return redirect("engagements:public_book_check", office, session.pk)
        return _render_form(request, context, form)
    draft = _draft(request, session)
    if draft is not None and "slot" not in request.GET:
        # Back from "check your answers" to change something: everything as they typed it.
        form = PublicBookingForm(
            PublicBookingForm.data_from(draft), session=session, guard_key=guard
        )
        form.is_valid()
        return _render_form(request, context, form)
    initial = dict(PublicBookingForm.data_from(draft)) if draft else {}
    initial["slot"] = request.GET.get("slot", initial.get("slot", ""))
    return _render_form(
        request, context, PublicBookingForm(session=session, guard_key=guard, initial=initial)
    )


def _refused(
    request: HttpRequest, context: dict[str, Any], draft: dict[str, Any], reason: str
) -> HttpResponse:
    """Back to the form with everything they typed and why the time is refused."""
    session = context["session"]
    form = PublicBookingForm(
        PublicBookingForm.data_from(draft), session=session, guard_key=f"book:{session.pk}"
    )
    if form.is_valid() or "slot" not in form.errors:
        form.add_error("slot", reason)
    return _render_form(request, context, form)


@public_post("engagements.book_check")
@never_cache
def book_check(request: HttpRequest, office: str, pk: int) -> HttpResponse:
    """Check your answers, then book. The database refuses a slot someone took meanwhile."""
    found = _office(office)
    context = _session_context(found, pk)
    unavailable = _unavailable(request, context)
    if unavailable is not None:
        return unavailable
    session = context["session"]
    draft = _draft(request, session)
    if draft is None:
        return redirect("engagements:public_book", office, session.pk)
    slot = SurgerySlot.objects.filter(session=session, pk=draft["slot"]).first()
    if slot is None:
        return _refused(request, context, draft, str(TAKEN))
    context.update({"slot": slot, "draft": draft})
    if request.method == "POST":
        if request.limited:  # type: ignore[attr-defined]
            return too_many(request, context)
        if _is_spam(request):
            request.session.pop(DRAFT, None)
            return redirect("engagements:public_booked", office)
        try:
            booking = services.book_online(
                slot,
                name=draft["name"],
                email=draft["email"],
                phone=draft["phone"],
                topic=draft["topic"],
                wants_outcome=bool(draft["wants_outcome"]),
                language=_language(),
                key=draft["key"],
            )
        except services.SlotTakenError:
            return _refused(request, context, draft, str(TAKEN))
        except services.SurgeryError as error:
            return _refused(request, context, draft, str(error))
        request.session.pop(DRAFT, None)
        request.session[BOOKED] = booking.pk
        return redirect("engagements:public_booked", office)
    if not queries.free_slots(session).filter(pk=slot.pk).exists():
        return _refused(request, context, draft, str(TAKEN))
    return render(request, T + "check.html", context)


@never_cache
def booked(request: HttpRequest, office: str) -> HttpResponse:
    """The confirmation, for the visitor who booked (from their session): nothing for others."""
    found = _office(office)
    booking = (
        SurgeryBooking.objects.for_office(found)
        .select_related("slot__session__area")
        .filter(pk=request.session.get(BOOKED) or 0, booked_online=True)
        .first()
    )
    context: dict[str, Any] = {"office": found, "booking": booking}
    if booking is not None:
        session = booking.slot.session
        token = queries.booking_link_token(booking)
        context.update(
            {
                "session": session,
                "slot": booking.slot,
                "holder": queries.holder_names(found).get(session.held_by_id, ""),
                "sent_to": mask(booking.email or booking.phone),
                "by_email": bool(booking.email),
                "manage_url": reverse("engagements:public_booking", args=[office, token]),
                "ics_url": reverse("engagements:public_booking_ics", args=[office, token]),
            }
        )
    return render(request, T + "booked.html", context)


# -- the link in the confirmation: see, change, cancel ----------------------------------------


def _link_context(office: Office, link: BookingLink, token: str) -> dict[str, Any]:
    context: dict[str, Any] = {"office": office, "link": link, "token": token}
    booking = link.booking
    if booking is not None:
        session = booking.slot.session
        context.update(
            {
                "booking": booking,
                "slot": booking.slot,
                "session": session,
                "holder": queries.holder_names(office).get(session.held_by_id, ""),
            }
        )
    return context


STATUS = {
    LinkState.BAD: 400,
    LinkState.EXPIRED: 410,
    LinkState.REPLACED: 410,
    LinkState.OVER: 410,
    LinkState.CANCELLED: 200,
}


def _link_problem(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    link: BookingLink = context["link"]
    return render(request, T + "link_problem.html", context, status=STATUS[link.state])


@never_cache
def booking(request: HttpRequest, office: str, token: str) -> HttpResponse:
    """Your booking: when and where, with the ways to change it, cancel it or add it to a
    calendar."""
    found = _office(office)
    link = queries.booking_for_link(found, token)
    context = _link_context(found, link, token)
    if link.state != LinkState.OK:
        return _link_problem(request, context)
    return render(request, T + "booking.html", context)


@public_post("engagements.booking_change")
@never_cache
def booking_change(request: HttpRequest, office: str, token: str) -> HttpResponse:
    found = _office(office)
    link = queries.booking_for_link(found, token)
    context = _link_context(found, link, token)
    if link.state != LinkState.OK or link.booking is None:
        return _link_problem(request, context)
    current = link.booking
    form = ChangeBookingForm(request.POST or None, booking=current)
    if request.method == "POST":
        if request.limited:  # type: ignore[attr-defined]
            return too_many(request, context)
        if _is_spam(request):
            return redirect("engagements:public_booking", office, token)
        if form.is_valid():
            try:
                services.change_booking(current, form.cleaned_data["slot"])
            except services.SlotTakenError:
                form.add_error("slot", TAKEN)
            except services.SurgeryError as error:
                form.add_error("slot", str(error))
            else:
                messages.success(
                    request,
                    _("Your booking has been changed. We have sent you the new time.")
                    if current.email
                    else _("Your booking has been changed. We have texted you the new time."),
                )
                return redirect(
                    "engagements:public_booking", office, queries.booking_link_token(current)
                )
    context["form"] = form
    context["groups"] = form.choices_by_surgery()
    context["holders"] = queries.holder_names(found)
    return render(request, T + "change.html", context)


@public_post("engagements.booking_cancel")
@never_cache
def booking_cancel(request: HttpRequest, office: str, token: str) -> HttpResponse:
    found = _office(office)
    link = queries.booking_for_link(found, token)
    context = _link_context(found, link, token)
    if link.state != LinkState.OK or link.booking is None:
        return _link_problem(request, context)
    if request.method == "POST":
        if request.limited:  # type: ignore[attr-defined]
            return too_many(request, context)
        if not _is_spam(request):
            services.cancel_booking(link.booking)
        return render(request, T + "cancelled.html", context)
    return render(request, T + "cancel.html", context)


@never_cache
def booking_ics(request: HttpRequest, office: str, token: str) -> HttpResponse:
    """The booking as a calendar file, for those who had it by text or lost the email."""
    found = _office(office)
    link = queries.booking_for_link(found, token)
    if link.state != LinkState.OK or link.booking is None:
        return _link_problem(request, _link_context(found, link, token))
    session = link.booking.slot.session
    calendar = queries.booking_calendar(
        link.booking,
        holder=queries.holder_names(found).get(session.held_by_id, ""),
        url=request.build_absolute_uri(reverse("engagements:public_booking", args=[office, token])),
    )
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="surgery-booking.ics"'
    return response


# -- contact the Commissioner -----------------------------------------------------------------


@public_post("engagements.contact")
def contact(request: HttpRequest, office: str) -> HttpResponse:
    """999 and 101 first; then what the Commissioner can help with; then the form."""
    found = _office(office)
    guard = f"contact:{found.pk}"
    if request.method == "POST":
        if request.limited:  # type: ignore[attr-defined]
            return too_many(request, {"office": found})
        form = ContactForm(request.POST, office=found, guard_key=guard)
        if form.is_spam():
            return redirect("engagements:public_contact_thanks", office)
        if form.is_valid():
            data = form.cleaned_data
            record_concern(
                found,
                summary=data["message"],
                theme=data["theme"],
                source=ConcernSource.CONTACT_FORM,
                raised_on=timezone.localdate(),
                area=data["area"],
                wants_reply=data["wants_reply"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                language=_language(),
                by=None,
            )
            reply = "yes" if data["wants_reply"] else "no"
            return redirect(
                reverse("engagements:public_contact_thanks", args=[office]) + f"?reply={reply}"
            )
    else:
        form = ContactForm(office=found, guard_key=guard)
    return render(
        request,
        T + "contact.html",
        {
            "office": found,
            "form": form,
            "started": started_token(guard),
            "welsh": welsh_active(),
            "message_max": MESSAGE_MAX,
            "message_max_text": f"{MESSAGE_MAX:,}",
        },
    )


@public_page(seconds=3600)
def contact_thanks(request: HttpRequest, office: str) -> HttpResponse:
    """What happens next. It never repeats what they wrote."""
    return render(
        request,
        T + "contact_thanks.html",
        {"office": _office(office), "reply": request.GET.get("reply") == "yes"},
    )
