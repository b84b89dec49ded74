"""Importing responses from a file or a Pol.is export, and the progress page of long work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from engage.consultations import imports, polis
from engage.consultations.import_forms import PolisUploadForm, ResponsesUploadForm
from engage.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    Run,
    RunKind,
    RunStatus,
)
from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.uploads import clear_upload, stash_upload, stashed_upload


def _consultation(request: OfficeRequest, pk: int) -> Consultation:
    consultation = get_for_office_or_404(Consultation, request, pk=pk)
    require_perm(request, "consultations.import_responses", consultation)
    return consultation


def _responses_key(consultation: Consultation) -> str:
    return f"consultations-import-{consultation.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def import_responses(request: OfficeRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    form = (
        ResponsesUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else ResponsesUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        stash_upload(
            request,
            _responses_key(consultation),
            form.cleaned_data["data"],
            form.cleaned_data["file"].name,
        )
        return redirect("consultations:import_preview", consultation.pk)
    return render(
        request,
        "consultations/imports/upload.html",
        {
            "consultation": consultation,
            "form": form,
            "questions": imports.numbered_questions(consultation),
            "about_you": imports.ABOUT_YOU,
            "other_columns": imports.OTHER_COLUMNS,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: OfficeRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    stored = stashed_upload(request, _responses_key(consultation))
    if stored is None:
        messages.info(request, _("Choose the file of responses first."))
        return redirect("consultations:import", consultation.pk)
    plan = imports.preview(consultation, stored.data, stored.filename)
    if request.method == "POST":
        if request.POST.get("digest") != stored.digest:
            messages.info(request, _("The file changed since you looked at it. Check it again."))
            return redirect("consultations:import_preview", consultation.pk)
        if plan.can_import:
            run = imports.start_import(consultation, stored.data, stored.filename, by=request.user)
            clear_upload(request, _responses_key(consultation))
            return redirect("consultations:run", run.pk)
    return render(
        request,
        "consultations/imports/preview.html",
        {"consultation": consultation, "plan": plan, "first_rows": plan.first_rows()},
        status=200 if plan.can_import else 400,
    )


def _statements_question(request: OfficeRequest, pk: int, question: int) -> Question:
    consultation = _consultation(request, pk)
    found = get_object_or_404(
        Question.objects.select_related("consultation__office"),
        pk=question,
        consultation=consultation,
    )
    if found.kind != QuestionKind.STATEMENTS:
        raise Http404
    return found


def _polis_key(question: Question) -> str:
    return f"consultations-polis-{question.consultation_id}-{question.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def polis_import(request: OfficeRequest, pk: int, question: int) -> HttpResponse:
    found = _statements_question(request, pk, question)
    form = (
        PolisUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else PolisUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["files"]
        stash_upload(request, _polis_key(found), polis.pack(files), " + ".join(sorted(files)))
        return redirect("consultations:polis_import_preview", found.consultation_id, found.pk)
    return render(
        request,
        "consultations/imports/polis_upload.html",
        {"consultation": found.consultation, "question": found, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def polis_import_preview(request: OfficeRequest, pk: int, question: int) -> HttpResponse:
    found = _statements_question(request, pk, question)
    stored = stashed_upload(request, _polis_key(found))
    if stored is None:
        messages.info(request, _("Choose the Pol.is files first."))
        return redirect("consultations:polis_import", found.consultation_id, found.pk)
    files = polis.unpack(stored.data)
    checked = polis.preview(found, files)
    if request.method == "POST":
        if request.POST.get("digest") != checked.digest:
            messages.info(request, _("The files changed since you looked at them. Check again."))
            return redirect("consultations:polis_import_preview", found.consultation_id, found.pk)
        if checked.can_import:
            run = polis.start_polis_import(found, files, by=request.user)
            clear_upload(request, _polis_key(found))
            return redirect("consultations:run", run.pk)
    return render(
        request,
        "consultations/imports/polis_preview.html",
        {
            "consultation": found.consultation,
            "question": found,
            "preview": checked,
            "first_statements": checked.data.comments[:10],
        },
        status=200 if checked.can_import else 400,
    )


def _run_context(run: Run) -> dict[str, Any]:
    onward = ""
    if run.status == RunStatus.DONE and run.consultation_id:
        onward = "results" if run.kind == RunKind.ANALYSIS else "responses"
    return {
        "run": run,
        "consultation": run.consultation,
        "working": run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
        "onward": onward,
        "result": run.result if run.status == RunStatus.DONE else {},
    }


@login_required
@require_http_methods(["GET"])
def run_page(request: OfficeRequest, run: int) -> HttpResponse:
    found = get_for_office_or_404(Run.objects.select_related("consultation"), request, pk=run)
    require_perm(request, "consultations.view_consultation", found.consultation or found.office)
    context = _run_context(found)
    if getattr(request, "htmx", False):
        return render(request, "consultations/imports/_run_status.html", context)
    return render(request, "consultations/imports/run.html", context)
