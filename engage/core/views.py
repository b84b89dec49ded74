from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from engage.core.access import require_perm
from engage.core.models import Office


def home(request: HttpRequest) -> HttpResponse:
    """Staff: their start page (this week's meetings, open actions, commitments due). Anyone
    else: the public site of the office (of the offices' list when there are several)."""
    if not request.user.is_authenticated:
        offices = list(Office.objects.order_by("name")[:100])
        if len(offices) == 1:
            return redirect("public:home", offices[0].slug)
        if not offices:
            return redirect_to_login(request.get_full_path())
        return render(request, "core/offices.html", {"offices": offices})
    return _staff_home(request)


@login_required
def _staff_home(request: HttpRequest) -> HttpResponse:
    if request.office is None:  # type: ignore[attr-defined]
        return render(request, "core/no_office.html", status=403)
    require_perm(request, "core.view_office", request.office)  # type: ignore[attr-defined]
    from engage.meetings.queries import dashboard_for

    return render(request, "core/home.html", dashboard_for(request.user, request.office))  # type: ignore[arg-type, attr-defined]


@require_GET
@cache_control(max_age=3600, public=True)
def office_theme(request: HttpRequest, slug: str) -> HttpResponse:
    """The office's own colours as a stylesheet, so that no inline style is needed (CSP)."""
    office = get_object_or_404(Office, slug=slug)
    css = (
        f".engage-header{{background-color:{office.colour};border-bottom-color:#0b0c0c}}\n"
        ".engage-header .govuk-header__homepage-link{color:#fff}\n"
    )
    return HttpResponse(css, content_type="text/css")


@require_GET
def set_language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch language by a plain link (works without JavaScript) and remember the choice."""
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if check_for_language(code) and code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=60 * 60 * 24 * 365,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


# security.txt says when it stops being valid; RFC 9116 asks for less than a year ahead.
SECURITY_TXT_VALID = dt.timedelta(days=180)


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116): how to report a vulnerability privately."""
    from django.utils import timezone

    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACT]
    expires = (timezone.now() + SECURITY_TXT_VALID).replace(microsecond=0)
    lines.append(f"Expires: {expires.astimezone(dt.UTC).isoformat().replace('+00:00', 'Z')}")
    lines.append("Preferred-Languages: en, cy")
    lines.append(f"Canonical: {request.build_absolute_uri(request.path)}")
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
