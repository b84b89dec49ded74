"""The foundation's URLs and permissions: core, places, stakeholders, meetings."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from engage.accounts.models import Role
from engage.meetings import services as meetings
from engage.meetings.tests.factories import make_series
from engage.places.models import Area, AreaKind
from engage.stakeholders import services as stakeholders

R = Role
EVERYONE = set(Role.values)
STAFF = EVERYONE - {R.AMBASSADOR}
ORGANISERS = {R.ADMIN, R.CHIEF_EXECUTIVE, R.OFFICER}
ATTENDERS = ORGANISERS | {R.COMMISSIONER, R.DEPUTY}
DATA = {R.ADMIN, R.ANALYST, R.OFFICER}

MATRIX: dict[str, set[str]] = {
    "core.view_office": EVERYONE,
    "core.view_history": STAFF,
    "places.view_area": EVERYONE,
    "places.import_population": DATA,
    "stakeholders.view_organisation": STAFF,
    "stakeholders.change_organisation": ORGANISERS,
    "stakeholders.log_interaction": ATTENDERS,
    "stakeholders.import_organisations": ORGANISERS,
    "stakeholders.export_organisations": STAFF,
    "meetings.view_schedule": EVERYONE,
    "meetings.change_schedule": ORGANISERS,
    "meetings.import_schedule": ORGANISERS,
    "meetings.record_attendance": ATTENDERS,
    "meetings.manage_actions": ATTENDERS,
    "meetings.view_history": STAFF,
    "meetings.use_own_feed": EVERYONE,
    "meetings.manage_office_feeds": ORGANISERS,
}

# url name -> (permission, the sample object its arguments point at or None, method)
URLS: dict[str, tuple[str, str | None, str]] = {
    "core:home": ("core.view_office", None, "get"),
    "places:list": ("places.view_area", None, "get"),
    "places:detail": ("places.view_area", "area", "get"),
    "places:import": ("places.import_population", None, "get"),
    "places:import_confirm": ("places.import_population", None, "post"),
    "places:build_force_area": ("places.import_population", None, "post"),
    "stakeholders:list": ("stakeholders.view_organisation", None, "get"),
    "stakeholders:create": ("stakeholders.change_organisation", None, "get"),
    "stakeholders:import": ("stakeholders.import_organisations", None, "get"),
    "stakeholders:import_confirm": ("stakeholders.import_organisations", None, "post"),
    "stakeholders:export": ("stakeholders.export_organisations", "export", "get"),
    "stakeholders:detail": ("stakeholders.view_organisation", "organisation", "get"),
    "stakeholders:edit": ("stakeholders.change_organisation", "organisation", "get"),
    "stakeholders:contact_add": ("stakeholders.change_organisation", "organisation", "get"),
    "stakeholders:contact_edit": ("stakeholders.change_organisation", "contact", "get"),
    "stakeholders:log_interaction": ("stakeholders.log_interaction", "organisation", "get"),
    "stakeholders:follow_up_done": ("stakeholders.log_interaction", "interaction", "post"),
    "meetings:schedule": ("meetings.view_schedule", None, "get"),
    "meetings:list": ("meetings.view_schedule", None, "get"),
    "meetings:calendar": ("meetings.view_schedule", None, "get"),
    "meetings:calendar_month": ("meetings.view_schedule", "month", "get"),
    "meetings:series_create": ("meetings.change_schedule", None, "get"),
    "meetings:series": ("meetings.view_schedule", "series", "get"),
    "meetings:series_edit": ("meetings.change_schedule", "series", "get"),
    "meetings:series_generate": ("meetings.change_schedule", "series", "post"),
    "meetings:occurrence_add": ("meetings.change_schedule", "series", "get"),
    "meetings:occurrence": ("meetings.view_schedule", "occurrence", "get"),
    "meetings:attendance": ("meetings.record_attendance", "occurrence", "get"),
    "meetings:move": ("meetings.change_schedule", "occurrence", "get"),
    "meetings:cancel": ("meetings.change_schedule", "occurrence", "get"),
    "meetings:reinstate": ("meetings.change_schedule", "occurrence", "post"),
    "meetings:action_add": ("meetings.manage_actions", "occurrence", "post"),
    "meetings:actions": ("meetings.view_schedule", None, "get"),
    "meetings:action_edit": ("meetings.manage_actions", "action", "get"),
    "meetings:import": ("meetings.import_schedule", None, "get"),
    "meetings:import_preview": ("meetings.import_schedule", None, "get"),
    "meetings:feeds": ("meetings.use_own_feed", None, "get"),
    # Only the feed's owner (or an organiser, for office feeds) may stop it; others get 404.
    "meetings:feed_revoke": ("owner-only", "feed", "post"),
}
PUBLIC = {
    "core:office_theme",
    "core:language",
    "core:security_txt",
    "accounts:login",
    "accounts:logout",
    "meetings:feed",
}


def samples(office, officer, cast):
    area = Area.objects.create(office=office, kind=AreaKind.FORUM_AREA, name="Southam")
    organisation = stakeholders.create_organisation(
        office, by=officer, name="Rugby Borough Council", category="councils"
    )
    contact = stakeholders.add_contact(
        organisation, by=officer, name="Leanne Booth", role="CSP Coordinator"
    )
    interaction = stakeholders.log_interaction(
        organisation,
        by=officer,
        date=timezone.localdate(),
        kind="call",
        summary="Agenda for the CSP",
        follow_up="Send the data pack",
        follow_up_due=timezone.localdate() + dt.timedelta(days=7),
    )
    series = make_series(office, title="Community Safety Partnerships")
    occurrence = meetings.add_occurrence(
        series, starts_at=timezone.now() - dt.timedelta(days=7), by=officer
    )
    action = meetings.add_action(
        occurrence, description="Share data", owner=officer, owner_name="", due_on=None, by=officer
    )
    feed = meetings.create_feed(office, person=officer, label="", by=officer)
    return {
        "area": {"pk": area.pk},
        "organisation": {"pk": organisation.pk},
        "contact": {"pk": organisation.pk, "contact_pk": contact.pk},
        "interaction": {"pk": organisation.pk, "interaction_pk": interaction.pk},
        "export": {"fmt": "csv"},
        "month": {"year": 2026, "month": 11},
        "series": {"pk": series.pk},
        "occurrence": {"pk": occurrence.pk},
        "action": {"pk": action.pk},
        "feed": {"pk": feed.pk},
        "_feed_owner": officer,
    }


MATRIX["meetings.view_diary"] = STAFF
URLS["meetings:diary"] = ("meetings.view_diary", None, "get")
