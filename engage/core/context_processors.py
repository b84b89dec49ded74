from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def office(request: HttpRequest) -> dict[str, Any]:
    """Expose the current office and membership to every template."""
    return {
        "office": getattr(request, "office", None),
        "membership": getattr(request, "membership", None),
    }
