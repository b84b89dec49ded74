"""The data inventory for the staff who answer for the office's personal data, and its CSV; the
retention report (what is due now, and the log of runs); finding a person, their requests, their
data as JSON and PDF, and erasing it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.dataprotection import queries, retention, services, subject_access
from engage.dataprotection.erasure import erase_person
from engage.dataprotection.forms import EraseForm, FindPersonForm, RequestForm, RequestStatusForm
from engage.dataprotection.inventory import HISTORY, PURPOSES
from engage.dataprotection.models import SubjectAccessRequest
from engage.dataprotection.subject_access import Person


@login_required
def inventory(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.view_inventory", request.office)
    held = queries.held(request.office)
    return render(
        request,
        "dataprotection/inventory.html",
        {
            "personal": [h for h in held if h.record.holds_personal_data],
            "other": [h for h in held if not h.record.holds_personal_data],
            "purposes": PURPOSES.values(),
            "history": HISTORY,
            "today": timezone.localdate(),
        },
    )


@login_required
def inventory_export(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.view_inventory", request.office)
    # The byte-order mark tells Excel the file is UTF-8.
    body = "\ufeff" + queries.inventory_csv(request.office)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"data-inventory-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def retention_report(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.view_retention", request.office)
    return render(
        request,
        "dataprotection/retention.html",
        {
            "due": retention.due(request.office),
            "runs": queries.retention_runs(request.office),
            "now": timezone.localtime(),
        },
    )


# -- finding a person --------------------------------------------------------------------------

# Who is being looked for is kept in the session, not the address bar, so an email address or a
# name never lands in the server's logs or the browser's history.
SESSION_KEY = "dataprotection_person"


def _person(request: OfficeRequest) -> tuple[Person, SubjectAccessRequest | None] | None:
    held = request.session.get(SESSION_KEY)
    if not held or held.get("office") != request.office.pk:
        return None
    person = Person.of(email=held["email"], phone=held["phone"], name=held["name"])
    sar = None
    if held.get("request"):
        sar = SubjectAccessRequest.objects.filter(office=request.office, pk=held["request"]).first()
    return person, sar


def _remember(request: OfficeRequest, person: Person, sar: SubjectAccessRequest | None) -> None:
    request.session[SESSION_KEY] = {
        **person.as_dict(),
        "office": request.office.pk,
        "request": sar.pk if sar else None,
    }


def _may_read_notes(request: OfficeRequest) -> bool:
    return bool(request.user.has_perm("engagements.read_case_notes", request.office))


@login_required
def find(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.find_person", request.office)
    form = FindPersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _remember(request, form.person, None)
        return redirect("dataprotection:person")
    return render(request, "dataprotection/find.html", {"form": form})


@login_required
def person(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.find_person", request.office)
    held = _person(request)
    if held is None:
        return redirect("dataprotection:find")
    who, sar = held
    found = subject_access.find_person(request.office, who, confidential=_may_read_notes(request))
    return render(
        request,
        "dataprotection/person.html",
        {
            "person": who,
            "sar": sar,
            "found": found,
            "total": sum(len(f.rows) for f in found),
            "may_erase": request.user.has_perm("dataprotection.erase_person", request.office),
        },
    )


def _filename(stem: str, ext: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{ext}"


def _export(request: OfficeRequest) -> tuple[Person, SubjectAccessRequest | None, Any] | None:
    """What a download of the person's data needs: who, their request, everything found."""
    require_perm(request, "dataprotection.find_person", request.office)
    held = _person(request)
    if held is None:
        return None
    who, sar = held
    found = subject_access.find_person(request.office, who, confidential=_may_read_notes(request))
    return who, sar, found


def _download(response: HttpResponse, sar: SubjectAccessRequest | None, ext: str) -> HttpResponse:
    stem = f"subject-access-{sar}" if sar else "subject-access"
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem.lower(), ext)}"'
    return response


@login_required
def person_json(request: OfficeRequest) -> HttpResponse:
    export = _export(request)
    if export is None:
        return redirect("dataprotection:find")
    who, sar, found = export
    data = subject_access.as_json(request.office, who, found, now=timezone.now())
    data["request"] = str(sar) if sar else None
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    return _download(response, sar, "json")


@login_required
def person_pdf(request: OfficeRequest) -> HttpResponse:
    export = _export(request)
    if export is None:
        return redirect("dataprotection:find")
    who, sar, found = export
    pdf = subject_access.render_pdf(
        request.office, who, found, now=timezone.now(), reference=str(sar) if sar else ""
    )
    return _download(HttpResponse(pdf, content_type="application/pdf"), sar, "pdf")


@login_required
def erase(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.erase_person", request.office)
    held = _person(request)
    if held is None:
        return redirect("dataprotection:find")
    who, sar = held
    found = subject_access.find_person(request.office, who)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = erase_person(request.office, who, by=request.user, request=sar)
        del request.session[SESSION_KEY]
        n = sum(sum(c.values()) for c in done.counts.values())
        messages.success(
            request,
            ngettext("%(n)d record was erased.", "%(n)d records were erased.", n) % {"n": n},
        )
        return redirect(sar.get_absolute_url() if sar else "dataprotection:find")
    return render(
        request,
        "dataprotection/erase.html",
        {"person": who, "sar": sar, "found": found, "form": form},
    )


# -- subject access requests -------------------------------------------------------------------


@login_required
def requests(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.manage_requests", request.office)
    today = timezone.localdate()
    return render(
        request,
        "dataprotection/requests.html",
        {"groups": queries.requests_by_urgency(request.office, today), "today": today},
    )


@login_required
def request_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "dataprotection.manage_requests", request.office)
    form = RequestForm(request.POST or None, office=request.office)
    if request.method == "POST" and form.is_valid():
        sar = services.record_request(request.office, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Request %(ref)s recorded: due on %(date)s.")
            % {"ref": sar, "date": date_format(sar.due_on, "j F Y")},
        )
        return redirect(sar)
    return render(request, "dataprotection/request_form.html", {"form": form})


@login_required
def request_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    sar = get_for_office_or_404(
        SubjectAccessRequest.objects.select_related("handled_by"), request, pk=pk
    )
    require_perm(request, "dataprotection.manage_requests", sar)
    form = RequestStatusForm(
        request.POST or None,
        initial={"status": sar.status, "completed_on": sar.completed_on, "notes": sar.notes},
    )
    if request.method == "POST" and form.is_valid():
        services.update_request(sar, by=request.user, **form.cleaned_data)
        messages.success(request, _("Request %(ref)s updated.") % {"ref": sar})
        return redirect(sar)
    return render(
        request,
        "dataprotection/request_detail.html",
        {
            "sar": sar,
            "form": form,
            "today": timezone.localdate(),
            "history": sar.history.select_related("history_user").order_by("-history_date")[:20],
            "erasures": sar.erasures.select_related("erased_by"),
        },
    )


@login_required
@require_POST
def request_search(request: OfficeRequest, pk: int) -> HttpResponse:
    sar = get_for_office_or_404(SubjectAccessRequest, request, pk=pk)
    require_perm(request, "dataprotection.find_person", sar)
    who = Person.of(email=sar.email, phone=sar.phone, name=sar.requester_name)
    _remember(request, who, sar)
    return redirect("dataprotection:person")
