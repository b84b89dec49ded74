"""Staff pages: preview a survey as respondents see it, read the responses, type in paper ones."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.consultations import responding
from engage.consultations.models import Consultation, Response, ResponseChannel, Status
from engage.consultations.response_forms import (
    ENTRY_CHANNELS,
    AboutYouForm,
    AnswerForm,
    EntryForm,
    readable_about,
    respondent_areas,
    sections_with_questions,
)
from engage.consultations.views.public import answer_summary
from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm

PAGE_SIZE = 50
# The channel typed in last, so a pile of paper forms needs it chosen once.
CHANNEL_KEY = "consultations.entry.channel"


@login_required
def preview(request: OfficeRequest, pk: int) -> HttpResponse:
    """Every section as respondents see it; nothing can be sent from here."""
    consultation = get_for_office_or_404(Consultation, request, pk=pk)
    require_perm(request, "consultations.view_consultation", consultation)
    sections = sections_with_questions(consultation)
    return render(
        request,
        "consultations/entry/preview.html",
        {
            "consultation": consultation,
            "parts": [
                (section, AnswerForm(questions=list(section.questions.all())))
                for section in sections
            ],
            "about": AboutYouForm(areas=respondent_areas(consultation.office))
            if consultation.ask_demographics
            else None,
        },
    )


@login_required
def response_list(request: OfficeRequest, pk: int) -> HttpResponse:
    consultation = get_for_office_or_404(Consultation, request, pk=pk)
    require_perm(request, "consultations.view_consultation", consultation)
    counted = Response.objects.filter(consultation=consultation).submitted()
    by_channel = dict(
        counted.order_by()
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    channel = request.GET.get("channel", "")
    if channel not in ResponseChannel.values:
        channel = ""
    shown = counted.filter(channel=channel) if channel else counted
    page = Paginator(
        shown.select_related("entered_by", "area").order_by("-submitted_at", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/entry/responses.html",
        {
            "consultation": consultation,
            "page": page,
            "channel": channel,
            "channels": [
                (value, label, by_channel.get(value, 0)) for value, label in ResponseChannel.choices
            ],
            "total": sum(by_channel.values()),
        },
    )


@login_required
def response_detail(request: OfficeRequest, pk: int, response: int) -> HttpResponse:
    consultation = get_for_office_or_404(Consultation, request, pk=pk)
    require_perm(request, "consultations.view_consultation", consultation)
    one = get_for_office_or_404(
        Response.objects.filter(
            consultation=consultation, submitted_at__isnull=False
        ).select_related("area", "entered_by"),
        request,
        pk=response,
    )
    sections = sections_with_questions(consultation)
    return render(
        request,
        "consultations/entry/response.html",
        {
            "consultation": consultation,
            "one": one,
            "summary": answer_summary(sections, one.answers),
            "about": readable_about(one),
            "may_see_email": request.user.has_perm("consultations.export_responses", consultation),
        },
    )


def _entry_refusal(consultation: Consultation) -> str:
    if consultation.status == Status.DRAFT:
        return _(
            "This consultation is still a draft. Open it before typing in responses, so the "
            "questions cannot change under them."
        )
    if consultation.status not in (Status.OPEN, Status.CLOSED):
        return _(
            "This consultation has been analysed. Use 'Back to closed' on its overview page "
            "before typing in more responses, then run the analysis again so the results "
            "include them."
        )
    return ""


@login_required
def enter(request: OfficeRequest, pk: int) -> HttpResponse:
    """One page with every question: type in a paper, phone or emailed response and save."""
    consultation = get_for_office_or_404(Consultation, request, pk=pk)
    require_perm(request, "consultations.enter_responses", consultation)
    refusal = _entry_refusal(consultation)
    if refusal:
        return render(
            request,
            "consultations/entry/refused.html",
            {"consultation": consultation, "refusal": refusal},
        )
    sections = sections_with_questions(consultation)
    questions = [q for s in sections for q in s.questions.all()]
    data = request.POST if request.method == "POST" else None
    remembered = request.session.get(CHANNEL_KEY, ResponseChannel.PAPER.value)
    meta = EntryForm(data, initial={"channel": remembered})
    answers = AnswerForm(data, questions=questions)
    about = AboutYouForm(data, areas=respondent_areas(consultation.office), prefix="about")
    problems: list[dict[str, str]] = []
    if data is not None:
        valid = answers.is_valid() & meta.is_valid() & about.is_valid()
        if valid:
            try:
                saved = responding.enter_response(
                    consultation,
                    questions,
                    answers.cleaned_answers,
                    about.about() if consultation.ask_demographics else {},
                    channel=meta.cleaned_data["channel"],
                    source_id=meta.cleaned_data["source_id"].strip(),
                    wants_outcome=meta.cleaned_data["wants_outcome"],
                    email=meta.cleaned_data["email"],
                    new_statements=answers.new_statements,
                    by=request.user,
                )
            except ValidationError as error:
                problems = [{"href": "", "text": m} for m in error.messages]
            else:
                request.session[CHANNEL_KEY] = saved.channel
                messages.success(request, _("Response %(n)s saved.") % {"n": saved.pk})
                if "view" in request.POST:
                    return redirect("consultations:response", consultation.pk, saved.pk)
                return redirect("consultations:enter", consultation.pk)
    errors = problems + answers.error_items() + _items(meta) + _items(about)
    today = timezone.localdate()
    return render(
        request,
        "consultations/entry/enter.html",
        {
            "consultation": consultation,
            "parts": _parts(sections, answers),
            "answers": answers,
            "meta": meta,
            "about": about if consultation.ask_demographics else None,
            "errors": errors,
            "late": bool(consultation.closes_on and today > consultation.closes_on),
            "channels": ENTRY_CHANNELS,
        },
    )


def _parts(sections: list[Any], form: AnswerForm) -> list[tuple[Any, list[Any]]]:
    all_blocks = form.blocks()
    if all_blocks and not form.is_bound:
        all_blocks[0].autofocus = True
    blocks = {b.question.pk: b for b in all_blocks}
    return [(s, [blocks[q.pk] for q in s.questions.all()]) for s in sections]


def _items(form: Any) -> list[dict[str, str]]:
    if not form.is_bound:
        return []
    items = [{"href": "", "text": str(e)} for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name != "__all__":
            items += [{"href": f"#{form[name].auto_id}", "text": str(e)} for e in errors]
    return items
