"""The public pages where anyone has their say: no account, a page per section, works without JS.

Every POST is rate limited (per address and per consultation), carries a honeypot and a signed
note of when the page was shown, and may be refused when it is far too big to read.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.consultations import queries, responding
from engage.consultations.models import Consultation, Response, Status
from engage.consultations.response_forms import (
    AboutYouForm,
    AnswerForm,
    ConsentForm,
    readable_about,
    readable_answer,
    respondent_areas,
    sections_with_questions,
)
from engage.core.models import Office
from engage.core.public_cache import public_page
from engage.core.public_forms import public_post as guard_public_post

# People answering from one library or office share an address: a few dozen pages a minute is a
# room's worth of people; a script sends far more. A whole consultation takes a burst after a
# press release (thousands of people an hour) but not a flood.
# 60/m and 6000/h unless settings say otherwise (only a load test raises them).
PER_ADDRESS = settings.CONSULTATION_POSTS_PER_ADDRESS
PER_CONSULTATION = settings.CONSULTATION_POSTS_PER_CONSULTATION
STARTED_SALT = "engage.consultations.public.started"
# A page left open all day still works; a harvested token from last week does not.
MAX_PAGE_SECONDS = 60 * 60 * 24
# Recently closed consultations stay on the list, with their results.


def _consultation_key(group: str, request: HttpRequest) -> str:
    match = request.resolver_match
    return f"{match.kwargs.get('office')}/{match.kwargs.get('slug')}" if match else ""


def _too_big(request: HttpRequest, kwargs: dict[str, Any]) -> HttpResponse:
    return render(request, "consultations/public/too_big.html", _office_context(kwargs), status=413)


# Rate limits on every POST (one group for every page, so the limits count all the pages' POSTs
# together; "everyone" is per consultation), and a page (not a 400) for a POST too big to read.
public_post = guard_public_post(
    "consultations.public",
    per_address=PER_ADDRESS,
    overall=PER_CONSULTATION,
    overall_key=_consultation_key,
    too_big=_too_big,
)


def _office_context(kwargs: dict[str, Any]) -> dict[str, Any]:
    office = Office.objects.filter(slug=kwargs.get("office", "")).first()
    return {"office": office}


def _too_many(request: HttpRequest, consultation: Consultation) -> HttpResponse | None:
    if getattr(request, "limited", False):
        return render(
            request,
            "consultations/public/too_many.html",
            {"consultation": consultation, "office": consultation.office},
            status=429,
        )
    return None


def _public_consultation(office: str, slug: str) -> Consultation:
    """A consultation people may see: never a draft, never another office's."""
    consultation = get_object_or_404(
        Consultation.objects.select_related("office").exclude(status=Status.DRAFT),
        office__slug=office,
        slug=slug,
    )
    return consultation


def started_token(key: str, at: float | None = None) -> str:
    """A signed note of when a page was shown, for the page it was shown for."""
    return signing.dumps({"k": key, "t": time.time() if at is None else at}, salt=STARTED_SALT)


def _started_ok(request: HttpRequest, key: str) -> bool:
    try:
        started = signing.loads(
            request.POST.get("started", ""), salt=STARTED_SALT, max_age=MAX_PAGE_SECONDS
        )
        return bool(started["k"] == key)
    except (signing.BadSignature, KeyError, TypeError):
        return False


STALE_PAGE = _("This page was open too long or came from somewhere else. Send it again.")


def _is_spam(request: HttpRequest) -> bool:
    return bool(request.POST.get("website"))


def _spam_done(consultation: Consultation) -> HttpResponse:
    # Look as if it worked, so the bot learns nothing.
    return redirect("consultations:public_done", consultation.office.slug, consultation.slug)


# -- pages ------------------------------------------------------------------------------------


@public_page()
def public_list(request: HttpRequest, office: str) -> HttpResponse:
    the_office = get_object_or_404(Office, slug=office)
    return render(
        request,
        "consultations/public/list.html",
        {
            "office": the_office,
            "open_now": queries.open_now(the_office),
            "closed": queries.recently_closed(the_office),
        },
    )


def _closed_context(consultation: Consultation) -> dict[str, Any]:
    today = timezone.localdate()
    not_yet = consultation.status == Status.OPEN and bool(
        consultation.opens_on and today < consultation.opens_on
    )
    return {
        "consultation": consultation,
        "office": consultation.office,
        "not_yet": not_yet,
        "closed_on": consultation.closes_on
        if consultation.closes_on and consultation.closes_on < today
        else None,
    }


def public_start(request: HttpRequest, office: str, slug: str) -> HttpResponse:
    consultation = _public_consultation(office, slug)
    context = _closed_context(consultation)
    context.update(
        {
            "accepting": consultation.is_accepting_responses(),
            "started": started_token(f"c{consultation.pk}"),
        }
    )
    return render(request, "consultations/public/start.html", context)


@require_POST
@public_post
def public_begin(request: HttpRequest, office: str, slug: str) -> HttpResponse:
    """Start a draft and send the person to its private link."""
    consultation = _public_consultation(office, slug)
    if limited := _too_many(request, consultation):
        return limited
    if _is_spam(request):
        return _spam_done(consultation)
    if not _started_ok(request, f"c{consultation.pk}"):
        return redirect(consultation.get_public_url())
    try:
        response = responding.start_response(consultation, language=get_language() or "en-gb")
    except responding.ConsultationClosed:
        return render(request, "consultations/public/closed.html", _closed_context(consultation))
    return redirect(_resume_url(response))


def _resume_url(response: Response) -> str:
    c = response.consultation
    return reverse("consultations:public_resume", args=[c.office.slug, c.slug, response.token])


def _step_url(response: Response, step: int | str) -> str:
    c = response.consultation
    args = [c.office.slug, c.slug, response.token]
    if step == "about":
        return reverse("consultations:public_about", args=args)
    if step == "check":
        return reverse("consultations:public_check", args=args)
    return reverse("consultations:public_section", args=[*args, step])


def _draft(office: str, slug: str, token: str) -> Response:
    if "\x00" in token:  # no token has one, and PostgreSQL refuses a NUL in a query
        raise Http404
    response = responding.response_for_token(office, slug, token)
    if response is None:
        raise Http404
    return response


def _page_context(request: HttpRequest, response: Response, sections: list[Any]) -> dict[str, Any]:
    c = response.consultation
    return {
        "consultation": c,
        "office": c.office,
        "response": response,
        "sections": sections,
        "resume_link": request.build_absolute_uri(_resume_url(response)),
        "started": started_token(response.token),
        "returning": request.GET.get("return") == "check",
    }


def _already_sent(request: HttpRequest, response: Response) -> HttpResponse:
    c = response.consultation
    return render(
        request, "consultations/public/already.html", {"consultation": c, "office": c.office}
    )


def _closed(request: HttpRequest, response: Response) -> HttpResponse:
    context = _closed_context(response.consultation)
    context["refused"] = request.method == "POST"
    return render(request, "consultations/public/closed.html", context)


def _refusal(request: HttpRequest, response: Response) -> HttpResponse | None:
    """The page for a sent response or a consultation that takes no more answers."""
    if response.submitted_at is not None:
        return _already_sent(request, response)
    if not response.consultation.is_accepting_responses():
        return _closed(request, response)
    return None


def _next_step(request: HttpRequest, response: Response, step: int, count: int) -> str:
    if request.GET.get("return") == "check":
        return _step_url(response, "check")
    if step < count:
        return _step_url(response, step + 1)
    return _step_url(response, "about" if response.consultation.ask_demographics else "check")


def _saved_for_later(request: HttpRequest, response: Response, sections: list[Any]) -> HttpResponse:
    return render(
        request, "consultations/public/saved.html", _page_context(request, response, sections)
    )


def public_resume(request: HttpRequest, office: str, slug: str, token: str) -> HttpResponse:
    """The private link: back to the first page not answered yet."""
    response = _draft(office, slug, token)
    if refused := _refusal(request, response):
        return refused
    sections = sections_with_questions(response.consultation)
    return redirect(_step_url(response, responding.first_unanswered_step(response, sections)))


@public_post
def public_section(
    request: HttpRequest, office: str, slug: str, token: str, step: int
) -> HttpResponse:
    response = _draft(office, slug, token)
    consultation = response.consultation
    if limited := _too_many(request, consultation):
        return limited
    if refused := _refusal(request, response):
        return refused
    sections = sections_with_questions(consultation)
    if not 1 <= step <= len(sections):
        raise Http404
    section = sections[step - 1]
    questions = list(section.questions.all())
    data = request.POST if request.method == "POST" else None
    form = AnswerForm(data, questions=questions, answers=response.answers)
    if data is not None:
        if _is_spam(request):
            return _spam_done(consultation)
        valid = form.is_valid()
        if not _started_ok(request, response.token):
            form.add_error(None, STALE_PAGE)
            valid = False
        if valid:
            try:
                responding.save_answers(
                    response, questions, form.cleaned_answers, new_statements=form.new_statements
                )
            except responding.ConsultationClosed:
                return _closed(request, response)
            except responding.AlreadySubmitted:
                return _already_sent(request, response)
            if "save_later" in request.POST:
                return _saved_for_later(request, response, sections)
            return redirect(_next_step(request, response, step, len(sections)))
    context = _page_context(request, response, sections)
    context.update(
        {
            "form": form,
            "errors": form.error_items(),
            "section": section,
            "step": step,
            "back": _step_url(response, step - 1) if step > 1 else consultation.get_public_url(),
        }
    )
    return render(request, "consultations/public/section.html", context)


@public_post
def public_about(request: HttpRequest, office: str, slug: str, token: str) -> HttpResponse:
    response = _draft(office, slug, token)
    consultation = response.consultation
    if not consultation.ask_demographics:
        raise Http404
    if limited := _too_many(request, consultation):
        return limited
    if refused := _refusal(request, response):
        return refused
    sections = sections_with_questions(consultation)
    data = request.POST if request.method == "POST" else None
    form = AboutYouForm(
        data,
        areas=respondent_areas(consultation.office),
        initial=AboutYouForm.initial_from(response),
    )
    if data is not None:
        if _is_spam(request):
            return _spam_done(consultation)
        valid = form.is_valid()
        if not _started_ok(request, response.token):
            form.add_error(None, STALE_PAGE)
            valid = False
        if valid:
            try:
                responding.save_about_you(response, form.about())
            except responding.ConsultationClosed:
                return _closed(request, response)
            except responding.AlreadySubmitted:
                return _already_sent(request, response)
            if "save_later" in request.POST:
                return _saved_for_later(request, response, sections)
            return redirect(_step_url(response, "check"))
    context = _page_context(request, response, sections)
    context.update(
        {
            "form": form,
            "back": _step_url(response, len(sections))
            if sections
            else consultation.get_public_url(),
        }
    )
    return render(request, "consultations/public/about.html", context)


def answer_summary(sections: list[Any], answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Each section's questions with the answers given, for check-your-answers and staff."""
    return [
        {
            "step": step,
            "section": section,
            "rows": [
                {"question": q, "lines": readable_answer(q, answers.get(q.key))}
                for q in section.questions.all()
            ],
        }
        for step, section in enumerate(sections, start=1)
    ]


@public_post
def public_check(request: HttpRequest, office: str, slug: str, token: str) -> HttpResponse:
    response = _draft(office, slug, token)
    consultation = response.consultation
    if limited := _too_many(request, consultation):
        return limited
    if refused := _refusal(request, response):
        return refused
    data = request.POST if request.method == "POST" else None
    form = ConsentForm(data)
    problems: list[dict[str, str]] = []
    if data is not None:
        if _is_spam(request):
            return _spam_done(consultation)
        valid = form.is_valid()
        if not _started_ok(request, response.token):
            form.add_error(None, STALE_PAGE)
            valid = False
        if valid:
            try:
                responding.submit_response(
                    response,
                    wants_outcome=form.cleaned_data["wants_outcome"],
                    email=form.cleaned_data["email"],
                )
            except responding.ConsultationClosed:
                return _closed(request, response)
            except responding.AlreadySubmitted:
                return _already_sent(request, response)
            except ValidationError as error:
                problems = [{"href": "", "text": m} for m in error.messages]
            else:
                return redirect(
                    "consultations:public_done", consultation.office.slug, consultation.slug
                )
    sections = sections_with_questions(consultation)
    context = _page_context(request, response, sections)
    context.update(
        {
            "form": form,
            "problems": problems,
            "summary": answer_summary(sections, response.answers),
            "about": readable_about(response) if consultation.ask_demographics else [],
            "missing": {q.pk for q in responding.missing_required(sections, response.answers)},
            "back": _step_url(
                response, "about" if consultation.ask_demographics else max(len(sections), 1)
            ),
        }
    )
    return render(request, "consultations/public/check.html", context)


def public_done(request: HttpRequest, office: str, slug: str) -> HttpResponse:
    consultation = _public_consultation(office, slug)
    return render(
        request,
        "consultations/public/done.html",
        {"consultation": consultation, "office": consultation.office},
    )
