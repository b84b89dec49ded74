"""Staff pages for partners: the list, an organisation's page, its contacts, the interaction log,
and spreadsheet import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.core.uploads import clear_upload, stash_upload, stashed_upload
from engage.stakeholders import services
from engage.stakeholders.forms import (
    ContactForm,
    ImportForm,
    InteractionForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from engage.stakeholders.models import Contact, Interaction, Organisation
from engage.stakeholders.queries import organisations_for, organisations_with_details
from engage.stakeholders.spreadsheets import HEADERS, export_dataset, plan_import_file

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "stakeholders_import"


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on POST (even if empty, so the form reports what is missing)."""
    return request.POST if request.method == "POST" else None


def _filters(request: OfficeRequest) -> tuple[OrganisationFilterForm, dict[str, object]]:
    form = OrganisationFilterForm(request.GET, office=request.office)
    form.is_valid()  # invalid choices are shown on the panel and the rest still apply
    return form, dict(form.cleaned_data)


@login_required
def organisation_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "stakeholders.view_organisation", request.office)
    form, filters = _filters(request)
    page = Paginator(organisations_for(request.office, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stakeholders/organisation_list.html",
        {
            "form": form,
            "page": page,
            "page_numbers": list(
                page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
            ),
            "querystring": query.urlencode(),
            "filtered": any(filters.values()),
        },
    )


@login_required
def export(request: OfficeRequest, fmt: str) -> HttpResponse:
    require_perm(request, "stakeholders.export_organisations", request.office)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, filters = _filters(request)
    organisations = organisations_for(request.office, filters).prefetch_related("contacts")
    dataset = export_dataset(organisations)
    filename = f"stakeholders-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        # The byte-order mark tells Excel the file is UTF-8.
        response = HttpResponse(
            "\ufeff" + dataset.export("csv"), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            dataset.export("xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def organisation_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    organisation = get_for_office_or_404(organisations_with_details(request.office), request, pk=pk)
    require_perm(request, "stakeholders.view_organisation", organisation)
    return render(
        request,
        "stakeholders/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": organisation.contacts.all(),
            "interactions": organisation.interactions.all(),
            "meeting_series": organisation.meeting_series.all(),
            "trail": audit_trail(organisation),
            "today": timezone.localdate(),
        },
    )


@login_required
def organisation_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "stakeholders.change_organisation", request.office)
    form = OrganisationForm(_posted(request), office=request.office)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(
            request.office, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("%(name)s added.") % {"name": organisation.name})
        return redirect(organisation)
    return render(request, "stakeholders/organisation_form.html", {"form": form})


@login_required
def organisation_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    organisation = get_for_office_or_404(Organisation, request, pk=pk)
    require_perm(request, "stakeholders.change_organisation", organisation)
    saved_name = organisation.name  # the form writes its input onto the instance as it checks it
    form = OrganisationForm(_posted(request), instance=organisation, office=request.office)
    if request.method == "POST" and form.is_valid():
        organisation.refresh_from_db()
        services.update_organisation(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes to %(name)s saved.") % {"name": organisation.name})
        return redirect(organisation)
    return render(
        request,
        "stakeholders/organisation_form.html",
        {"form": form, "organisation": organisation, "saved_name": saved_name},
    )


@login_required
def contact_add(request: OfficeRequest, pk: int) -> HttpResponse:
    organisation = get_for_office_or_404(Organisation, request, pk=pk)
    require_perm(request, "stakeholders.change_organisation", organisation)
    form = ContactForm(_posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        contact = services.add_contact(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s added as a contact.") % {"name": contact.name})
        return redirect(organisation.get_absolute_url() + "#contacts")
    return render(
        request, "stakeholders/contact_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def contact_edit(request: OfficeRequest, pk: int, contact_pk: int) -> HttpResponse:
    organisation = get_for_office_or_404(Organisation, request, pk=pk)
    contact = get_for_office_or_404(Contact, request, pk=contact_pk, organisation=organisation)
    require_perm(request, "stakeholders.change_organisation", contact)
    saved_name = contact.name
    form = ContactForm(_posted(request), instance=contact, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        contact.refresh_from_db()
        services.update_contact(contact, by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes to %(name)s saved.") % {"name": contact.name})
        return redirect(organisation.get_absolute_url() + "#contacts")
    return render(
        request,
        "stakeholders/contact_form.html",
        {"form": form, "organisation": organisation, "contact": contact, "saved_name": saved_name},
    )


@login_required
def interaction_log(request: OfficeRequest, pk: int) -> HttpResponse:
    organisation = get_for_office_or_404(Organisation, request, pk=pk)
    require_perm(request, "stakeholders.log_interaction", organisation)
    form = InteractionForm(_posted(request), office=request.office, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.log_interaction(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("Interaction with %(name)s logged.") % {"name": organisation})
        return redirect(organisation.get_absolute_url() + "#interactions")
    return render(
        request,
        "stakeholders/interaction_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_POST
def follow_up_done(request: OfficeRequest, pk: int, interaction_pk: int) -> HttpResponse:
    interaction = get_for_office_or_404(Interaction, request, pk=interaction_pk, organisation_id=pk)
    require_perm(request, "stakeholders.log_interaction", interaction)
    services.complete_follow_up(interaction, by=request.user)
    messages.success(request, _("Follow-up marked as done."))
    return redirect(interaction.organisation.get_absolute_url() + "#interactions")


@login_required
def import_upload(request: OfficeRequest) -> HttpResponse:
    """Upload a file and see what importing it would do; nothing is saved yet."""
    require_perm(request, "stakeholders.import_organisations", request.office)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    plan = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = plan_import_file(request.office, content, upload.name)
        if plan.can_import:
            stash_upload(request, IMPORT_SESSION_KEY, content, upload.name)
        else:
            clear_upload(request, IMPORT_SESSION_KEY)
    return render(
        request,
        "stakeholders/import.html",
        {"form": form, "plan": plan, "columns": HEADERS.values()},
    )


@login_required
@require_POST
def import_confirm(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "stakeholders.import_organisations", request.office)
    stored = stashed_upload(request, IMPORT_SESSION_KEY)
    if stored is None:
        messages.error(request, _("Upload the file again: the previewed file was not found."))
        return redirect("stakeholders:import")
    try:
        result = services.import_organisations(
            request.office, stored.data, stored.filename, by=request.user
        )
    except services.ImportRefused as refused:
        clear_upload(request, IMPORT_SESSION_KEY)
        return render(
            request,
            "stakeholders/import.html",
            {"form": ImportForm(), "plan": refused.plan, "columns": HEADERS.values()},
        )
    clear_upload(request, IMPORT_SESSION_KEY)
    messages.success(
        request,
        _(
            "File imported: %(orgs_added)s organisations added and %(orgs_changed)s changed; "
            "%(contacts_added)s contacts added and %(contacts_changed)s changed."
        )
        % {
            "orgs_added": result.organisations_added,
            "orgs_changed": result.organisations_updated,
            "contacts_added": result.contacts_added,
            "contacts_changed": result.contacts_updated,
        },
    )
    return redirect("stakeholders:list")
