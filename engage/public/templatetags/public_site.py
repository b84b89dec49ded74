"""The public site's menu and footer: every section of the public site, for one office."""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (URL name, label, current only on the page itself). Every section takes the office's slug.
MENU = [
    ("public:home", _("Home"), True),
    ("public:diary", _("The Commissioner's diary"), False),
    ("consultations:public_list", _("Have your say"), False),
    ("decisions:public_outcomes", _("You said, we did"), False),
    ("engagements:public_surgeries", _("Surgeries"), False),
    ("messaging:subscribe", _("Alerts"), False),
    ("publishing:news", _("News"), False),
    ("publishing:documents", _("Documents"), False),
    ("engagements:public_contact", _("Contact"), False),
]
FOOTER = [
    ("public:accessibility", _("Accessibility")),
    ("public:privacy", _("Privacy")),
    ("reports:open_data", _("Open data")),
]


@register.inclusion_tag("public/menu.html", takes_context=True)
def public_menu(context: dict[str, Any]) -> dict[str, Any]:
    path = context["request"].path
    items = []
    hrefs = _hrefs(context["office"].slug, "menu")
    for (_name, label, exact), href in zip(MENU, hrefs, strict=True):
        current = path == href or (not exact and path.startswith(href))
        items.append({"href": href, "label": label, "current": current})
    return {"items": items}


@register.inclusion_tag("public/footer_links.html", takes_context=True)
def public_footer(context: dict[str, Any]) -> dict[str, Any]:
    hrefs = _hrefs(context["office"].slug, "footer")
    return {
        "links": [
            {"href": h, "label": label} for (_name, label), h in zip(FOOTER, hrefs, strict=True)
        ]
    }


def _hrefs(slug: str, which: str) -> tuple[str, ...]:
    """The addresses of the menu's (or the footer's) sections for one office, worked out once.

    They depend on nothing but the office's slug and the URL configuration (addresses carry no
    language), so every page of the office shares them rather than reversing nine names each.
    """
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(slug, which, urlconf, get_script_prefix())


@functools.lru_cache(maxsize=1024)
def _reversed(slug: str, which: str, urlconf: Any, prefix: str) -> tuple[str, ...]:
    names = [item[0] for item in (MENU if which == "menu" else FOOTER)]
    # No guard: a section renamed or gone is an error on every public page, not a missing link.
    return tuple(reverse(name, args=[slug], urlconf=urlconf) for name in names)
