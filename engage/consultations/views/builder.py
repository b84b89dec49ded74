"""Staff pages of the survey builder: the list, a consultation's overview, its sections, questions,
options and statements, and its moves from draft to published.

Thin: access, form, one service, render or redirect. The rules are in consultations.services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from engage.consultations import services
from engage.consultations.forms import (
    KIND_HINTS,
    ConsultationFilter,
    ConsultationForm,
    KindForm,
    ModerateForm,
    MoveForm,
    QuestionForm,
    SectionForm,
    StatementsForm,
    StatusForm,
)
from engage.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Section,
    Statement,
    StatementStatus,
    Status,
)
from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail

VIEW = "consultations.view_consultation"
CHANGE = "consultations.change_consultation"

# What the button that makes each move says.
MOVE_LABELS: dict[tuple[str, str], Any] = {
    (Status.DRAFT, Status.OPEN): gettext_lazy("Open for responses"),
    (Status.OPEN, Status.CLOSED): gettext_lazy("Close to responses"),
    (Status.CLOSED, Status.OPEN): gettext_lazy("Reopen"),
    (Status.CLOSED, Status.ANALYSED): gettext_lazy("Mark as analysed"),
    (Status.ANALYSED, Status.PUBLISHED): gettext_lazy("Publish the results"),
    (Status.PUBLISHED, Status.ANALYSED): gettext_lazy("Unpublish the results"),
    (Status.ANALYSED, Status.CLOSED): gettext_lazy("Back to closed, to enter late responses"),
}
STATUS_COLOURS: dict[str, str] = {
    Status.DRAFT: "grey",
    Status.OPEN: "green",
    Status.CLOSED: "orange",
    Status.ANALYSED: "blue",
    Status.PUBLISHED: "purple",
}


def _apply_errors(form: Any, error: ValidationError) -> None:
    """Put a service's refusal on the form's fields (or above them)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _consultation(request: OfficeRequest, pk: int, perm: str) -> Consultation:
    consultation = get_for_office_or_404(Consultation, request, pk=pk)
    require_perm(request, perm, consultation)
    return consultation


# -- consultations ----------------------------------------------------------------------------


@login_required
def consultation_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, VIEW, request.office)
    form = ConsultationFilter(request.GET or None)
    consultations = (
        Consultation.objects.for_office(request.office)  # type: ignore[attr-defined]
        .select_related("area", "owner")
        .annotate(
            submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
        )
    )
    status = form.cleaned_data["status"] if form.is_valid() else ""
    if status:
        consultations = consultations.filter(status=status)
    return render(
        request,
        "consultations/builder/list.html",
        {
            "form": form,
            "consultations": consultations,
            "status": status,
            "status_label": Status(status).label if status else "",
            "colours": STATUS_COLOURS,
        },
    )


@login_required
def consultation_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, CHANGE, request.office)
    form = ConsultationForm(
        request.POST or None, office=request.office, initial={"owner": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.create_consultation(
                request.office, by=request.user, **form.values()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Consultation created. Now add its sections and questions.")
            )
            return redirect(consultation)
    return render(
        request,
        "consultations/builder/form.html",
        {"form": form, "consultation": None},
        status=400 if form.is_bound else 200,
    )


def _render_detail(
    request: OfficeRequest, consultation: Consultation, errors: list[str] | None = None
) -> HttpResponse:
    sections = list(
        consultation.sections.prefetch_related("questions__options", "questions__statements")
    )
    number = 0
    for section in sections:
        for question in section.questions.all():
            number += 1
            question.number = number  # type: ignore[attr-defined]
            if question.kind == QuestionKind.STATEMENTS:
                statements = list(question.statements.all())
                question.pending = sum(  # type: ignore[attr-defined]
                    1 for s in statements if s.status == StatementStatus.PENDING
                )
                question.approved = sum(  # type: ignore[attr-defined]
                    1 for s in statements if s.status == StatementStatus.APPROVED
                )
    counts = dict(
        Response.objects.filter(consultation=consultation)
        .submitted()
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    drafts = Response.objects.filter(consultation=consultation, submitted_at__isnull=True).count()
    can_change = request.user.has_perm(CHANGE, consultation)
    moves = [
        (status, MOVE_LABELS[(consultation.status, status)])
        for status in services.next_statuses(consultation)
    ]
    return render(
        request,
        "consultations/builder/detail.html",
        {
            "consultation": consultation,
            "sections": sections,
            "question_count": number,
            "channels": [(label, counts.get(value, 0)) for value, label in ResponseChannel.choices],
            "responses": sum(counts.values()),
            "drafts": drafts,
            "moves": moves if can_change else [],
            "can_change": can_change,
            "problems": services.definition_problems(consultation)
            if consultation.status in (Status.DRAFT, Status.CLOSED)
            else [],
            "errors": [{"href": "", "text": e} for e in errors or []],
            "colour": STATUS_COLOURS.get(consultation.status, ""),
            "trail": audit_trail(consultation)
            if request.user.has_perm("core.view_history", consultation)
            else None,
        },
        status=400 if errors else 200,
    )


@login_required
def consultation_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    consultation = get_for_office_or_404(
        Consultation.objects.select_related("area", "owner"), request, pk=pk
    )
    require_perm(request, VIEW, consultation)
    return _render_detail(request, consultation)


@login_required
def consultation_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, CHANGE)
    form = ConsultationForm(request.POST or None, office=request.office, instance=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_consultation(consultation, by=request.user, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Consultation saved."))
            return redirect(consultation)
    return render(
        request,
        "consultations/builder/form.html",
        {"form": form, "consultation": consultation},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def consultation_status(request: OfficeRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, CHANGE)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, consultation, [_("Choose what to do with it.")])
    try:
        services.move_to(consultation, form.cleaned_data["to"], by=request.user)
    except ValidationError as error:
        consultation.refresh_from_db()
        return _render_detail(request, consultation, error.messages)
    messages.success(
        request,
        _("The consultation is now %(status)s.")
        % {"status": consultation.get_status_display().lower()},
    )
    return redirect(consultation)


# -- sections ---------------------------------------------------------------------------------


def _section(consultation: Consultation, pk: int) -> Section:
    return get_object_or_404(Section, consultation=consultation, pk=pk)


@login_required
def section_add(request: OfficeRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, CHANGE)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        section = services.add_section(consultation, by=request.user, **form.values())
        messages.success(request, _("Section added. Now add its questions."))
        return redirect(f"{consultation.get_absolute_url()}#section-{section.pk}")
    return render(
        request,
        "consultations/builder/section_form.html",
        {"form": form, "consultation": consultation, "section": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def section_edit(request: OfficeRequest, pk: int, section: int) -> HttpResponse:
    consultation = _consultation(request, pk, CHANGE)
    found = _section(consultation, section)
    form = SectionForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        services.update_section(found, by=request.user, **form.values())
        messages.success(request, _("Section saved."))
        return redirect(f"{consultation.get_absolute_url()}#section-{found.pk}")
    return render(
        request,
        "consultations/builder/section_form.html",
        {"form": form, "consultation": consultation, "section": found},
        status=400 if form.is_bound else 200,
    )


@login_required
def section_delete(request: OfficeRequest, pk: int, section: int) -> HttpResponse:
    consultation = _consultation(request, pk, CHANGE)
    found = _section(consultation, section)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.delete_section(found, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Section deleted."))
            return redirect(consultation)
    return render(
        request,
        "consultations/builder/delete.html",
        {
            "consultation": consultation,
            "thing": found,
            "questions": list(found.questions.all()),
            "errors": [{"href": "", "text": e} for e in errors],
        },
        status=400 if errors else 200,
    )


# -- questions --------------------------------------------------------------------------------


def _question(consultation: Consultation, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("section"), consultation=consultation, pk=pk
    )


@login_required
def question_add(request: OfficeRequest, pk: int, section: int) -> HttpResponse:
    """First the type of question, then a form for that type."""
    consultation = _consultation(request, pk, CHANGE)
    found = _section(consultation, section)
    chosen = request.POST.get("kind") or request.GET.get("kind")
    if chosen not in QuestionKind.values:
        kind_form = KindForm(request.GET if "kind" in request.GET else None)
        kind_form.is_valid()
        return render(
            request,
            "consultations/builder/question_kind.html",
            {
                "form": kind_form,
                "consultation": consultation,
                "section": found,
                "kinds": [
                    (value, label, KIND_HINTS[value]) for value, label in QuestionKind.choices
                ],
            },
            status=400 if kind_form.is_bound else 200,
        )
    kind = str(chosen)
    form = QuestionForm(request.POST or None, kind=kind, initial={"required": False})
    if request.method == "POST" and form.is_valid():
        try:
            question = services.add_question(
                found,
                kind=kind,
                by=request.user,
                options=form.option_lines or (),
                **form.values(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if kind == QuestionKind.STATEMENTS:
                messages.success(request, _("Question added. Now add the statements to vote on."))
                return redirect(
                    "consultations:statements", pk=consultation.pk, question=question.pk
                )
            messages.success(request, _("Question added."))
            return redirect(f"{consultation.get_absolute_url()}#question-{question.pk}")
    return render(
        request,
        "consultations/builder/question_form.html",
        {
            "form": form,
            "consultation": consultation,
            "section": found,
            "question": None,
            "kind": kind,
            "kind_label": QuestionKind(kind).label,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def question_edit(request: OfficeRequest, pk: int, question: int) -> HttpResponse:
    consultation = _consultation(request, pk, CHANGE)
    found = _question(consultation, question)
    form = QuestionForm(request.POST or None, kind=found.kind, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(
                found, by=request.user, options=form.option_lines, **form.values()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect(f"{consultation.get_absolute_url()}#question-{found.pk}")
    return render(
        request,
        "consultations/builder/question_form.html",
        {
            "form": form,
            "consultation": consultation,
            "section": found.section,
            "question": found,
            "kind": found.kind,
            "kind_label": found.get_kind_display(),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def question_delete(request: OfficeRequest, pk: int, question: int) -> HttpResponse:
    consultation = _consultation(request, pk, CHANGE)
    found = _question(consultation, question)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.delete_question(found, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Question deleted."))
            return redirect(consultation)
    return render(
        request,
        "consultations/builder/delete.html",
        {
            "consultation": consultation,
            "thing": found,
            "questions": None,
            "errors": [{"href": "", "text": e} for e in errors],
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def question_move(request: OfficeRequest, pk: int, question: int) -> HttpResponse:
    consultation = _consultation(request, pk, CHANGE)
    found = _question(consultation, question)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.move_question(found, form.cleaned_data["direction"], by=request.user)
    return redirect(f"{consultation.get_absolute_url()}#question-{found.pk}")


# -- statements -------------------------------------------------------------------------------


@login_required
def statements(request: OfficeRequest, pk: int, question: int) -> HttpResponse:
    """A statement-voting question's statements, those waiting for moderation first."""
    consultation = _consultation(request, pk, VIEW)
    found = _question(consultation, question)
    if found.kind != QuestionKind.STATEMENTS:
        return redirect(consultation)
    can_change = request.user.has_perm(CHANGE, consultation)
    form = StatementsForm(request.POST or None)
    if request.method == "POST":
        require_perm(request, CHANGE, consultation)
        if form.is_valid():
            made = services.add_statements(found, form.cleaned_data["statements"], by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(n)s statement added and shown to people.",
                    "%(n)s statements added and shown to people.",
                    len(made),
                )
                % {"n": len(made)},
            )
            return redirect("consultations:statements", pk=consultation.pk, question=found.pk)
    order = {StatementStatus.PENDING: 0, StatementStatus.APPROVED: 1, StatementStatus.REJECTED: 2}
    rows = sorted(
        found.statements.select_related("moderated_by", "author"),
        key=lambda s: (order.get(s.status, 3), s.pk),  # type: ignore[call-overload]
    )
    return render(
        request,
        "consultations/builder/statements.html",
        {
            "consultation": consultation,
            "question": found,
            "statements": rows,
            "pending": sum(1 for s in rows if s.status == StatementStatus.PENDING),
            "form": form if can_change else None,
            "can_change": can_change,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def statement_moderate(request: OfficeRequest, pk: int, statement: int) -> HttpResponse:
    consultation = _consultation(request, pk, CHANGE)
    found = get_object_or_404(
        Statement.objects.select_related("question"),
        question__consultation=consultation,
        pk=statement,
    )
    form = ModerateForm(request.POST)
    if form.is_valid():
        services.moderate_statement(found, form.cleaned_data["decision"], by=request.user)
        messages.success(
            request,
            _("Statement shown to people.")
            if found.status == StatementStatus.APPROVED
            else _("Statement hidden from people."),
        )
    url = reverse("consultations:statements", args=[consultation.pk, found.question_id])
    return redirect(f"{url}#statement-{found.pk}")
