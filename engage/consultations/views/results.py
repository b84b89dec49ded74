"""Results of a consultation: the staff results page, the free-text themes and answers, the
exports and PDF report, and the public results page once results are published.

Thin: check access, validate with a form, call one service or read, render. The theme services
(rename, merge, split, code by hand) live in themes.py; the figures come from the newest finished
analysis (runs.latest_analysis), read by results.present().
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from engage.consultations import exports, report, results, runs
from engage.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    Response,
    Run,
    RunKind,
    RunStatus,
    Status,
    Theme,
    ThemeCode,
    bilingual,
)
from engage.consultations.results_forms import (
    NOT_CODED,
    AnswerCodeForm,
    AnswerFilterForm,
    CrosstabForm,
    ThemeMergeForm,
    ThemeRenameForm,
    ThemeSplitForm,
)
from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.models import Office
from engage.core.public_cache import Kept, kept, public_page

ANSWERS_PER_PAGE = 20
# The longest published results are kept (public_cache.kept) before they are rendered afresh.
RESULTS_KEPT = 600
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _consultation(request: OfficeRequest, pk: int, perm: str) -> Consultation:
    consultation = get_for_office_or_404(
        Consultation.objects.select_related("area", "office"), request, pk=pk
    )
    require_perm(request, perm, consultation)
    return consultation


def _text_question(consultation: Consultation, pk: int) -> Question:
    return get_object_or_404(Question, pk=pk, consultation=consultation, kind=QuestionKind.TEXT)


def _pending_analysis(consultation: Consultation) -> Run | None:
    return (
        Run.objects.filter(
            consultation=consultation,
            kind=RunKind.ANALYSIS,
            status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        )
        .order_by("-created_at")
        .first()
    )


# The results page and starting an analysis


@login_required
def results_page(request: OfficeRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.view_consultation")
    form = CrosstabForm(request.GET or None)
    by = form.cleaned_data["by"] if form.is_valid() else ""
    run = runs.latest_analysis(consultation)
    return render(
        request,
        "consultations/results/results.html",
        {
            "consultation": consultation,
            "run": run,
            "r": results.present(consultation, run, crosstab=by) if run else None,
            "pending": _pending_analysis(consultation),
            "form": form,
            "responses": Response.objects.submitted().filter(consultation=consultation).count(),
        },
    )


@login_required
@require_POST
def analyse(request: OfficeRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.analyse")
    run = runs.start(request.office, RunKind.ANALYSIS, consultation=consultation, by=request.user)
    return redirect("consultations:run", run=run.pk)


# Themes of a free-text question


def _theme_rows(question: Question) -> list[dict[str, Any]]:
    """Each theme with its keywords, how many answers it holds, and the answers that fit best."""
    from engage.consultations.themes import theme_summary

    return theme_summary(question)


def _answered(consultation: Consultation, question: Question) -> QuerySet[Response]:
    return Response.objects.submitted().filter(
        consultation=consultation, answers__has_key=question.key
    )


def _render_themes(
    request: OfficeRequest,
    consultation: Consultation,
    question: Question,
    merge_form: ThemeMergeForm | None = None,
) -> HttpResponse:
    merge_form = merge_form or ThemeMergeForm(question=question)
    answered = _answered(consultation, question)
    coded = answered.filter(theme_codes__theme__question=question).distinct().count()
    total = answered.count()
    return render(
        request,
        "consultations/results/themes.html",
        {
            "consultation": consultation,
            "question": question,
            "rows": _theme_rows(question),
            "merge_form": merge_form,
            "split_form": ThemeSplitForm(),
            "answered": total,
            "not_coded": total - coded,
        },
        status=400 if merge_form.errors else 200,
    )


@login_required
def themes(request: OfficeRequest, pk: int, question: int) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.analyse")
    return _render_themes(request, consultation, _text_question(consultation, question))


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: OfficeRequest, pk: int, theme: int) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.analyse")
    the_theme = get_object_or_404(
        Theme.objects.select_related("question"), pk=theme, question__consultation=consultation
    )
    form = ThemeRenameForm(request.POST or None, initial={"label": the_theme.label})
    if request.method == "POST" and form.is_valid():
        from engage.consultations.themes import rename_theme

        old = the_theme.label
        rename_theme(the_theme, form.cleaned_data["label"], by=request.user)
        messages.success(
            request,
            _("“%(old)s” is now called “%(new)s”.") % {"old": old, "new": the_theme.label},
        )
        return redirect("consultations:themes", consultation.pk, the_theme.question_id)
    return render(
        request,
        "consultations/results/theme_edit.html",
        {
            "consultation": consultation,
            "question": the_theme.question,
            "theme": the_theme,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def theme_merge(request: OfficeRequest, pk: int, question: int) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.analyse")
    the_question = _text_question(consultation, question)
    form = ThemeMergeForm(request.POST, question=the_question)
    if not form.is_valid():
        return _render_themes(request, consultation, the_question, merge_form=form)
    from engage.consultations.themes import merge_themes

    into = form.cleaned_data["into"]
    others = form.others()
    merge_themes(into, others, by=request.user)
    messages.success(
        request,
        _("Merged %(count)s themes into “%(theme)s”.")
        % {"count": len(others) + 1, "theme": into.label},
    )
    return redirect("consultations:themes", consultation.pk, the_question.pk)


@login_required
@require_POST
def theme_split(request: OfficeRequest, pk: int, theme: int) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.analyse")
    the_theme = get_object_or_404(
        Theme.objects.select_related("question"), pk=theme, question__consultation=consultation
    )
    form = ThemeSplitForm(request.POST)
    parts = form.cleaned_data["parts"] if form.is_valid() else 2
    from engage.consultations.themes import split_theme

    label = the_theme.label
    try:
        made = split_theme(the_theme, by=request.user, parts=parts)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Split “%(theme)s” into %(names)s.")
            % {"theme": label, "names": results.join_words([f"“{t.label}”" for t in made])},
        )
    return redirect("consultations:themes", consultation.pk, the_theme.question_id)


# The free-text answers, to read and code by hand


@login_required
def answers(request: OfficeRequest, pk: int, question: int) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.analyse")
    the_question = _text_question(consultation, question)
    form = AnswerFilterForm(request.GET or None, question=the_question)
    chosen = form.cleaned_data["theme"] if form.is_valid() else ""
    qs = _answered(consultation, the_question)
    if chosen == NOT_CODED:
        qs = qs.exclude(theme_codes__theme__question=the_question)
    elif chosen:
        qs = qs.filter(theme_codes__theme_id=int(chosen))
    codes = ThemeCode.objects.filter(theme__question=the_question).select_related("theme")
    qs = qs.prefetch_related(Prefetch("theme_codes", queryset=codes, to_attr="codes")).order_by(
        "pk"
    )
    page = Paginator(qs, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    here = request.get_full_path()
    items = [
        {
            "response": response,
            "text": response.answers.get(the_question.key, ""),
            "codes": response.codes,  # type: ignore[attr-defined]
            "form": AnswerCodeForm(
                question=the_question,
                initial={"themes": [c.theme_id for c in response.codes], "next": here},  # type: ignore[attr-defined]
                prefix=f"r{response.pk}",
            ),
        }
        for response in page
    ]
    return render(
        request,
        "consultations/results/answers.html",
        {
            "consultation": consultation,
            "question": the_question,
            "form": form,
            "page": page,
            "items": items,
            "querystring": query.urlencode(),
            "filtered": bool(chosen),
        },
    )


@login_required
@require_POST
def answer_code(request: OfficeRequest, pk: int, question: int, response: int) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.analyse")
    the_question = _text_question(consultation, question)
    the_response = get_object_or_404(
        Response.objects.submitted(), pk=response, consultation=consultation
    )
    form = AnswerCodeForm(request.POST, question=the_question, prefix=f"r{the_response.pk}")
    back = reverse("consultations:answers", args=[consultation.pk, the_question.pk])
    if form.is_valid():
        from engage.consultations.themes import code_answer

        code_answer(the_response, the_question, list(form.cleaned_data["themes"]), by=request.user)
        names = [t.label for t in form.cleaned_data["themes"]]
        messages.success(
            request,
            _("Answer %(n)s is now in %(themes)s.")
            % {"n": the_response.pk, "themes": results.join_words([f"“{n}”" for n in names])}
            if names
            else _("Answer %(n)s is now in no theme.") % {"n": the_response.pk},
        )
        wanted = form.cleaned_data.get("next") or ""
        if url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = wanted
    else:
        messages.error(request, _("Choose themes from the list."))
    return redirect(f"{back}#answer-{the_response.pk}")


# Exports and the PDF report


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def export_responses(request: OfficeRequest, pk: int, fmt: str) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.export_responses")
    if fmt not in FORMATS:
        raise Http404
    rows = exports.response_rows(
        consultation,
        with_contact=request.user.has_perm("consultations.export_responses", consultation),
    )
    content = exports.as_csv(rows) if fmt == "csv" else exports.as_xlsx([(_("Responses"), rows)])
    return _download(content, FORMATS[fmt], f"{consultation.slug}-responses.{fmt}")


def _no_analysis(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    return render(
        request,
        "consultations/results/no_analysis.html",
        {"consultation": consultation},
        status=404,
    )


@login_required
def export_results(request: OfficeRequest, pk: int, fmt: str) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.view_consultation")
    if fmt not in FORMATS:
        raise Http404
    run = runs.latest_analysis(consultation)
    if run is None:
        return _no_analysis(request, consultation)
    if fmt == "csv":
        content = exports.as_csv(exports.result_rows(consultation, run))
    else:
        content = exports.as_xlsx(
            [
                (_("Results"), exports.result_rows(consultation, run)),
                (_("Who responded"), exports.representativeness_rows(run)),
            ]
        )
    return _download(content, FORMATS[fmt], f"{consultation.slug}-results.{fmt}")


@login_required
def report_pdf(request: OfficeRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, "consultations.view_consultation")
    run = runs.latest_analysis(consultation)
    if run is None:
        return _no_analysis(request, consultation)
    pdf = report.render_pdf(consultation, run)
    return _download(pdf, "application/pdf", report.filename(consultation))


# The public results page


def _published(office: str, slug: str) -> Consultation:
    """A consultation the public may see (never a draft), of the office in the address."""
    the_office = get_object_or_404(Office, slug=office)
    return get_object_or_404(
        Consultation.objects.select_related("office", "area").exclude(status=Status.DRAFT),
        office=the_office,
        slug=slug,
    )


@public_page()
def public_results(request: HttpRequest, office: str, slug: str) -> HttpResponse:
    """A published consultation's results, for anyone. The figures are rendered once per
    language and kept until what they are made from changes (see public_cache.kept and the watch
    in apps.py)."""
    consultation = _published(office, slug)
    context: dict[str, Any] = {"consultation": consultation, "office": consultation.office}
    if consultation.status != Status.PUBLISHED:
        return render(request, "consultations/results/public_not_yet.html", context)
    made = kept("results", (consultation.pk,), lambda: _public_body(request, consultation))
    return render(request, "consultations/results/public.html", {**context, "content": made.html})


def _public_body(request: HttpRequest, consultation: Consultation) -> Kept:
    run = runs.latest_analysis(consultation)
    html = render_to_string(
        "consultations/results/_public_body.html",
        {
            "consultation": consultation,
            "office": consultation.office,
            "r": results.present(consultation, run, published=True) if run else None,
            "summary": bilingual(consultation, "results_summary"),
        },
        request,
    )
    return Kept(html, seconds=RESULTS_KEPT)


@ratelimit(key="ip", rate="30/m", block=False)
def public_report_pdf(request: HttpRequest, office: str, slug: str) -> HttpResponse:
    consultation = _published(office, slug)
    run = runs.latest_analysis(consultation)
    if consultation.status != Status.PUBLISHED or run is None:
        raise Http404
    if getattr(request, "limited", False):
        return HttpResponse(
            _("Too many downloads from your connection. Wait a minute, then try again."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    pdf = report.render_pdf(consultation, run, published=True)
    return _download(pdf, "application/pdf", report.filename(consultation, published=True))
