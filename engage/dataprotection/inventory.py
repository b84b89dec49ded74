"""The data inventory: every field of every record Engage holds, what kind of data it is, why it
is held (the purpose and its lawful basis) and how long it is kept.

This is the one place where fields are classified. The inventory page, its CSV export and the
tests read it; the retention command (still to come) will read `Record.kept` to know what to
delete or erase when. A test fails when a field of any model is not classified here, or when a
field classified here no longer exists, so a new field forces a decision.

Shape: `PURPOSES` (why data is held, with the UK GDPR Art. 6 basis and, where special category
data is held, the Art. 9 condition); `RECORDS`, one `Record` per model naming each field once as
personal, special category, sensitive or not personal, with its retention `Rule`s; `HISTORY`,
the rule for the audit trail (django-simple-history's copies of records).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class FieldClass(models.TextChoices):
    """What a field holds, for data protection."""

    SPECIAL = "special", _("Special category")
    SENSITIVE = "sensitive", _("Sensitive")
    PERSONAL = "personal", _("Personal")
    NOT_PERSONAL = "not_personal", _("Not personal")


class Basis(models.TextChoices):
    """The lawful bases of UK GDPR Article 6(1) that Engage relies on."""

    CONSENT = "consent", _("Consent (Art. 6(1)(a))")
    CONTRACT = "contract", _("Contract (Art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (Art. 6(1)(c))")
    PUBLIC_TASK = "public_task", _("Public task (Art. 6(1)(e))")


# How the public privacy notice states the basis of most purposes.
PLAIN_PUBLIC_TASK = _("Public task.")


@dataclass(frozen=True)
class Purpose:
    """Why the office holds some personal data, and the law that allows it."""

    key: str
    title: Promise
    basis: Basis
    basis_detail: Promise
    special_condition: Promise | str = ""
    # The basis in plain words, as the public privacy notice (engage/public/privacy.py) says it.
    notice_basis: Promise = PLAIN_PUBLIC_TASK


# The Commissioner's duty that most of Engage serves. Legitimate interests is not used: a public
# authority may not rely on it for what it does as part of its tasks (UK GDPR Art. 6(1), last
# paragraph).
S96 = _(
    "The Commissioner's duty to obtain the views of the public about policing and crime (Police "
    "Reform and Social Responsibility Act 2011, section 96)."
)

CONSULTATIONS = Purpose(
    "consultations",
    _("Consultations and surveys"),
    Basis.PUBLIC_TASK,
    S96,
    _(
        "Art. 9(2)(g) substantial public interest, with the Data Protection Act 2018, Schedule 1, "
        "paragraph 8 (equality of opportunity or treatment): the optional “about you” answers "
        "(age, sex, ethnic group, disability) are used only to see whether every part of the "
        "community is heard, and are published only as counts of 10 or more. An appropriate "
        "policy document is required (Schedule 1, Part 4)."
    ),
    notice_basis=_(
        "Public task. Your answers about yourself are special category data, given "
        "only if you choose to; we use them to check that we hear from everyone, and "
        "we publish them only as counts of 10 or more."
    ),
)
ALERTS = Purpose(
    "alerts",
    _("Community alerts"),
    Basis.CONSENT,
    _(
        "The person asked for alerts and confirmed it by the link sent to them; they can leave at "
        "any time. The consent ledger records the words they were shown. The Privacy and "
        "Electronic Communications Regulations 2003 also apply to the emails and texts."
    ),
    notice_basis=_("Consent. You can leave at any time from the link in every message."),
)
SURGERIES = Purpose(
    "surgeries",
    _("Surgeries with the Commissioner"),
    Basis.PUBLIC_TASK,
    _(
        "Hearing and following up what members of the public raise with the Commissioner "
        "(Police Reform and Social Responsibility Act 2011, sections 1 and 96)."
    ),
    _(
        "Where case notes reveal health, ethnicity or other special category data: Art. 9(2)(g) "
        "substantial public interest, with the Data Protection Act 2018, Schedule 1, paragraph 6 "
        "(statutory and government purposes). Where they reveal offences: Art. 10, with the same "
        "paragraph (Data Protection Act 2018, section 10(5))."
    ),
)
CONTACT = Purpose(
    "contact",
    _("Concerns and contacting the Commissioner"),
    Basis.PUBLIC_TASK,
    S96,
)
COMMENTS = Purpose("comments", _("Comments on documents"), Basis.PUBLIC_TASK, S96)
FEEDBACK = Purpose("feedback", _("Feedback after an event"), Basis.PUBLIC_TASK, S96)
PARTNERS = Purpose(
    "partners",
    _("Working with partner organisations"),
    Basis.PUBLIC_TASK,
    _(
        "Working with community safety and criminal justice partners (Police Reform and Social "
        "Responsibility Act 2011, section 10). The personal data are the work contact details of "
        "people at partner organisations and what was discussed with them."
    ),
)
ENGAGEMENT = Purpose(
    "engagement",
    _("Meetings, forums and engagement activities"),
    Basis.PUBLIC_TASK,
    _(
        "Planning and recording the office's meetings, forums and activities, and who from the "
        "office or its ambassadors attended (Police Reform and Social Responsibility Act 2011, "
        "sections 1 and 96)."
    ),
)
STAFF = Purpose(
    "staff",
    _("Staff accounts and the audit trail"),
    Basis.PUBLIC_TASK,
    _(
        "Signing staff, ambassadors and administrators in securely and keeping a record of who "
        "changed what, so the office can account for its work (UK GDPR Articles 5(2) and 32)."
    ),
)
OFFICE = Purpose(
    "office",
    _("The office's own records"),
    Basis.PUBLIC_TASK,
    _(
        "Plans, decisions, publications, evaluation and sharing with other offices. The only "
        "personal data are the names of the staff who did the work."
    ),
)

PURPOSES: dict[str, Purpose] = {
    p.key: p
    for p in (
        CONSULTATIONS,
        ALERTS,
        SURGERIES,
        CONTACT,
        COMMENTS,
        FEEDBACK,
        PARTNERS,
        ENGAGEMENT,
        STAFF,
        OFFICE,
    )
}


class Action(models.TextChoices):
    """What happens to a record when its time is up."""

    DELETE = "delete", _("Delete the record")
    ERASE = "erase", _("Erase these fields")
    REVIEW = "review", _("Review, then delete if no longer needed")
    KEEP = "keep", _("Keep with the office's records")


@dataclass(frozen=True)
class Rule:
    """One retention rule: `action` on records whose `start` date (an ORM path from the model,
    like "consultation__closes_on") is more than `months` and `days` ago, among those matching
    `when` (ORM lookups). For ERASE, `fields` are blanked; the audit trail's copies of those
    fields are erased with them.
    """

    action: Action
    summary: Promise
    start: str = ""
    months: int = 0
    days: int = 0
    fields: tuple[str, ...] = ()
    when: dict[str, object] = field(default_factory=dict)

    @property
    def period(self) -> str:
        if self.action == Action.KEEP:
            return ""
        if self.days:
            return ngettext("%(n)d day", "%(n)d days", self.days) % {"n": self.days}
        if self.months % 12 == 0:
            years = self.months // 12
            return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
        return ngettext("%(n)d month", "%(n)d months", self.months) % {"n": self.months}


# Fields of (almost) every record that say nothing about a person on their own. They go when the
# record goes.
COMMON = frozenset({"id", "office", "created_at", "updated_at"})

KEEP_WITH_OFFICE = Rule(
    Action.KEEP,
    _(
        "Kept as part of the office's records. The only personal data are the names of the "
        "staff involved, which the audit trail keeps for 6 years in any case."
    ),
)


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class Record:
    """A kind of record (one model): its fields by class, its purpose, how long it is kept."""

    label: str
    purpose: Purpose
    personal: str = ""
    special: str = ""
    sensitive: str = ""
    not_personal: str = ""
    kept: tuple[Rule, ...] = (KEEP_WITH_OFFICE,)
    # How the record reaches its office, for counting an office's records.
    office_path: str = "office"

    @property
    def retention(self) -> tuple[Rule, ...]:
        """The rules, or none for a record that holds no personal data."""
        return self.kept if self.holds_personal_data else ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    def fields(self) -> dict[str, FieldClass]:
        """Each field's class, with the common fields the model has."""
        declared = {
            **{n: FieldClass.NOT_PERSONAL for n in _names(self.not_personal)},
            **{n: FieldClass.PERSONAL for n in _names(self.personal)},
            **{n: FieldClass.SPECIAL for n in _names(self.special)},
            **{n: FieldClass.SENSITIVE for n in _names(self.sensitive)},
        }
        common = {n: FieldClass.NOT_PERSONAL for n in sorted(COMMON & model_fields(self.model))}
        return common | declared

    def by_class(self) -> dict[FieldClass, list[str]]:
        grouped: dict[FieldClass, list[str]] = {c: [] for c in FieldClass}
        for name, cls in self.fields().items():
            grouped[cls].append(name)
        return grouped

    @property
    def holds_personal_data(self) -> bool:
        return any(c != FieldClass.NOT_PERSONAL for c in self.fields().values())


def model_fields(model: type[models.Model]) -> set[str]:
    """The fields a model stores: its columns and its many-to-many relations."""
    opts = model._meta
    return {f.name for f in opts.concrete_fields} | {f.name for f in opts.many_to_many}


SIX_YEARS = 72

RECORDS: tuple[Record, ...] = (
    Record(
        "core.Office",
        OFFICE,
        office_path="pk",
        not_personal="name short_name slug force_name colour email",
    ),
    Record(
        "accounts.User",
        STAFF,
        office_path="memberships__office",
        personal="password last_login first_name last_name date_joined email groups user_permissions",
        not_personal="is_superuser is_staff is_active",
        kept=(
            Rule(
                Action.DELETE,
                _(
                    "Six years after the account was closed (its last sign-in), with the audit trail."
                ),
                start="last_login",
                months=SIX_YEARS,
                when={"is_active": False},
            ),
        ),
    ),
    Record(
        "accounts.Membership",
        STAFF,
        personal="user job_title",
        not_personal="role post is_active",
        kept=(
            Rule(
                Action.DELETE,
                _("With the person's account."),
                start="user__last_login",
                months=SIX_YEARS,
                when={"is_active": False},
            ),
        ),
    ),
    Record(
        "accounts.SignInEvent",
        STAFF,
        office_path="user__memberships__office",
        personal="user email address browser",
        not_personal="outcome at",
        kept=(
            Rule(
                Action.DELETE,
                _(
                    "One year: long enough to look into a misused account, and shown to the "
                    "person on their account page meanwhile."
                ),
                start="at",
                months=12,
            ),
        ),
    ),
    Record(
        "places.Area",
        OFFICE,
        not_personal="kind name name_cy ons_code parent population_share",
    ),
    Record(
        "places.PopulationFigure",
        OFFICE,
        office_path="area__office",
        personal="imported_by",
        not_personal="area dimension category value source imported_at",
    ),
    Record(
        "stakeholders.Organisation",
        PARTNERS,
        personal="relationship_owner email phone notes",
        not_personal="name category area website address",
        kept=(
            Rule(
                Action.REVIEW,
                _(
                    "Reviewed when not changed for 2 years: kept while the organisation is a partner."
                ),
                start="updated_at",
                months=24,
            ),
        ),
    ),
    Record(
        "stakeholders.Contact",
        PARTNERS,
        personal="name role email phone",
        not_personal="organisation",
        kept=(
            Rule(
                Action.REVIEW,
                _(
                    "Reviewed when not changed for 2 years: deleted once the person is no longer a contact."
                ),
                start="updated_at",
                months=24,
            ),
        ),
    ),
    Record(
        "stakeholders.Interaction",
        PARTNERS,
        personal="contact summary follow_up opcc_people",
        not_personal="organisation date kind follow_up_due follow_up_done_on",
        kept=(
            Rule(
                Action.DELETE, _("Six years after the interaction."), start="date", months=SIX_YEARS
            ),
        ),
    ),
    Record(
        "meetings.MeetingSeries",
        ENGAGEMENT,
        personal="chair lead_officer lead_officer_text attendance_text notes",
        not_personal="category title frequency per_year frequency_text per_forum_area expected_areas attending_posts attendance_rotation location start_time duration_minutes first_date import_key is_active stakeholders",
        kept=(
            Rule(
                Action.KEEP,
                _(
                    "Kept as the record of the office's engagement. Notes and outcomes should "
                    "not name members of the public."
                ),
            ),
        ),
    ),
    Record(
        "meetings.Commitment",
        ENGAGEMENT,
        not_personal="series posts times period_months per_forum_area starts_on description",
    ),
    Record(
        "meetings.Occurrence",
        ENGAGEMENT,
        personal="notes",
        not_personal="series area scheduled_for starts_at ends_at location status provisional attendance_recorded",
        kept=(
            Rule(
                Action.DELETE,
                _("Six years after the meeting, with its attendance and forum report."),
                start="scheduled_for",
                months=SIX_YEARS,
            ),
        ),
    ),
    Record(
        "meetings.Attendance",
        ENGAGEMENT,
        personal="person",
        not_personal="occurrence post status",
        kept=(
            Rule(
                Action.DELETE,
                _("Six years after the meeting."),
                start="occurrence__scheduled_for",
                months=SIX_YEARS,
            ),
        ),
    ),
    Record(
        "meetings.Action",
        ENGAGEMENT,
        personal="description owner owner_name",
        not_personal="occurrence concern booking due_on status completed_on",
        kept=(
            Rule(
                Action.DELETE,
                _("Six years after it was recorded."),
                start="created_at",
                months=SIX_YEARS,
            ),
        ),
    ),
    Record(
        "meetings.CalendarFeed",
        STAFF,
        personal="person created_by token label last_used_at",
        not_personal="revoked_at",
        kept=(
            Rule(
                Action.DELETE,
                _("One month after the feed was revoked."),
                start="revoked_at",
                months=1,
            ),
        ),
    ),
    Record(
        "meetings.AmbassadorAssignment",
        ENGAGEMENT,
        personal="ambassador",
        not_personal="area",
    ),
    Record(
        "meetings.ForumReport",
        ENGAGEMENT,
        personal="ambassador good_practice requests",
        not_personal="occurrence attendance",
        kept=(
            Rule(
                Action.DELETE,
                _("Six years after the forum met."),
                start="occurrence__scheduled_for",
                months=SIX_YEARS,
            ),
        ),
    ),
    Record(
        "meetings.RotaPlan",
        ENGAGEMENT,
        not_personal="name starts_on ends_on max_per_month status solver_status solved_at explanation",
    ),
    Record(
        "meetings.RotaAssignment",
        ENGAGEMENT,
        personal="person",
        not_personal="plan occurrence pinned",
        kept=(
            Rule(
                Action.DELETE,
                _("Six years after the meeting."),
                start="occurrence__scheduled_for",
                months=SIX_YEARS,
            ),
        ),
    ),
    Record(
        "engagements.Activity",
        ENGAGEMENT,
        personal="lead opcc_attendees notes outcome",
        not_personal="title type channel starts_at ends_at location area objectives people_reached staff_hours cost occurrence in_public_diary title_cy public_summary public_summary_cy feedback_token feedback_open stakeholders",
        kept=(
            Rule(
                Action.KEEP,
                _(
                    "Kept as the record of the office's engagement. Notes and outcomes should "
                    "not name members of the public."
                ),
            ),
        ),
    ),
    Record(
        "engagements.ActivityAudience",
        ENGAGEMENT,
        office_path="activity__office",
        not_personal="activity audience count",
    ),
    Record(
        "engagements.Feedback",
        FEEDBACK,
        office_path="activity__office",
        personal="comment",
        not_personal="activity rating",
        kept=(
            Rule(
                Action.DELETE, _("Three years after it was given."), start="created_at", months=36
            ),
        ),
    ),
    Record(
        "engagements.ConcernTheme",
        OFFICE,
        not_personal="name description is_active",
    ),
    Record(
        "engagements.Concern",
        CONTACT,
        personal="summary contact_name contact_email contact_phone wants_reply language replied_at",
        not_personal="theme area source raised_on people status activity occurrence forum_report booking alert",
        kept=(
            Rule(
                Action.ERASE,
                _("Contact details erased 6 months after the reply."),
                start="replied_at",
                months=6,
                fields=("contact_name", "contact_email", "contact_phone"),
            ),
            Rule(
                Action.ERASE,
                _("Contact details erased a year after the concern was raised, replied to or not."),
                start="raised_on",
                months=12,
                fields=("contact_name", "contact_email", "contact_phone"),
            ),
            Rule(
                Action.DELETE,
                _("The concern itself: six years after it was raised."),
                start="raised_on",
                months=SIX_YEARS,
            ),
        ),
    ),
    Record(
        "engagements.ComplaintThemeCount",
        OFFICE,
        not_personal="theme month count source",
    ),
    Record(
        "engagements.SurgerySession",
        SURGERIES,
        personal="held_by",
        not_personal="starts_at ends_at location area slot_minutes notes cancelled_at",
    ),
    Record(
        "engagements.SurgerySlot",
        SURGERIES,
        not_personal="session starts_at ends_at",
    ),
    Record(
        "engagements.SurgeryBooking",
        SURGERIES,
        personal="name email phone cancel_token wants_outcome language assigned_officer",
        sensitive="topic",
        not_personal="slot theme status booked_online",
        kept=(
            Rule(
                Action.DELETE,
                _("Cancelled and missed bookings: one year after the surgery."),
                start="slot__starts_at",
                months=12,
                when={"status__in": ["cancelled", "no_show"]},
            ),
            Rule(
                Action.DELETE,
                _(
                    "Six years after the case was closed, with its case notes and their reading log."
                ),
                start="updated_at",
                months=SIX_YEARS,
                when={"status": "closed"},
            ),
        ),
    ),
    Record(
        "engagements.CaseNote",
        SURGERIES,
        personal="author",
        sensitive="text",
        not_personal="booking",
        kept=(
            Rule(
                Action.DELETE,
                _("Six years after the case was closed."),
                start="booking__updated_at",
                months=SIX_YEARS,
                when={"booking__status": "closed"},
            ),
        ),
    ),
    Record(
        "engagements.CaseNoteRead",
        SURGERIES,
        personal="reader",
        not_personal="booking",
        kept=(
            Rule(
                Action.DELETE,
                _("Six years after the case was closed."),
                start="booking__updated_at",
                months=SIX_YEARS,
                when={"booking__status": "closed"},
            ),
        ),
    ),
    Record(
        "consultations.Consultation",
        CONSULTATIONS,
        personal="owner",
        not_personal="title title_cy slug description description_cy strategic_area area opens_on closes_on status privacy_notice privacy_notice_cy ask_demographics results_summary results_summary_cy",
    ),
    Record(
        "consultations.Section",
        CONSULTATIONS,
        office_path="consultation__office",
        not_personal="consultation title title_cy intro intro_cy position",
    ),
    Record(
        "consultations.Question",
        CONSULTATIONS,
        office_path="consultation__office",
        not_personal="consultation section kind text text_cy help_text help_text_cy required position scale_min scale_max scale_min_label scale_min_label_cy scale_max_label scale_max_label_cy number_min number_max max_choices band_d_current allow_new_statements max_length",
    ),
    Record(
        "consultations.Option",
        CONSULTATIONS,
        office_path="question__consultation__office",
        not_personal="question label label_cy amount position",
    ),
    Record(
        "consultations.Statement",
        CONSULTATIONS,
        office_path="question__consultation__office",
        personal="author moderated_by",
        not_personal="question text text_cy status source_id moderated_at",
        kept=(
            Rule(
                Action.DELETE,
                _("Three years after the consultation closed."),
                start="question__consultation__closes_on",
                months=36,
            ),
        ),
    ),
    Record(
        "consultations.Response",
        CONSULTATIONS,
        personal="answers token language submitted_at area postcode_district wants_outcome email entered_by source_id",
        special="age_band sex ethnic_group disability",
        not_personal="consultation channel",
        kept=(
            Rule(
                Action.ERASE,
                _("Email address and return link erased 6 months after the outcome is published."),
                start="consultation__outcome__published_at",
                months=6,
                fields=("email", "token", "wants_outcome"),
            ),
            Rule(
                Action.ERASE,
                _(
                    "Email address and return link erased 2 years after closing if no outcome is published."
                ),
                start="consultation__closes_on",
                months=24,
                fields=("email", "token", "wants_outcome"),
            ),
            Rule(
                Action.ERASE,
                _(
                    "“About you” answers erased 2 years after closing: only the counts in analyses and published results remain."
                ),
                start="consultation__closes_on",
                months=24,
                fields=("age_band", "sex", "ethnic_group", "disability"),
            ),
            Rule(
                Action.DELETE,
                _("The response: three years after the consultation closed."),
                start="consultation__closes_on",
                months=36,
            ),
        ),
    ),
    Record(
        "consultations.Run",
        CONSULTATIONS,
        personal="started_by payload payload_name",
        not_personal="consultation kind status progress stage error result started_at finished_at",
        kept=(
            Rule(
                Action.ERASE,
                _("An imported file is erased one month after the import."),
                start="finished_at",
                months=1,
                fields=("payload", "payload_name"),
            ),
            KEEP_WITH_OFFICE,
        ),
    ),
    Record(
        "consultations.Theme",
        CONSULTATIONS,
        office_path="question__consultation__office",
        not_personal="question label keywords kept position",
    ),
    Record(
        "consultations.ThemeCode",
        CONSULTATIONS,
        office_path="theme__question__consultation__office",
        personal="coded_by",
        not_personal="theme response manual",
        kept=(
            Rule(
                Action.DELETE,
                _("With the response."),
                start="response__consultation__closes_on",
                months=36,
            ),
        ),
    ),
    Record(
        "decisions.Decision",
        OFFICE,
        personal="created_by",
        not_personal="reference slug title title_cy decided_on kind summary summary_cy published_at",
    ),
    Record(
        "decisions.Evidence",
        OFFICE,
        not_personal="decision kind consultation question consultation_theme concern concern_theme area activity forum_report note",
    ),
    Record(
        "decisions.Outcome",
        OFFICE,
        not_personal="slug consultation concern_theme area title title_cy we_asked we_asked_cy you_said you_said_cy we_did we_did_cy published_at decisions",
    ),
    Record(
        "decisions.OutcomePoint",
        OFFICE,
        office_path="outcome__office",
        not_personal="outcome said said_cy how_many consultation_theme concern_theme decision response response_cy position",
    ),
    Record(
        "messaging.Subscriber",
        ALERTS,
        personal="channel address language topics areas status confirmed_at left_at",
        not_personal="",
        kept=(
            Rule(
                Action.DELETE,
                _("A sign-up never confirmed: 7 days after it was made."),
                start="created_at",
                days=7,
                when={"status": "pending"},
            ),
            Rule(
                Action.DELETE,
                _("One month after the person left."),
                start="left_at",
                months=1,
                when={"status": "left"},
            ),
        ),
    ),
    Record(
        "messaging.ConsentRecord",
        ALERTS,
        personal="subscriber address purpose action wording version language detail source",
        not_personal="",
        kept=(
            Rule(
                Action.DELETE,
                _(
                    "Six years after the person left (counted from the last record for the address), to show consent was held."
                ),
                start="created_at",
                months=SIX_YEARS,
            ),
        ),
    ),
    Record(
        "messaging.Suppression",
        ALERTS,
        personal="address purpose",
        not_personal="",
        kept=(
            Rule(
                Action.REVIEW,
                _(
                    "Kept so nobody who left, or whose address failed, is written to again; reviewed after 6 years."
                ),
                start="created_at",
                months=SIX_YEARS,
            ),
        ),
    ),
    Record(
        "messaging.Alert",
        ALERTS,
        personal="created_by",
        not_personal="kind title title_cy body body_cy sms_text sms_text_cy topics template status send_at sent_at accepts_replies areas",
    ),
    Record(
        "messaging.Message",
        ALERTS,
        # The key names the address (notice:decision:<id>:<channel>:<address>); a provider's
        # error can quote it.
        personal="address key subscriber language error",
        not_personal=(
            "kind channel alert notice status attempts due_at claimed_at sent_at delivered_at "
            "provider_ref"
        ),
        kept=(
            Rule(
                Action.DELETE,
                _("Three months after it was queued: long enough to look into a failed delivery."),
                start="created_at",
                months=3,
            ),
        ),
    ),
    Record(
        "messaging.Notice",
        ALERTS,
        personal="created_by",
        not_personal="decision outcome recipients",
    ),
    Record(
        "publishing.NewsItem",
        OFFICE,
        personal="created_by",
        not_personal="slug title title_cy summary summary_cy body body_cy status published_at",
    ),
    Record(
        "publishing.Document",
        OFFICE,
        personal="created_by",
        not_personal="slug title title_cy summary summary_cy body body_cy status published_at file file_name file_size closes_at",
    ),
    Record(
        "publishing.Comment",
        COMMENTS,
        personal="text name area moderated_by rejection_reason",
        not_personal="document status moderated_at",
        kept=(
            Rule(
                Action.DELETE,
                _("Three years after the document's deadline."),
                start="document__closes_at",
                months=36,
            ),
        ),
    ),
    Record(
        "planning.PlanItem",
        OFFICE,
        personal="owner",
        not_personal="title activity_type channel area audiences month budget purpose status activity suggested_because",
    ),
    Record(
        "evaluation.Campaign",
        OFFICE,
        not_personal="name hashtags description activities",
    ),
    Record(
        "evaluation.SocialPost",
        OFFICE,
        not_personal="platform post_id published_at text permalink reach impressions engagements clicks campaign",
    ),
    Record(
        "sharing.BenchmarkFile",
        OFFICE,
        personal="imported_by",
        not_personal="source_name source_code financial_year quarter starts_on ends_on population schema_version document filename",
    ),
    Record(
        "sharing.CaseStudy",
        OFFICE,
        personal="created_by",
        not_personal="uid title what_was_done audiences area_type cost people_reached outcome lessons activity author_office tags published imported_from",
    ),
)

# django-simple-history keeps a copy of a record at every change. The copies follow the record's
# own classification, field by field, and these are the history's own fields.
HISTORY_FIELDS: dict[str, FieldClass] = {
    "history_id": FieldClass.NOT_PERSONAL,
    "history_date": FieldClass.NOT_PERSONAL,
    "history_change_reason": FieldClass.NOT_PERSONAL,
    "history_type": FieldClass.NOT_PERSONAL,
    "history_user": FieldClass.PERSONAL,
    # The rows for a many-to-many relation's history.
    "history": FieldClass.NOT_PERSONAL,
    "m2m_history_id": FieldClass.NOT_PERSONAL,
}
HISTORY = Rule(
    Action.DELETE,
    _(
        "Each change is kept for 6 years. When a rule erases fields of a record or deletes it, "
        "the same fields or rows of its history go too."
    ),
    start="history_date",
    months=SIX_YEARS,
)


@cache
def records() -> dict[str, Record]:
    return {r.label: r for r in RECORDS}


def in_scope(model: type[models.Model]) -> bool:
    """Engage's own models (the User model included), their histories and relation tables."""
    return model._meta.app_config is not None and model._meta.app_config.name.startswith("engage.")


def _is_history(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type") and model.__name__.startswith("Historical")


def field_classes(model: type[models.Model]) -> dict[str, FieldClass]:
    """Every classified field of a model: a record's own, its history's, a relation table's."""
    if _is_history(model):
        return field_classes(model.instance_type) | HISTORY_FIELDS  # type: ignore[attr-defined]
    # Django's stubs type auto_created as a bool; for a relation's table it is the model.
    parent: type[models.Model] | bool = model._meta.auto_created
    if isinstance(parent, type):
        # The table behind a many-to-many field: the link to the target is classified as the
        # field itself; the link back to the record is not personal.
        for m2m in parent._meta.many_to_many:
            if m2m.remote_field.through is model:
                own = field_classes(parent).get(m2m.name)
                linked = {
                    "id": FieldClass.NOT_PERSONAL,
                    m2m.m2m_field_name(): FieldClass.NOT_PERSONAL,
                }
                return linked | ({m2m.m2m_reverse_field_name(): own} if own else {})
        return {}
    record = records().get(model._meta.label)
    return record.fields() if record else {}


def classification() -> dict[str, FieldClass]:
    """Every field in scope as "app_label.Model.field": its class."""
    found: dict[str, FieldClass] = {}
    for model in apps.get_models(include_auto_created=True):
        if in_scope(model):
            for name, cls in field_classes(model).items():
                found[f"{model._meta.label}.{name}"] = cls
    return found


def unclassified() -> list[str]:
    """Fields that exist but are classified nowhere: each needs a decision in RECORDS."""
    missing = []
    for model in apps.get_models(include_auto_created=True):
        if in_scope(model):
            known = field_classes(model)
            missing += [
                f"{model._meta.label}.{n}" for n in sorted(model_fields(model) - set(known))
            ]
    return missing


def stale() -> list[str]:
    """Fields classified in RECORDS that no longer exist (or whose model is gone)."""
    gone = []
    for record in RECORDS:
        try:
            model = record.model
        except LookupError:
            gone.append(record.label)
            continue
        declared = set(record.fields())
        gone += [f"{record.label}.{n}" for n in sorted(declared - model_fields(model))]
        for rule in record.kept:
            gone += [f"{record.label}.{n}" for n in rule.fields if n not in declared]
    return gone
