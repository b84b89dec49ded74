"""Template helpers: GOV.UK form fields, navigation items and permission checks."""

from __future__ import annotations

import datetime as dt
import re
from itertools import groupby
from typing import Any

from django import forms, template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def can(request: HttpRequest, perm: str) -> bool:
    """`{% if request|can:"meetings.change_series" %}`: the permission in the current office."""
    return bool(request.user.has_perm(perm, getattr(request, "office", None)))


# Pages under a section's prefix that have a navigation item of their own.
OWN_ITEMS = ("/meetings/diary/", "/meetings/forums/")


@register.simple_tag(takes_context=True)
def nav_item(context: dict[str, Any], url_name: str, label: str, section: str = "") -> SafeString:
    request = context["request"]
    href = reverse(url_name)
    in_section = bool(section and request.path.startswith(f"/{section}/"))
    if in_section and href not in OWN_ITEMS and request.path.startswith(OWN_ITEMS):
        in_section = False
    current = (
        request.path == href or in_section or (href in OWN_ITEMS and request.path.startswith(href))
    )
    if current:
        return format_html(
            '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
            '<a class="govuk-service-navigation__link" href="{}" aria-current="true">'
            '<strong class="govuk-service-navigation__active-fallback">{}</strong></a></li>',
            href,
            label,
        )
    return format_html(
        '<li class="govuk-service-navigation__item">'
        '<a class="govuk-service-navigation__link" href="{}">{}</a></li>',
        href,
        label,
    )


@register.simple_tag(takes_context=True)
def public_nav_item(
    context: dict[str, Any], href: str, label: str, exact: bool = False
) -> SafeString:
    """An item of the public site's menu: current on its page and the pages below it."""
    path = context["request"].path
    if path == href or (not exact and path.startswith(href)):
        return format_html(
            '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
            '<a class="govuk-service-navigation__link" href="{}" aria-current="page">'
            '<strong class="govuk-service-navigation__active-fallback">{}</strong></a></li>',
            href,
            label,
        )
    return format_html(
        '<li class="govuk-service-navigation__item">'
        '<a class="govuk-service-navigation__link" href="{}">{}</a></li>',
        href,
        label,
    )


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.simple_tag
def field(bound: forms.BoundField, **options: Any) -> SafeString:
    """Render a form field as a GOV.UK form group: label, hint, error message and control.

    Options: `classes` for the control (e.g. "govuk-input--width-10"), `label_size` ("s", "m",
    "l") to make the label a page heading-sized legend.
    """
    widget = bound.field.widget
    kind = _kind(widget)
    value = bound.value()
    if isinstance(value, list | tuple):
        selected = {str(v) for v in value}
    else:
        selected = {str(value)} if value not in (None, "") else set()
    input_type = getattr(widget, "input_type", "text")
    if kind == "input" and isinstance(value, str | int | float) is False and value is not None:
        value = bound.field.widget.format_value(
            value
        )  # dates and decimals as the widget shows them
    context = {
        "field": bound,
        "kind": kind,
        "input_type": input_type,
        "value": "" if value is None else value,
        "selected": selected,
        "choices": [(str(k), v) for k, v in getattr(bound.field, "choices", [])],
        "classes": options.get("classes", ""),
        "label_size": options.get("label_size", ""),
        "autocomplete": widget.attrs.get("autocomplete", ""),
        "inputmode": widget.attrs.get("inputmode", ""),
        "errors": bound.errors,
        "required": bound.field.required,
    }
    return render_to_string("includes/field.html", context)


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_: forms.BaseForm | forms.BaseFormSet | None) -> dict[str, Any]:
    """The GOV.UK error summary for one or more forms, linking each message to its field."""
    items = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        subforms = list(form) if isinstance(form, forms.BaseFormSet) else [form]
        if isinstance(form, forms.BaseFormSet):
            items += [{"href": "", "text": e} for e in form.non_form_errors()]
        for sub in subforms:
            items += [{"href": "", "text": e} for e in sub.non_field_errors()]
            for name, errors in sub.errors.items():
                if name == "__all__":
                    continue
                bound = sub[name]
                # Radios and checkboxes have no single label; field.html gives the first one
                # the field's own id, which is where GOV.UK links the summary.
                target = bound.id_for_label or bound.auto_id
                items += [{"href": f"#{target}" if target else "", "text": e} for e in errors]
    return {"items": items}


@register.filter(expects_localtime=True)
def ukdate(value: Any) -> str:
    """A date in the GOV.UK style, in London time: 4 June 2026."""
    if not value:
        return ""
    from django.utils import timezone
    from django.utils.formats import date_format

    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)

    return date_format(value, "j F Y")


@register.filter
def uktime(value: Any) -> str:
    """A time in the GOV.UK style, in London time: 6pm, 6:30pm, 10am, midday; 18:00 in Welsh."""
    if not value:
        return ""
    from django.utils import timezone
    from django.utils.translation import get_language

    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    if (get_language() or "").startswith("cy"):
        return f"{value:%H:%M}"
    if value.hour == 12 and value.minute == 0:
        return str(_("midday"))
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.simple_tag
def tag(text: str, colour: str = "") -> SafeString:
    cls = f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"
    return format_html('<strong class="{}">{}</strong>', cls, text)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


BULLET = re.compile(r"\s*[-•*]\s+(.*)")


@register.filter
def prose(text: str) -> SafeString:
    """Text an officer typed, as GOV.UK paragraphs; lines starting "- " become a bulleted list.

    Blank lines separate paragraphs and single line breaks are kept. Everything is escaped, so
    this is safe for anything a user wrote.
    """
    html = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        # Runs of lines that are all bullets or all not: each run is one list or one paragraph.
        for is_list, run in groupby(lines, key=lambda line: bool(BULLET.match(line))):
            if is_list:
                items = format_html_join("", "<li>{}</li>", ((BULLET.match(i)[1],) for i in run))  # type: ignore[index]
                html.append(format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items))
            else:
                inner = format_html_join(mark_safe("<br>"), "{}", ((line,) for line in run))
                html.append(format_html('<p class="govuk-body">{}</p>', inner))
    return mark_safe("".join(html))  # noqa: S308 - every piece above went through format_html
