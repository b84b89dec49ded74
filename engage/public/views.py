"""The public site's own pages: the office's home, the Commissioner's diary, the accessibility
statement and the privacy notice; and what makes it an installable app (the manifest, the service
worker, the offline page). Other sections (have your say, you said we did, surgeries,
alerts, news, contact) are public pages of their own apps, under the same menu."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from engage.consultations import queries as consultations
from engage.core.bilingual import welsh_active
from engage.core.models import Office
from engage.core.public_cache import Kept, kept, public_page
from engage.decisions import outcome_queries as decisions
from engage.meetings import ical
from engage.meetings.diary import PublicEntry, public_diary
from engage.places.models import Area, AreaKind
from engage.public import privacy
from engage.publishing import queries as publishing

# How far the diary looks: the months ahead, and the months of "where they were".
AHEAD = dt.timedelta(days=92)
BEHIND = dt.timedelta(days=183)
HOME_UPCOMING = 4
HOME_RECENT = 3
HOME_NEWS = 3
# The longest the diary's content is kept (public_cache.kept) before it is rendered afresh.
DIARY_KEPT = 60


def _office(slug: str) -> Office:
    return get_object_or_404(Office, slug=slug)


def _window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return now - BEHIND, now + AHEAD


@public_page()
def home(request: HttpRequest, office: str) -> HttpResponse:
    found = _office(office)
    now = timezone.now()
    entries = public_diary(found, start=now - BEHIND, end=now + AHEAD)
    upcoming = [e for e in entries if not e.is_past and not e.cancelled][:HOME_UPCOMING]
    recent = [e for e in reversed(entries) if e.is_past and not e.cancelled][:HOME_RECENT]
    return render(
        request,
        "public/home.html",
        {
            "office": found,
            "upcoming": upcoming,
            "recent": recent,
            "open_consultations": consultations.open_now(found),
            "open_documents": publishing.open_documents(found, now),
            "latest_outcome": decisions.published_outcomes(found).first(),
            "news": publishing.latest_news(found, HOME_NEWS),
            "welsh": welsh_active(),
        },
    )


def _diary_areas(office: Office) -> list[tuple[int, str]]:
    """The places to filter the diary by, as (pk, label): the districts ("All of Rugby"), then
    the forum areas ("Bilton (Rugby)"). Rows, not models: the list is long and only labelled."""
    rows = (
        Area.objects.for_office(office)
        .filter(kind__in=[AreaKind.DISTRICT, AreaKind.FORUM_AREA])
        .order_by("kind", "name")
        .values_list("pk", "kind", "name", "parent__name")
    )
    return [
        (
            pk,
            f"{name} ({parent or ''})"
            if kind == AreaKind.FORUM_AREA
            else _("All of %(name)s") % {"name": name},
        )
        for pk, kind, name, parent in rows
    ]


def _chosen_area(
    request: HttpRequest, office: Office, areas: list[tuple[int, str]]
) -> tuple[Area | None, bool]:
    """The area asked for in ?area= (one of `areas`), and whether the request named one that is
    not among them."""
    wanted = request.GET.get("area", "")
    if not wanted:
        return None, False
    pk = next((pk for pk, _label in areas if str(pk) == wanted), None)
    if pk is None:
        return None, True
    return Area.objects.for_office(office).get(pk=pk), False


@public_page()
def diary(request: HttpRequest, office: str) -> HttpResponse:
    """Where the Commissioner and the Deputy will be, and where they were with what was heard.

    The content is rendered once per office, area and language and kept until something it shows
    changes (see public_cache.kept and the watch in apps.py) or an entry starts or ends.
    """
    found = _office(office)
    wanted = request.GET.get("area", "")
    made = kept("diary", (found.pk, wanted), lambda: _diary_content(request, found))
    return render(
        request,
        "public/diary.html",
        {"office": found, "content": made.html},
        status=200 if made.keep else 404,
    )


def _diary_content(request: HttpRequest, office: Office) -> Kept:
    areas = _diary_areas(office)
    area, unknown = _chosen_area(request, office, areas)
    now = timezone.now()
    start, end = _window(now)
    entries = [] if unknown else public_diary(office, start=start, end=end, area=area)
    upcoming = [e for e in entries if not e.is_past]
    past = sorted((e for e in entries if e.is_past), key=lambda e: e.starts_at, reverse=True)
    html = render_to_string(
        "public/_diary.html",
        {
            "office": office,
            "areas": areas,
            "area": area,
            "unknown_area": unknown,
            "upcoming": upcoming,
            "past": _by_month(past),
            "welsh": welsh_active(),
        },
        request,
    )
    # Kept until the next entry starts or ends, when it moves from "coming up" to "where they
    # have been" (or its free slots stop showing).
    turns = [t for e in entries for t in (e.starts_at, e.ends_at) if t is not None and t > now]
    seconds = min([DIARY_KEPT, *(math.ceil((t - now).total_seconds()) for t in turns)])
    return Kept(html, seconds=seconds, keep=not unknown)


def _by_month(entries: list[PublicEntry]) -> list[tuple[dt.date, list[PublicEntry]]]:
    months: dict[dt.date, list[PublicEntry]] = {}
    for entry in entries:
        day = timezone.localtime(entry.starts_at).date().replace(day=1)
        months.setdefault(day, []).append(entry)
    return list(months.items())


@public_page(seconds=600)
def diary_ics(request: HttpRequest, office: str) -> HttpResponse:
    """The upcoming public diary as a calendar to subscribe to."""
    found = _office(office)
    now = timezone.now()
    entries = public_diary(found, start=now - dt.timedelta(days=31), end=now + AHEAD)
    url = request.build_absolute_uri(reverse("public:diary", args=[found.slug]))
    response = HttpResponse(
        ical.public_calendar(found, entries, url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{found.slug}-diary.ics"'
    return response


@public_page(seconds=3600)
def accessibility(request: HttpRequest, office: str) -> HttpResponse:
    return render(request, "public/accessibility.html", {"office": _office(office)})


@public_page(seconds=3600)
def privacy_notice(request: HttpRequest, office: str) -> HttpResponse:
    found = _office(office)
    return render(
        request,
        "public/privacy.html",
        {"office": found, "purposes": privacy.purposes(found), "title": _("Privacy notice")},
    )


# -- the installable app: manifest, service worker, offline page -------------------------------


@public_page(seconds=3600)
def manifest(request: HttpRequest, office: str) -> HttpResponse:
    """The web app manifest: the office's site added to a phone's home screen."""
    found = _office(office)
    home_url = reverse("public:home", args=[found.slug])
    icons = [
        {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("img/icon-maskable-192.png"),
            "sizes": "192x192",
            "type": "image/png",
            "purpose": "maskable",
        },
        {
            "src": static("img/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    data = {
        "id": home_url,
        "name": found.name,
        "short_name": found.short_name,
        "description": _(
            "Where the Commissioner will be, what you can have your say on, and what came of it."
        ),
        "lang": get_language() or "en",
        "dir": "ltr",
        "start_url": home_url,
        # The whole site: the office's sections live under several prefixes (/have-your-say/…).
        "scope": "/",
        "display": "standalone",
        "theme_color": found.colour,
        "background_color": found.colour,
        "icons": icons,
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/manifest+json; charset=utf-8",
    )


@cache_control(public=True, max_age=300)
def service_worker(request: HttpRequest) -> HttpResponse:
    """static/js/sw.js at the root, so that it may look after every page of the site."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@functools.cache
def _service_worker_source() -> bytes:
    found = finders.find("js/sw.js")
    if not found:  # collectstatic's copy, where the source folders are not deployed
        found = str(Path(settings.STATIC_ROOT) / "js" / "sw.js")
    return Path(str(found)).read_bytes()


@public_page(seconds=3600)
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page that was not read before the signal went."""
    return render(request, "public/offline.html", {"office": None})
