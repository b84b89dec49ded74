"""Decisions, staff side: the list, a decision and its evidence, publishing, unanswered (issue 5, H1)."""

from __future__ import annotations

import datetime as dt

from engage.accounts.models import Role
from engage.decisions import services
from engage.decisions.models import DecisionKind, EvidenceKind
from engage.engagements.models import ConcernTheme
from engage.engagements.services.concerns import ensure_default_themes

R = Role
STAFF = set(Role.values) - {R.AMBASSADOR}
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}

MATRIX: dict[str, set[str]] = {
    "decisions.view_decision": STAFF,
    "decisions.change_decision": ORGANISERS,
    "decisions.publish_decision": ORGANISERS | {R.COMMISSIONER, R.DEPUTY},
}

URLS: dict[str, tuple[str, str | None, str]] = {
    "decisions:list": ("decisions.view_decision", None, "get"),
    "decisions:create": ("decisions.change_decision", None, "get"),
    "decisions:unanswered": ("decisions.view_decision", None, "get"),
    "decisions:detail": ("decisions.view_decision", "decisions:decision", "get"),
    "decisions:edit": ("decisions.change_decision", "decisions:decision", "get"),
    "decisions:evidence_add": ("decisions.change_decision", "decisions:decision", "get"),
    "decisions:evidence_remove": ("decisions.change_decision", "decisions:evidence", "post"),
    # Publishing the sample twice is refused with a message (a redirect), never an error page.
    "decisions:publish": ("decisions.publish_decision", "decisions:decision", "post"),
    "decisions:unpublish": ("decisions.publish_decision", "decisions:decision", "post"),
}


def samples(office, officer, cast):
    ensure_default_themes(office, by=officer)
    theme = ConcernTheme.objects.for_office(office).get(name="Police visibility")
    decision = services.create_decision(
        office,
        reference="PCC/2026/901",
        title="More PCSOs on foot patrol",
        decided_on=dt.date(2026, 2, 10),
        kind=DecisionKind.POLICY,
        summary="Twelve more PCSOs patrol town centres on foot.",
        by=officer,
    )
    evidence = services.add_evidence(
        decision, kind=EvidenceKind.CONCERN_THEME, target=theme, by=officer
    )
    return {
        "decisions:decision": {"pk": decision.pk},
        "decisions:evidence": {"pk": decision.pk, "evidence": evidence.pk},
    }
