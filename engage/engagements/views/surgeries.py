"""Staff pages for surgeries: sessions, bookings, cases with confidential notes, anonymised themes.

Thin: access, form, one service or query, render. Case notes are shown only after checking
engagements.read_case_notes against the booking itself, and each showing is logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.engagements.forms.surgeries import (
    BookingForm,
    CancelSessionForm,
    CaseActionForm,
    CaseNoteForm,
    CaseStatusForm,
    OfficerForm,
    PeriodForm,
    SessionForm,
)
from engage.engagements.models import BookingStatus, SurgeryBooking, SurgerySession
from engage.engagements.queries import surgeries as queries
from engage.engagements.services import surgeries as services
from engage.meetings import services as meetings


@login_required
def surgery_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.view_surgery", request.office)
    past = request.GET.get("when") == "past"
    sessions = list(queries.sessions_for(request.office, past=past)[:200])
    for session in sessions:
        session.cancelled = queries.is_cancelled(session)  # type: ignore[attr-defined]
    return render(request, "engagements/surgeries/list.html", {"sessions": sessions, "past": past})


@login_required
def surgery_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.change_surgery", request.office)
    form = SessionForm(request.POST or None, office=request.office)
    if request.method == "POST" and form.is_valid():
        starts, ends = form.datetimes()
        session = services.create_session(
            request.office,
            starts_at=starts,
            ends_at=ends,
            location=form.cleaned_data["location"],
            area=form.cleaned_data["area"],
            held_by=form.cleaned_data["held_by"],
            slot_minutes=form.cleaned_data["slot_minutes"],
            notes=form.cleaned_data["notes"],
            by=request.user,
        )
        messages.success(
            request,
            _("Surgery added with %(count)s slots.") % {"count": session.slots.count()},
        )
        return redirect(session)
    return render(request, "engagements/surgeries/session_form.html", {"form": form})


@login_required
def surgery_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    session = get_for_office_or_404(
        SurgerySession.objects.select_related("held_by", "area"), request, pk=pk
    )
    require_perm(request, "engagements.view_surgery", session)
    rows = queries.session_slots(session)
    return render(
        request,
        "engagements/surgeries/detail.html",
        {
            "session": session,
            "rows": rows,
            "free": sum(1 for row in rows if row.live is None),
            "new_online": [
                row.live
                for row in rows
                if row.live is not None
                and row.live.booked_online
                and row.live.status == BookingStatus.BOOKED
                and row.live.assigned_officer_id is None
            ],
            "cancelled": queries.is_cancelled(session),
            "trail": audit_trail(session)
            if request.user.has_perm("core.view_history", session)
            else None,
        },
    )


@login_required
def surgery_cancel(request: OfficeRequest, pk: int) -> HttpResponse:
    session = get_for_office_or_404(SurgerySession, request, pk=pk)
    require_perm(request, "engagements.change_surgery", session)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = services.cancel_session(session, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, _cancelled_message(done))
        return redirect(session)
    return render(request, "engagements/surgeries/cancel.html", {"form": form, "session": session})


def _cancelled_message(done: services.SessionCancelled) -> str:
    rest = done.cancelled - done.told
    if not done.told:
        if not rest:
            return _("Surgery cancelled.")
        return ngettext(
            "Surgery cancelled. Let the %(count)s person booked know.",
            "Surgery cancelled. Let the %(count)s people booked know.",
            rest,
        ) % {"count": rest}
    told = ngettext(
        "Surgery cancelled. Engage has told the %(count)s person who booked online.",
        "Surgery cancelled. Engage has told the %(count)s people who booked online.",
        done.told,
    ) % {"count": done.told}
    if not rest:
        return told
    return f"{told} " + ngettext(
        "Let the other %(count)s person know.", "Let the other %(count)s people know.", rest
    ) % {"count": rest}


@login_required
def booking_create(request: OfficeRequest, pk: int) -> HttpResponse:
    session = get_for_office_or_404(SurgerySession, request, pk=pk)
    require_perm(request, "engagements.change_surgery", session)
    form = BookingForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.book_slot(
                data["slot"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                topic=data["topic"],
                wants_outcome=data["wants_outcome"],
                language=data["language"],
                by=request.user,
            )
        except services.SlotTakenError:
            form = BookingForm(request.POST, session=session)
            form.is_valid()
            form.add_error("slot", _("That slot has just been taken, choose another"))
        else:
            messages.success(request, _("Booked."))
            return redirect(booking)
    return render(
        request,
        "engagements/surgeries/booking_form.html",
        {"form": form, "session": session},
        status=400 if form.is_bound else 200,
    )


def _render_booking(request: OfficeRequest, booking: SurgeryBooking, **forms: Any) -> HttpResponse:
    """The case page. Notes, their count, authors and read log only for those allowed."""
    can_read = request.user.has_perm("engagements.read_case_notes", booking)
    context: dict[str, Any] = {
        "booking": booking,
        "session": booking.slot.session,
        "can_read_notes": can_read,
        "actions": list(booking.actions.select_related("owner")),
        "status_form": forms.get("status_form")
        or CaseStatusForm(
            office=request.office,
            initial={"status": booking.status, "theme": booking.theme_id},
        ),
        "officer_form": forms.get("officer_form")
        or OfficerForm(
            office=request.office, initial={"assigned_officer": booking.assigned_officer_id}
        ),
        "action_form": forms.get("action_form") or CaseActionForm(office=request.office),
        "trail": audit_trail(booking)
        if request.user.has_perm("core.view_history", booking)
        else None,
        "confirm_close": forms.get("confirm_close", False),
        "note_form": None,
    }
    if can_read:
        context["notes"] = queries.case_notes(booking)
        context["note_form"] = forms.get("note_form") or CaseNoteForm()
        services.log_case_note_read(booking, by=request.user)
        context["reads"] = queries.case_note_reads(booking)
    bound = [f for f in forms.values() if hasattr(f, "is_bound") and f.is_bound and f.errors]
    return render(
        request, "engagements/surgeries/booking.html", context, status=400 if bound else 200
    )


def _get_booking(request: OfficeRequest, pk: int) -> SurgeryBooking:
    return get_for_office_or_404(queries.booking_detail(request.office), request, pk=pk)


@login_required
def booking_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    booking = _get_booking(request, pk)
    require_perm(request, "engagements.view_surgery", booking)
    return _render_booking(request, booking)


@login_required
@require_POST
def booking_status(request: OfficeRequest, pk: int) -> HttpResponse:
    booking = _get_booking(request, pk)
    require_perm(request, "engagements.change_surgery", booking)
    form = CaseStatusForm(request.POST, office=request.office)
    if not form.is_valid():
        return _render_booking(request, booking, status_form=form)
    status = form.cleaned_data["status"]
    open_actions = booking.actions.open().count()  # type: ignore[attr-defined]
    if status == BookingStatus.CLOSED and open_actions and not form.cleaned_data["close_anyway"]:
        return _render_booking(request, booking, status_form=form, confirm_close=open_actions)
    try:
        services.set_booking_status(
            booking, status, theme=form.cleaned_data["theme"], by=request.user
        )
    except services.SurgeryError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        booking.refresh_from_db()
        return _render_booking(request, booking, status_form=form)
    messages.success(
        request, _("Status saved: %(status)s.") % {"status": booking.get_status_display()}
    )
    return redirect(booking)


@login_required
@require_POST
def booking_assign(request: OfficeRequest, pk: int) -> HttpResponse:
    booking = _get_booking(request, pk)
    require_perm(request, "engagements.change_surgery", booking)
    form = OfficerForm(request.POST, office=request.office)
    if not form.is_valid():
        return _render_booking(request, booking, officer_form=form)
    services.assign_officer(booking, form.cleaned_data["assigned_officer"], by=request.user)
    messages.success(request, _("Assigned officer saved."))
    return redirect(booking)


@login_required
@require_POST
def booking_note_add(request: OfficeRequest, pk: int) -> HttpResponse:
    booking = _get_booking(request, pk)
    require_perm(request, "engagements.read_case_notes", booking)
    form = CaseNoteForm(request.POST)
    if not form.is_valid():
        return _render_booking(request, booking, note_form=form)
    services.add_case_note(booking, form.cleaned_data["text"], by=request.user)
    messages.success(request, _("Case note added."))
    return redirect(f"{booking.get_absolute_url()}#case-notes")


@login_required
@require_POST
def booking_action_add(request: OfficeRequest, pk: int) -> HttpResponse:
    booking = _get_booking(request, pk)
    require_perm(request, "engagements.change_surgery", booking)
    form = CaseActionForm(request.POST, office=request.office)
    if not form.is_valid():
        return _render_booking(request, booking, action_form=form)
    action = meetings.add_action(
        booking,
        description=form.cleaned_data["description"],
        owner=form.cleaned_data["owner"],
        owner_name=form.cleaned_data["owner_name"],
        due_on=form.cleaned_data["due_on"],
        by=request.user,
    )
    messages.success(request, _("Action added."))
    return redirect(action)


@login_required
def surgery_themes(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "engagements.view_surgery_themes", request.office)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    return render(
        request,
        "engagements/surgeries/themes.html",
        {
            "form": form,
            "report": queries.theme_report(request.office, start, end),
            "smallest": queries.SMALLEST_SHOWN,
        },
    )
