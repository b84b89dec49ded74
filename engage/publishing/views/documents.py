"""Staff pages for documents open for comment and the comments people send: the list, adding and
editing a document (with its PDF), its preview, publishing, closing early, and the moderation
queue (approve, or reject with a reason kept for staff).

Thin: access, form, one service or query, render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.publishing import queries, services
from engage.publishing.forms import DocumentForm, RejectForm
from engage.publishing.models import Comment, CommentStatus, Document
from engage.publishing.views.common import (
    CHANGE,
    MODERATE,
    PUBLISH,
    VIEW,
    apply_errors,
    preview,
)
from engage.publishing.views.public import document_context


def _document(request: OfficeRequest, pk: int, perm: str) -> Document:
    document = get_for_office_or_404(
        Document.objects.select_related("created_by", "office"), request, pk=pk
    )
    require_perm(request, perm, document)
    return document


@login_required
def document_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, VIEW, request.office)
    page = Paginator(queries.documents_for(request.office), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/document_list.html",
        {"page": page, "counts": queries.comment_counts(request.office)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, CHANGE, request.office)
    form = DocumentForm.for_document(request.POST or None, request.FILES or None, None)
    if request.method == "POST" and form.is_valid():
        document = services.create_document(
            request.office, by=request.user, file=form.file_values()["file"], **form.values()
        )
        messages.success(request, _("Document saved as a draft. Preview it, then publish it."))
        return redirect(document)
    return render(
        request,
        "publishing/document_form.html",
        {"form": form, "document": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, CHANGE)
    form = DocumentForm.for_document(request.POST or None, request.FILES or None, document)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(
                document, by=request.user, **form.file_values(), **form.values()
            )
        except ValidationError as error:
            document.refresh_from_db()
            apply_errors(form, error)
        else:
            messages.success(request, _("Document saved."))
            return redirect(document)
    return render(
        request,
        "publishing/document_form.html",
        {"form": form, "document": document},
        status=400 if form.is_bound else 200,
    )


def _detail(
    request: OfficeRequest, document: Document, problems: list[str] | None = None
) -> HttpResponse:
    return render(
        request,
        "publishing/document_detail.html",
        {
            "document": document,
            "period": document.period(),
            "problems": problems or [],
            "counts": queries.comment_counts(document.office, document),
            "can_change": request.user.has_perm(CHANGE, document),
            "can_publish": request.user.has_perm(PUBLISH, document),
            "can_moderate": request.user.has_perm(MODERATE, document),
            "trail": audit_trail(document)
            if request.user.has_perm("core.view_history", document)
            else None,
        },
        status=400 if problems else 200,
    )


@login_required
def document_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    return _detail(request, _document(request, pk, VIEW))


@login_required
def document_preview(request: OfficeRequest, pk: int) -> HttpResponse:
    """The document's public page as people will see it (without the comment form)."""
    document = _document(request, pk, VIEW)
    return preview(
        request,
        "publishing/public/document.html",
        lambda: document_context(request, document),
        back=document.get_absolute_url(),
    )


@login_required
@require_POST
def document_publish(request: OfficeRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, PUBLISH)
    try:
        services.publish_document(document, by=request.user)
    except ValidationError as error:
        document.refresh_from_db()
        return _detail(request, document, error.messages)
    messages.success(request, _("Published: the document is open for comment on the public site."))
    return redirect(document)


@login_required
@require_POST
def document_close(request: OfficeRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, PUBLISH)
    try:
        services.close_document(document, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Closed: no more comments are taken. Set a later deadline to open it again."),
        )
    return redirect(document)


@login_required
@require_POST
def document_unpublish(request: OfficeRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, PUBLISH)
    try:
        services.unpublish_document(document, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Unpublished: the document and its comments are no longer on the public site. "
                "Its web address is kept."
            ),
        )
    return redirect(document)


# -- comments ---------------------------------------------------------------------------------


@login_required
def comment_list(request: OfficeRequest) -> HttpResponse:
    """The moderation queue: waiting comments oldest first; approved and rejected on tabs."""
    require_perm(request, VIEW, request.office)
    status = request.GET.get("status", CommentStatus.PENDING)
    if status not in CommentStatus.values:
        status = CommentStatus.PENDING
    document = None
    if request.GET.get("document", "").isdigit():
        document = get_for_office_or_404(Document, request, pk=int(request.GET["document"]))
    comments = queries.comments_for(request.office, status=status, document=document)
    page = Paginator(comments, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/comment_list.html",
        {
            "page": page,
            "status": status,
            "statuses": CommentStatus.choices,
            "document": document,
            "counts": queries.comment_counts(request.office, document),
            "waiting": queries.pending_by_document(request.office) if document is None else [],
            "can_moderate": request.user.has_perm(MODERATE, request.office),
        },
    )


def _comment(request: OfficeRequest, pk: int) -> Comment:
    comment = get_for_office_or_404(
        Comment.objects.select_related("document", "area"), request, pk=pk
    )
    require_perm(request, MODERATE, comment)
    return comment


def _back(request: OfficeRequest, comment: Comment) -> str:
    """Back to the queue the person came from: the next comment waiting is at the top."""
    url = reverse("publishing:comments")
    status = request.POST.get("from", "")
    if status in CommentStatus.values and status != CommentStatus.PENDING:
        url += f"?status={status}"
    return url


@login_required
@require_POST
def comment_approve(request: OfficeRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    try:
        services.approve_comment(comment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Comment approved: it is shown on “%(title)s”.") % {"title": comment.document.title},
        )
    return redirect(_back(request, comment))


@login_required
@require_http_methods(["GET", "POST"])
def comment_reject(request: OfficeRequest, pk: int) -> HttpResponse:
    """GET: the comment and a box for the reason; POST: reject it."""
    comment = _comment(request, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reject_comment(comment, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Comment rejected: it is not shown to the public."))
            return redirect(_back(request, comment))
    return render(
        request,
        "publishing/comment_reject.html",
        {
            "comment": comment,
            "form": form,
            "from": request.POST.get("from") or request.GET.get("from", ""),
        },
        status=400 if form.is_bound else 200,
    )
