"""Staff pages for evaluation: by channel and type, the table of activities, the meetings to
review, and social media (campaigns, the import of the platforms' exports, posts)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from engage.core.access import OfficeRequest, get_for_office_or_404, require_perm
from engage.core.uploads import clear_upload, stash_upload, stashed_upload
from engage.evaluation import queries, services
from engage.evaluation.forms import (
    CampaignForm,
    ImportForm,
    PeriodForm,
    PostCampaignForm,
    PostFilterForm,
    SortForm,
)
from engage.evaluation.models import Campaign, SocialPost
from engage.evaluation.social import LAYOUTS, plan_import_file

IMPORT_SESSION_KEY = "evaluation_social_import"
CAMPAIGN_SESSION_KEY = "evaluation_social_import_campaign"
PAGE_SIZE = 50
COLUMNS = [
    ("date", gettext_lazy("Date"), False),
    ("title", gettext_lazy("Activity"), False),
    ("type", gettext_lazy("Type"), False),
    ("channel", gettext_lazy("Channel"), False),
    ("area", gettext_lazy("Area"), False),
    ("people", gettext_lazy("People reached"), True),
    ("cost", gettext_lazy("Cost"), True),
    ("hours", gettext_lazy("Staff hours"), True),
    ("cost_per_person", gettext_lazy("Cost per person"), True),
    ("rating", gettext_lazy("Average rating"), True),
    ("ratings", gettext_lazy("Ratings"), True),
    ("concerns", gettext_lazy("Concerns"), True),
    ("decisions", gettext_lazy("Decisions fed"), True),
]


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _period(
    request: OfficeRequest, *, with_area: bool = True
) -> tuple[PeriodForm, dict[str, object]]:
    form = PeriodForm(
        request.GET or None,
        office=request.office,
        today=timezone.localdate(),
        with_area=with_area,
    )
    start, end, area = form.period()
    return form, {"start": start, "end": end, "area": area}


@login_required
def index(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "evaluation.view_evaluation", request.office)
    form, period = _period(request)
    result = queries.overview(request.office, **period)  # type: ignore[arg-type]
    return render(
        request,
        "evaluation/index.html",
        {"form": form, "overview": result, "querystring": request.GET.urlencode(), **period},
    )


@login_required
def activities(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "evaluation.view_evaluation", request.office)
    form, period = _period(request)
    sort_form = SortForm(request.GET)
    sort_form.is_valid()
    sort = sort_form.cleaned_data.get("sort") or "date"
    default_order = "asc" if sort in ("title", "type", "channel", "area") else "desc"
    order = sort_form.cleaned_data.get("order") or default_order
    rows = queries.sort_activities(
        queries.by_activity(request.office, **period),  # type: ignore[arg-type]
        sort,
        order == "desc",
    )
    query = request.GET.copy()
    columns = []
    for key, label, numeric in COLUMNS:
        current = key == sort
        # A column sorts biggest (or latest) first on the first click, words A to Z.
        first = "asc" if key in ("title", "type", "channel", "area") else "desc"
        next_order = ("asc" if order == "desc" else "desc") if current else first
        query["sort"], query["order"] = key, next_order
        columns.append(
            {
                "label": label,
                "numeric": numeric,
                "href": "?" + query.urlencode(),
                "aria_sort": ("descending" if order == "desc" else "ascending")
                if current
                else "none",
            }
        )
    return render(
        request,
        "evaluation/activities.html",
        {
            "form": form,
            "rows": rows,
            "columns": columns,
            "sort": sort,
            "order": order,
            **period,
        },
    )


@login_required
def flags(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "evaluation.view_evaluation", request.office)
    return render(
        request,
        "evaluation/flags.html",
        {"flags": queries.flagged_series(request.office, today=timezone.localdate())},
    )


@login_required
def social(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "evaluation.view_evaluation", request.office)
    form, period = _period(request, with_area=False)
    period.pop("area")
    return render(
        request,
        "evaluation/social.html",
        {
            "form": form,
            "campaigns": queries.social_by_campaign(request.office, **period),  # type: ignore[arg-type]
            "all_campaigns": Campaign.objects.for_office(request.office),
            **period,
        },
    )


def _import_page(request: OfficeRequest, form: ImportForm, plan: object = None) -> HttpResponse:
    return render(
        request, "evaluation/social_import.html", {"form": form, "plan": plan, "layouts": LAYOUTS}
    )


@login_required
def social_import(request: OfficeRequest) -> HttpResponse:
    """Upload an export and see what importing it would do; nothing is saved yet."""
    require_perm(request, "evaluation.import_social", request.office)
    form = ImportForm(_posted(request), request.FILES or None, office=request.office)
    plan = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        campaign = form.cleaned_data["campaign"]
        content = upload.read()
        plan = plan_import_file(request.office, content, upload.name, campaign)
        if plan.can_import:
            stash_upload(request, IMPORT_SESSION_KEY, content, upload.name)
            request.session[CAMPAIGN_SESSION_KEY] = campaign.pk if campaign else None
        else:
            clear_upload(request, IMPORT_SESSION_KEY)
    return _import_page(request, form, plan)


@login_required
@require_POST
def social_import_confirm(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "evaluation.import_social", request.office)
    stored = stashed_upload(request, IMPORT_SESSION_KEY)
    if stored is None:
        messages.error(request, _("Upload the file again: the previewed file was not found."))
        return redirect("evaluation:social_import")
    campaign_pk = request.session.get(CAMPAIGN_SESSION_KEY)
    campaign = (
        Campaign.objects.for_office(request.office).filter(pk=campaign_pk).first()
        if campaign_pk
        else None
    )
    try:
        result = services.import_posts(
            request.office, stored.data, stored.filename, campaign=campaign, by=request.user
        )
    except services.ImportRefused as refused:
        clear_upload(request, IMPORT_SESSION_KEY)
        return _import_page(request, ImportForm(office=request.office), refused.plan)
    clear_upload(request, IMPORT_SESSION_KEY)
    request.session.pop(CAMPAIGN_SESSION_KEY, None)
    messages.success(
        request,
        _("Posts imported: %(added)s added, %(updated)s updated, %(unchanged)s unchanged.")
        % {"added": result.added, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("evaluation:social")


@login_required
def campaign_add(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "evaluation.change_campaign", request.office)
    form = CampaignForm(_posted(request), office=request.office)
    if request.method == "POST" and form.is_valid():
        campaign = services.create_campaign(request.office, by=request.user, **form.cleaned_data)
        messages.success(request, _("Campaign %(name)s added.") % {"name": campaign.name})
        return redirect("evaluation:social")
    return render(request, "evaluation/campaign_form.html", {"form": form})


@login_required
def campaign_edit(request: OfficeRequest, pk: int) -> HttpResponse:
    campaign = get_for_office_or_404(Campaign, request, pk=pk)
    require_perm(request, "evaluation.change_campaign", campaign)
    initial = {
        "name": campaign.name,
        "hashtags": campaign.hashtags_display,
        "description": campaign.description,
        "activities": list(campaign.activities.all()),
    }
    form = CampaignForm(_posted(request), initial=initial, office=request.office, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        services.update_campaign(campaign, by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes to %(name)s saved.") % {"name": campaign.name})
        return redirect("evaluation:social")
    return render(request, "evaluation/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def posts(request: OfficeRequest) -> HttpResponse:
    require_perm(request, "evaluation.view_evaluation", request.office)
    form = PostFilterForm(request.GET, office=request.office)
    form.is_valid()
    chosen = {k: v for k, v in form.cleaned_data.items() if v and k not in form.errors}
    listed = SocialPost.objects.for_office(request.office).select_related("campaign")
    if chosen.get("platform"):
        listed = listed.filter(platform=chosen["platform"])
    if chosen.get("campaign") == "none":
        listed = listed.filter(campaign__isnull=True)
    elif chosen.get("campaign"):
        listed = listed.filter(campaign_id=chosen["campaign"])
    page = Paginator(listed.order_by("-published_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "evaluation/posts.html",
        {"form": form, "page": page, "querystring": query.urlencode(), "filtered": bool(chosen)},
    )


@login_required
def post_campaign(request: OfficeRequest, pk: int) -> HttpResponse:
    post = get_for_office_or_404(SocialPost.objects.select_related("campaign"), request, pk=pk)
    require_perm(request, "evaluation.change_campaign", post)
    form = PostCampaignForm(
        _posted(request), initial={"campaign": post.campaign}, office=request.office
    )
    if request.method == "POST" and form.is_valid():
        services.set_post_campaign(post, form.cleaned_data["campaign"], by=request.user)
        messages.success(request, _("The post's campaign is saved."))
        return redirect("evaluation:posts")
    return render(request, "evaluation/post_campaign.html", {"form": form, "post": post})
