"""Reads of the meeting schedule."""

from __future__ import annotations

from typing import Any

from engage.core.models import Office


def dashboard_for(user: Any, office: Office) -> dict[str, Any]:
    return {}
