"""Decisions, "you said, we did": the staff pages of outcomes and their points, and the public
pages of outcomes and decisions (issue 5, H2)."""

from __future__ import annotations

from engage.accounts.models import Role
from engage.decisions.models import Outcome, OutcomePoint
from engage.engagements.models import ConcernTheme

R = Role
STAFF = set(Role.values) - {R.AMBASSADOR}
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}

MATRIX: dict[str, set[str]] = {
    "decisions.view_decision": STAFF,
    "decisions.change_decision": ORGANISERS,
    "decisions.publish_decision": ORGANISERS | {R.COMMISSIONER, R.DEPUTY},
}

VIEW = "decisions.view_decision"
CHANGE = "decisions.change_decision"
PUBLISH = "decisions.publish_decision"
OUTCOME = "outcomes:outcome"
POINT = "outcomes:point"
URLS: dict[str, tuple[str, str | None, str]] = {
    "decisions:outcomes": (VIEW, None, "get"),
    "decisions:outcome_create": (CHANGE, None, "get"),
    "decisions:outcome": (VIEW, OUTCOME, "get"),
    "decisions:outcome_edit": (CHANGE, OUTCOME, "get"),
    # The sample cannot be published (nothing says what was done): refused with a message.
    "decisions:outcome_publish": (PUBLISH, OUTCOME, "post"),
    "decisions:outcome_unpublish": (PUBLISH, OUTCOME, "post"),
    "decisions:point_add": (CHANGE, OUTCOME, "get"),
    "decisions:point_edit": (CHANGE, POINT, "get"),
    "decisions:point_move": (CHANGE, POINT, "post"),
    # Last: it deletes the sample point.
    "decisions:point_delete": (CHANGE, POINT, "post"),
}

PUBLIC = {
    "decisions:public_outcomes",
    "decisions:public_outcome",
    "decisions:public_decision",
}


def samples(office, officer, cast):
    theme = ConcernTheme.objects.create(office=office, name="Outcome sample: street lighting")
    outcome = Outcome.objects.create(
        office=office,
        slug="street-lighting",
        concern_theme=theme,
        title="Street lighting: you said, we did",
        we_asked="What worries you where you live?",
        you_said="People raised dark streets on the way home.",
    )
    point = OutcomePoint.objects.create(outcome=outcome, said="Dark streets", how_many="14")
    return {
        OUTCOME: {"pk": outcome.pk},
        POINT: {"pk": outcome.pk, "point": point.pk},
    }
