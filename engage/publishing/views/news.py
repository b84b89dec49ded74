"""Staff pages for news: the list, writing and editing an item, its preview, publishing it.

Thin: access, form, one service or query, render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.audit import audit_trail
from engage.publishing import queries, services
from engage.publishing.forms import NewsForm
from engage.publishing.models import NewsItem
from engage.publishing.views.common import CHANGE, PUBLISH, VIEW, preview
from engage.publishing.views.public import news_item_context


def _item(request: OfficeRequest, pk: int, perm: str) -> NewsItem:
    item = get_for_office_or_404(NewsItem.objects.select_related("created_by"), request, pk=pk)
    require_perm(request, perm, item)
    return item


@login_required
def news_list(request: OfficeRequest) -> HttpResponse:
    require_perm(request, VIEW, request.office)
    page = Paginator(queries.news_for(request.office), 50).get_page(request.GET.get("page"))
    return render(request, "publishing/news_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def news_create(request: OfficeRequest) -> HttpResponse:
    require_perm(request, CHANGE, request.office)
    form = NewsForm.for_item(request.POST or None, None)
    if request.method == "POST" and form.is_valid():
        item = services.create_news(request.office, by=request.user, **form.values())
        messages.success(request, _("News item saved as a draft. Preview it, then publish it."))
        return redirect(item)
    return render(
        request,
        "publishing/news_form.html",
        {"form": form, "item": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, CHANGE)
    form = NewsForm.for_item(request.POST or None, item)
    if request.method == "POST" and form.is_valid():
        services.update_news(item, by=request.user, **form.values())
        messages.success(request, _("News item saved."))
        return redirect(item)
    return render(
        request,
        "publishing/news_form.html",
        {"form": form, "item": item},
        status=400 if form.is_bound else 200,
    )


def _detail(
    request: OfficeRequest, item: NewsItem, problems: list[str] | None = None
) -> HttpResponse:
    can_publish = request.user.has_perm(PUBLISH, item)
    return render(
        request,
        "publishing/news_detail.html",
        {
            "item": item,
            "problems": problems or [],
            "can_change": request.user.has_perm(CHANGE, item),
            "can_publish": can_publish,
            "trail": audit_trail(item)
            if request.user.has_perm("core.view_history", item)
            else None,
        },
        status=400 if problems else 200,
    )


@login_required
def news_detail(request: OfficeRequest, pk: int) -> HttpResponse:
    return _detail(request, _item(request, pk, VIEW))


@login_required
def news_preview(request: OfficeRequest, pk: int) -> HttpResponse:
    """The item as the public will see it, in English or (?language=cy) Welsh."""
    item = _item(request, pk, VIEW)
    return preview(
        request,
        "publishing/public/news_item.html",
        lambda: news_item_context(item),
        back=item.get_absolute_url(),
    )


@login_required
@require_POST
def news_publish(request: OfficeRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, PUBLISH)
    try:
        services.publish_news(item, by=request.user)
    except ValidationError as error:
        item.refresh_from_db()
        return _detail(request, item, error.messages)
    messages.success(request, _("Published: the news item is on the public site."))
    return redirect(item)


@login_required
@require_POST
def news_unpublish(request: OfficeRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, PUBLISH)
    try:
        services.unpublish_news(item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Unpublished: the news item is no longer on the public site. Its web address is kept."
            ),
        )
    return redirect(item)
