"""The public site's menu and footer: every section of the public site, for one office."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
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
    office = context["office"]
    path = context["request"].path
    items = []
    for name, label, exact in MENU:
        href = _href(name, office)
        current = path == href or (not exact and path.startswith(href))
        items.append({"href": href, "label": label, "current": current})
    return {"items": items}


@register.inclusion_tag("public/footer_links.html", takes_context=True)
def public_footer(context: dict[str, Any]) -> dict[str, Any]:
    office = context["office"]
    return {"links": [{"href": _href(name, office), "label": label} for name, label in FOOTER]}


def _href(name: str, office: Any) -> str:
    # No guard: a section renamed or gone is an error on every public page, not a missing link.
    return reverse(name, args=[office.slug])
