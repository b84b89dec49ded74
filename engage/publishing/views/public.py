"""Public pages: the office's news, its documents open for comment, and commenting on one.

No sign-in, English or Welsh (what has no Welsh is shown in English and marked so), no JavaScript
needed. Only published news and documents are shown (anything else is "not found"), and of the
comments only those staff approved: nothing waiting or rejected, and no count of them.

Pages without a form are cached (`public_page`); a document open for comment carries the comment
form, so its page is made fresh for each visitor. Posting a comment follows the public forms'
rules (engage.core.public_forms): a honeypot, a minimum time, rate limits.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control

from engage.core.bilingual import has_welsh, welsh_active
from engage.core.models import Office
from engage.core.public_cache import public_page
from engage.core.public_forms import public_post, started_token, too_many
from engage.publishing import queries, services
from engage.publishing.forms import COMMENT_LIMIT, CommentForm
from engage.publishing.models import Document, NewsItem

T = "publishing/public/"
NEWS_PER_PAGE = 10
COMMENTS_PER_PAGE = 50


def _office(slug: str) -> Office:
    return get_object_or_404(Office, slug=slug)


def _english_only(obj: object, *names: str) -> dict[str, bool]:
    """For each field: shown in English to someone reading in Welsh (so marked lang="en")."""
    welsh = welsh_active()
    return {name: welsh and bool(getattr(obj, name)) and not has_welsh(obj, name) for name in names}


# -- news -------------------------------------------------------------------------------------


@public_page()
def news(request: HttpRequest, office: str) -> HttpResponse:
    found = _office(office)
    page = Paginator(queries.published_news(found), NEWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        T + "news_list.html",
        {
            "office": found,
            "page": page,
            "open_documents": queries.open_documents(found),
            "welsh": welsh_active(),
        },
    )


def news_item_context(item: NewsItem) -> dict[str, Any]:
    return {
        "office": item.office,
        "item": item,
        "english": _english_only(item, "title", "summary", "body"),
        "welsh": welsh_active(),
    }


@public_page()
def news_item(request: HttpRequest, office: str, slug: str) -> HttpResponse:
    found = _office(office)
    item = get_object_or_404(queries.published_news(found), slug=slug)
    return render(request, T + "news_item.html", news_item_context(item))


# -- documents --------------------------------------------------------------------------------


@public_page()
def documents(request: HttpRequest, office: str) -> HttpResponse:
    found = _office(office)
    return render(
        request,
        T + "document_list.html",
        {
            "office": found,
            "documents": queries.documents_for_public(found),
            "welsh": welsh_active(),
        },
    )


def document_context(
    request: HttpRequest, document: Document, form: CommentForm | None = None
) -> dict[str, Any]:
    """The document's page: the document, its approved comments, and the form while open."""
    comments = Paginator(queries.approved_comments(document), COMMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context: dict[str, Any] = {
        "office": document.office,
        "document": document,
        "period": document.period(),
        "comments": comments,
        "english": _english_only(document, "title", "summary", "body"),
        "welsh": welsh_active(),
        "limit": COMMENT_LIMIT,
    }
    if form is not None:
        context["form"] = form
        context["started"] = started_token(_guard(document))
    return context


def _guard(document: Document) -> str:
    return f"comment:{document.pk}"


def _thanks(document: Document) -> HttpResponse:
    return redirect("publishing:comment_thanks", document.office.slug, document.slug)


@public_page()
def _closed_document(request: HttpRequest, document: Document) -> HttpResponse:
    """A document past its deadline: no form, so the page is the same for everyone."""
    return render(request, T + "document.html", document_context(request, document))


def _refused(request: HttpRequest, document: Document) -> HttpResponse:
    """A comment posted after the deadline: say so, and give back what was typed."""
    return render(
        request,
        T + "comment_refused.html",
        {
            "office": document.office,
            "document": document,
            "typed": request.POST.get("text", "")[: COMMENT_LIMIT * 2],
            "welsh": welsh_active(),
        },
        status=403,
    )


@public_post("publishing.comment")
def document(request: HttpRequest, office: str, slug: str) -> HttpResponse:
    """The document with its approved comments; until the deadline, the comment form."""
    found = _office(office)
    the_document = get_object_or_404(queries.public_documents(found), slug=slug)
    if request.method == "POST":
        if request.limited:  # type: ignore[attr-defined]
            return too_many(request, {"office": found})
        if not the_document.is_open:
            return _refused(request, the_document)
        form = CommentForm(request.POST, office=found, guard_key=_guard(the_document))
        if form.is_spam():
            return _thanks(the_document)  # as if it worked; nothing is stored
        if form.is_valid():
            try:
                services.add_comment(the_document, **form.values())
            except services.CommentsClosed:
                return _refused(request, the_document)
            return _thanks(the_document)
    elif not the_document.is_open:
        return _closed_document(request, the_document)
    else:
        form = CommentForm(office=found, guard_key=_guard(the_document))
    return render(request, T + "document.html", document_context(request, the_document, form))


@public_page()
def comment_thanks(request: HttpRequest, office: str, slug: str) -> HttpResponse:
    found = _office(office)
    the_document = get_object_or_404(queries.public_documents(found), slug=slug)
    return render(
        request,
        T + "comment_thanks.html",
        {"office": found, "document": the_document, "welsh": welsh_active()},
    )


def document_file(request: HttpRequest, office: str, slug: str) -> FileResponse:
    """The document's PDF: for anyone once published; for the office's staff while a draft."""
    found = _office(office)
    the_document = get_object_or_404(Document.objects.for_office(found), slug=slug)
    public = the_document.is_published
    if not the_document.file or not (
        public or request.user.has_perm("publishing.view_item", the_document)
    ):
        raise Http404
    try:
        handle = the_document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type="application/pdf",
        filename=the_document.file_name or f"{the_document.slug}.pdf",
    )
    if public and not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
