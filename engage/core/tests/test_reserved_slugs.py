"""An office's public site lives at /<slug>/: no slug may be the first part of another URL."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

from engage.core.models import RESERVED_SLUGS


def _first_parts(patterns: list, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        first = route.split("/", 1)[0]
        if first and not first.startswith("<") and not first.startswith("^"):
            found.add(first)
        elif isinstance(pattern, URLResolver) and not first:
            found |= _first_parts(pattern.url_patterns, route)
        elif first.startswith("^"):  # a regex route (static files in DEBUG, the admin)
            literal = re.match(r"\^([\w.-]+)", first)
            if literal:
                found.add(literal.group(1))
        assert isinstance(pattern, URLPattern | URLResolver)
    return found


def test_every_first_part_of_a_staff_url_is_reserved():
    parts = _first_parts(get_resolver().url_patterns)
    assert {"dashboard", "planning", "evaluation", "sharing", "reports"} <= parts
    assert parts - RESERVED_SLUGS == set()
