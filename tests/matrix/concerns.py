"""Concerns and actions, the themes taxonomy and complaint counts (issue 3, part 5)."""

from __future__ import annotations

import datetime as dt

from engage.accounts.models import Role
from engage.engagements.models import ConcernSource
from engage.engagements.services.concerns import ensure_default_themes, record_concern
from engage.places.models import Area, AreaKind

R = Role
EVERYONE = set(Role.values)
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}
ATTENDERS = ORGANISERS | {R.COMMISSIONER, R.DEPUTY}
DATA = {R.ADMIN, R.ANALYST, R.OFFICER}

MATRIX: dict[str, set[str]] = {
    "engagements.view_concern": EVERYONE,
    "engagements.change_concern": ATTENDERS,
    "engagements.manage_themes": ORGANISERS,
    "engagements.import_complaints": DATA,
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "engagements:concerns": ("engagements.view_concern", None, "get"),
    "engagements:concern_create": ("engagements.change_concern", None, "get"),
    "engagements:concerns_overdue": ("engagements.view_concern", None, "get"),
    "engagements:concern": ("engagements.view_concern", "concerns:concern", "get"),
    "engagements:concern_action_add": ("engagements.change_concern", "concerns:concern", "post"),
    "engagements:concern_status": ("engagements.change_concern", "concerns:concern", "post"),
    "engagements:themes": ("engagements.manage_themes", None, "get"),
    "engagements:theme_edit": ("engagements.manage_themes", "concerns:theme", "get"),
    "engagements:theme_retire": ("engagements.manage_themes", "concerns:theme", "post"),
    "engagements:theme_merge": ("engagements.manage_themes", "concerns:theme", "post"),
    "engagements:complaints": ("engagements.view_concern", None, "get"),
    "engagements:complaints_import": ("engagements.import_complaints", None, "get"),
    "engagements:complaints_import_preview": ("engagements.import_complaints", None, "get"),
}


def samples(office, officer, cast):
    themes = {t.name: t for t in ensure_default_themes(office, by=officer)}
    area = Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name="Bilton")
    concern = record_concern(
        office,
        summary="Speeding on Lawford Road at school times",
        theme=themes["Road safety and speeding"],
        source=ConcernSource.CORRESPONDENCE,
        raised_on=dt.date(2026, 3, 2),
        by=officer,
        area=area,
    )
    return {
        "concerns:concern": {"pk": concern.pk},
        "concerns:theme": {"pk": themes["Drugs"].pk},
    }
