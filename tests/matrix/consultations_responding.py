"""Consultations, responding: the public pages, the preview, the responses and staff entry."""

from __future__ import annotations

from engage.consultations.models import Response, ResponseChannel
from engage.consultations.tests.responding_data import precept_consultation

MATRIX: dict[str, set[str]] = {}

URLS: dict[str, tuple[str, str | None, str]] = {
    "consultations:preview": ("consultations.view_consultation", "responding:consultation", "get"),
    "consultations:responses": (
        "consultations.view_consultation",
        "responding:consultation",
        "get",
    ),
    "consultations:enter": ("consultations.enter_responses", "responding:consultation", "get"),
    "consultations:response": ("consultations.view_consultation", "responding:response", "get"),
}
PUBLIC = {
    "consultations:public_list",
    "consultations:public_start",
    "consultations:public_begin",
    "consultations:public_done",
    "consultations:public_resume",
    "consultations:public_section",
    "consultations:public_about",
    "consultations:public_check",
}


def samples(office, officer, cast):
    from django.utils import timezone

    c = precept_consultation(office, slug="responding-sample")
    response = Response.objects.create(
        office=office,
        consultation=c,
        channel=ResponseChannel.PAPER,
        submitted_at=timezone.now(),
        entered_by=officer,
        source_id="P-0001",
    )
    return {
        "responding:consultation": {"pk": c.pk},
        "responding:response": {"pk": c.pk, "response": response.pk},
    }
