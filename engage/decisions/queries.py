"""Traceability: from a decision to every voice behind it, and from a concern to the decisions it fed.

A decision's evidence names things people said: a consultation (all its responses), one of its
questions (those who answered it), a theme of its free-text answers (those coded to it), a concern,
the concerns on a theme (in an area and the places inside it, when the evidence names one), an
activity and the concerns raised there, an ambassador's forum report and the concerns in it, and
the complaints on a theme. `Scope` gathers those links as ids; every read below turns a scope into
a fixed number of queries, however much evidence there is.

Who is told when a decision is published (`contacts_behind`) is the consenting part of the same
people: respondents who asked to hear the outcome and gave an email, people whose concern was
recorded with their consent, surgery visitors who agreed, and the ambassadors who wrote the
reports. One message per address.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.consultations.models import (
    AgeBand,
    Disability,
    EthnicGroup,
    Response,
    ResponseChannel,
    Sex,
    ThemeCode,
)
from engage.core.models import Office
from engage.decisions.models import Decision, Evidence, EvidenceKind, Outcome
from engage.engagements.models import (
    ComplaintThemeCount,
    Concern,
    ConcernSource,
    ConcernStatus,
    ConcernTheme,
    SurgeryBooking,
)
from engage.meetings.models import Action, ForumReport
from engage.messaging.addresses import normalise_email, normalise_phone
from engage.messaging.models import Channel, Language, MessageStatus, Notice
from engage.messaging.notices import Contact
from engage.places.models import Area


def decisions_for(office: Office) -> QuerySet[Decision]:
    """The office's decisions, newest first, each with `evidence_count`."""
    return (
        Decision.objects.for_office(office)
        .annotate(evidence_count=Count("evidence"))
        .order_by("-decided_on", "-pk")
    )


# -- the scope of a decision's evidence ------------------------------------------------------


@dataclass
class Scope:
    """What a decision's evidence (or a "you said, we did" page) covers, as ids."""

    office_id: int
    consultations: set[int] = field(default_factory=set)
    # (consultation id, question id): those who answered the question.
    questions: set[tuple[int, int]] = field(default_factory=set)
    consultation_themes: set[int] = field(default_factory=set)
    concerns: set[int] = field(default_factory=set)
    # (concern theme id, area id or None): an area includes the places inside it.
    concern_themes: set[tuple[int, int | None]] = field(default_factory=set)
    activities: set[int] = field(default_factory=set)
    forum_reports: set[int] = field(default_factory=set)
    complaint_themes: set[int] = field(default_factory=set)
    # Area id -> itself and every area inside it, for the areas the concern themes name.
    inside: dict[int, set[int]] = field(default_factory=dict)

    @property
    def has_responses(self) -> bool:
        return bool(self.consultations or self.questions or self.consultation_themes)

    @property
    def has_concerns(self) -> bool:
        return bool(self.concerns or self.concern_themes or self.activities or self.forum_reports)


def _area_parents(office_id: int) -> dict[int, int | None]:
    """Every area of the office and its parent: one query."""
    return dict(Area.objects.filter(office_id=office_id).values_list("pk", "parent_id"))


def _inside(parents: dict[int, int | None], area_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each area with every area inside it (a district's forum areas and their wards)."""
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in parents.items():
        if parent is not None:
            children[parent].append(pk)
    result = {}
    for area_id in area_ids:
        found, level = {area_id}, [area_id]
        while level:
            level = [c for a in level for c in children[a] if c not in found]
            found.update(level)
        result[area_id] = found
    return result


def ancestors(parents: dict[int, int | None], area_id: int | None) -> set[int]:
    """The area and every area it is part of."""
    found: set[int] = set()
    while area_id is not None and area_id not in found:
        found.add(area_id)
        area_id = parents.get(area_id)
    return found


def _add(scope: Scope, evidence: Evidence) -> None:
    kind = evidence.kind
    if kind == EvidenceKind.CONSULTATION:
        scope.consultations.add(evidence.consultation_id)  # type: ignore[arg-type]
    elif kind == EvidenceKind.QUESTION:
        scope.questions.add((evidence.question.consultation_id, evidence.question_id))  # type: ignore[union-attr,arg-type]
    elif kind == EvidenceKind.CONSULTATION_THEME:
        scope.consultation_themes.add(evidence.consultation_theme_id)  # type: ignore[arg-type]
    elif kind == EvidenceKind.CONCERN:
        scope.concerns.add(evidence.concern_id)  # type: ignore[arg-type]
    elif kind == EvidenceKind.CONCERN_THEME:
        scope.concern_themes.add((evidence.concern_theme_id, evidence.area_id))  # type: ignore[arg-type]
    elif kind == EvidenceKind.ACTIVITY:
        scope.activities.add(evidence.activity_id)  # type: ignore[arg-type]
    elif kind == EvidenceKind.FORUM_REPORT:
        scope.forum_reports.add(evidence.forum_report_id)  # type: ignore[arg-type]
    elif kind == EvidenceKind.COMPLAINT_THEME:
        scope.complaint_themes.add(evidence.concern_theme_id)  # type: ignore[arg-type]


def _finish(scope: Scope) -> Scope:
    areas = {a for _t, a in scope.concern_themes if a is not None}
    if areas:
        scope.inside = _inside(_area_parents(scope.office_id), areas)
    return scope


def scope_of_evidence(evidence: Iterable[Evidence], office_id: int) -> Scope:
    scope = Scope(office_id=office_id)
    for item in evidence:
        _add(scope, item)
    return _finish(scope)


def evidence_of(decision: Decision) -> list[Evidence]:
    """The decision's evidence with the thing each points at: one query."""
    return list(
        decision.evidence.select_related(
            "consultation",
            "question__consultation",
            "consultation_theme__question__consultation",
            "concern__theme",
            "concern__area",
            "concern_theme",
            "area",
            "activity__area",
            "forum_report__occurrence__series",
            "forum_report__occurrence__area",
            "forum_report__ambassador",
        ).order_by("pk")
    )


def scope_of(decision: Decision, evidence: list[Evidence] | None = None) -> Scope:
    return scope_of_evidence(
        evidence if evidence is not None else evidence_of(decision), decision.office_id
    )


def _theme_area_q(scope: Scope, theme: str, area: str) -> Q:
    q = Q()
    for theme_id, area_id in scope.concern_themes:
        if area_id is None:
            q |= Q(**{theme: theme_id})
        else:
            q |= Q(**{theme: theme_id, f"{area}__in": scope.inside[area_id]})
    return q


def responses_in(scope: Scope) -> QuerySet[Response]:
    """Submitted responses behind the scope, each once."""
    if not scope.has_responses:
        return Response.objects.none()
    q = Q(consultation_id__in=scope.consultations)
    for consultation_id, question_id in scope.questions:
        q |= Q(consultation_id=consultation_id, answers__has_key=str(question_id))
    if scope.consultation_themes:
        q |= Q(
            Exists(
                ThemeCode.objects.filter(
                    response=OuterRef("pk"), theme_id__in=scope.consultation_themes
                )
            )
        )
    return Response.objects.filter(office_id=scope.office_id, submitted_at__isnull=False).filter(q)


def _concern_q(scope: Scope) -> Q:
    q = Q(pk__in=scope.concerns) | _theme_area_q(scope, "theme_id", "area_id")
    if scope.activities:
        q |= Q(activity_id__in=scope.activities)
    if scope.forum_reports:
        q |= Q(forum_report_id__in=scope.forum_reports)
    return q


def concerns_in(scope: Scope) -> QuerySet[Concern]:
    """Concerns behind the scope: named, on a theme (in an area), raised at an activity or forum."""
    if not scope.has_concerns:
        return Concern.objects.none()
    return Concern.objects.filter(office_id=scope.office_id).filter(_concern_q(scope))


# -- voices behind a decision ------------------------------------------------------------------


@dataclass
class ChannelRow:
    group: str  # "responses", "concerns", "activities", "forums", "complaints"
    label: str
    records: int
    people: int


@dataclass
class AreaRow:
    area: str
    responses: int = 0
    concerns: int = 0
    people: int = 0  # people who raised the concerns
    reached: int = 0  # people at the activities and forums

    @property
    def total(self) -> int:
        return self.responses + self.people + self.reached


@dataclass
class GroupTable:
    title: str
    rows: list[tuple[str, int]]


@dataclass
class Voices:
    """Every voice behind a decision, counted by channel, by area and (respondents) by group."""

    channels: list[ChannelRow]
    areas: list[AreaRow]
    groups: list[GroupTable]
    responses: int
    concerns: int
    concern_people: int
    reached: int
    forum_attendance: int
    complaints: int
    complaints_from: dt.date | None

    @property
    def people(self) -> int:
        """Responses, people who raised concerns and people at the activities and forums.
        Someone may be in more than one of them; complaints are counted apart."""
        return self.responses + self.concern_people + self.reached + self.forum_attendance

    def __bool__(self) -> bool:
        return bool(self.channels)


GROUP_COLUMNS = (
    ("age_band", AgeBand, _("Age")),
    ("sex", Sex, _("Sex")),
    ("ethnic_group", EthnicGroup, _("Ethnic group")),
    ("disability", Disability, _("Disability")),
)


def _group_tables(rows: list[Any]) -> list[GroupTable]:
    tables = []
    for column, choices, title in GROUP_COLUMNS:
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            counts[row[column] or ""] += row["n"]
        ordered = [(str(label), counts[value]) for value, label in choices.choices if counts[value]]
        if counts[""]:
            ordered.append((_("Not given"), counts[""]))
        tables.append(GroupTable(str(title), ordered))
    return tables


def voices_behind(decision: Decision, evidence: list[Evidence] | None = None) -> Voices:
    """Every voice behind the decision: responses by channel, concerns by source, people at the
    activities and forums, complaints on the themes (the 12 months to the decision), each by
    area, and respondents by age, sex, ethnic group and disability.

    Each response and concern is counted once, however many pieces of evidence lead to it. A
    fixed number of queries (at most eight), whatever the evidence.
    """
    evidence = evidence if evidence is not None else evidence_of(decision)
    scope = scope_of(decision, evidence)
    areas: dict[int | None, AreaRow] = {}

    def area_row(area_id: int | None) -> AreaRow:
        return areas.setdefault(area_id, AreaRow(""))

    channels: list[ChannelRow] = []
    response_rows = list(
        responses_in(scope)
        .order_by()
        .values("channel", "area_id", "age_band", "sex", "ethnic_group", "disability")
        .annotate(n=Count("pk"))
    )
    by_channel: dict[str, int] = defaultdict(int)
    for response in response_rows:
        by_channel[response["channel"]] += response["n"]
        area_row(response["area_id"]).responses += response["n"]
    for value, label in ResponseChannel.choices:
        if by_channel[value]:
            channels.append(
                ChannelRow("responses", str(label), by_channel[value], by_channel[value])
            )

    concern_rows = list(
        concerns_in(scope)
        .order_by()
        .values("source", "area_id")
        .annotate(n=Count("pk"), people=Sum("people"))
    )
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for raised in concern_rows:
        by_source[raised["source"]][0] += raised["n"]
        by_source[raised["source"]][1] += raised["people"] or 0
        area_row(raised["area_id"]).concerns += raised["n"]
        area_row(raised["area_id"]).people += raised["people"] or 0
    for value, label in ConcernSource.choices:
        if by_source[value][0]:
            channels.append(ChannelRow("concerns", str(label), *by_source[value]))

    activities = [e.activity for e in evidence if e.kind == EvidenceKind.ACTIVITY]
    reached = sum(a.people_reached or 0 for a in activities if a is not None)
    for activity in activities:
        if activity is not None:
            area_row(activity.area_id).reached += activity.people_reached or 0
    if activities:
        channels.append(
            ChannelRow("activities", _("People at activities"), len(activities), reached)
        )
    reports = [e.forum_report for e in evidence if e.kind == EvidenceKind.FORUM_REPORT]
    attendance = sum(r.attendance for r in reports if r is not None)
    for report in reports:
        if report is not None:
            area_row(report.occurrence.area_id).reached += report.attendance
    if reports:
        channels.append(
            ChannelRow("forums", _("Residents at community forums"), len(reports), attendance)
        )

    complaints, since = 0, None
    if scope.complaint_themes:
        since = decision.decided_on.replace(day=1) - relativedelta(months=11)
        complaints = (
            ComplaintThemeCount.objects.filter(
                office_id=decision.office_id,
                theme_id__in=scope.complaint_themes,
                month__gte=since,
                month__lte=decision.decided_on,
            ).aggregate(total=Sum("count"))["total"]
            or 0
        )
        channels.append(
            ChannelRow("complaints", _("Complaints about policing"), complaints, complaints)
        )

    names = dict(
        Area.objects.filter(pk__in=[a for a in areas if a is not None]).values_list("pk", "name")
    )
    for area_id, counted in areas.items():
        counted.area = names.get(area_id, "") if area_id is not None else ""
    area_rows = sorted(
        (r for a, r in areas.items() if a is not None and r.total), key=lambda r: r.area
    )
    unknown = areas.get(None)
    if unknown is not None and unknown.total:
        unknown.area = _("Area not known")
        area_rows.append(unknown)

    return Voices(
        channels=channels,
        areas=area_rows,
        groups=_group_tables(response_rows) if response_rows else [],
        responses=sum(by_channel.values()),
        concerns=sum(n for n, _people in by_source.values()),
        concern_people=sum(people for _n, people in by_source.values()),
        reached=reached,
        forum_attendance=attendance,
        complaints=complaints,
        complaints_from=since,
    )


# -- from a concern to the decisions it fed -------------------------------------------------


def decisions_fed_by(concern: Concern) -> QuerySet[Decision]:
    """Decisions whose evidence includes the concern: by name, by its theme (in its area or one
    the area is part of, or anywhere), by the activity or forum report it was raised at."""
    parents = _area_parents(concern.office_id) if concern.area_id is not None else {}
    q = Q(evidence__concern=concern) | Q(
        evidence__kind=EvidenceKind.CONCERN_THEME,
        evidence__concern_theme_id=concern.theme_id,
        evidence__area__isnull=True,
    )
    if concern.area_id is not None:
        q |= Q(
            evidence__kind=EvidenceKind.CONCERN_THEME,
            evidence__concern_theme_id=concern.theme_id,
            evidence__area_id__in=ancestors(parents, concern.area_id),
        )
    if concern.activity_id is not None:
        q |= Q(evidence__activity_id=concern.activity_id)
    if concern.forum_report_id is not None:
        q |= Q(evidence__forum_report_id=concern.forum_report_id)
    return (
        Decision.objects.filter(office_id=concern.office_id)
        .filter(pk__in=Decision.objects.filter(q).values("pk"))
        .order_by("-decided_on", "-pk")
    )


# -- unanswered ------------------------------------------------------------------------------


@dataclass
class UnansweredTheme:
    theme: ConcernTheme
    concerns: int
    people: int
    oldest: dt.date


@dataclass
class Unanswered:
    weeks: int
    before: dt.date
    concerns: QuerySet[Concern]
    themes: list[UnansweredTheme]


def unanswered(office: Office, weeks: int, *, today: dt.date | None = None) -> Unanswered:
    """Concerns raised more than `weeks` weeks ago that no decision took as evidence and nobody
    answered (still open, no action agreed, no reply sent), oldest first; and the themes that no
    decision and no "you said, we did" page has taken up, with how many of those concerns each
    has. A fixed number of queries.
    """
    before = (today or timezone.localdate()) - dt.timedelta(weeks=weeks)
    concern_kinds = [
        EvidenceKind.CONCERN,
        EvidenceKind.CONCERN_THEME,
        EvidenceKind.ACTIVITY,
        EvidenceKind.FORUM_REPORT,
    ]
    linked = concerns_in(
        scope_of_evidence(
            Evidence.objects.for_office(office).filter(kind__in=concern_kinds), office.pk
        )
    )
    concerns = (
        Concern.objects.for_office(office)
        .filter(status=ConcernStatus.OPEN, replied_at__isnull=True, raised_on__lte=before)
        .exclude(Exists(Action.objects.filter(concern=OuterRef("pk"))))
        .exclude(pk__in=linked.values("pk"))
    )
    taken_up = Evidence.objects.filter(
        office=office, kind=EvidenceKind.CONCERN_THEME, concern_theme=OuterRef("pk")
    )
    with_outcome = Outcome.objects.filter(office=office, concern_theme=OuterRef("pk"))
    theme_rows = (
        concerns.filter(
            theme__in=ConcernTheme.objects.exclude(Exists(taken_up)).exclude(Exists(with_outcome))
        )
        .order_by()
        .values("theme_id")
        .annotate(n=Count("pk"), people=Sum("people"), oldest=Min("raised_on"))
    )
    rows = list(theme_rows)
    themes = ConcernTheme.objects.in_bulk([r["theme_id"] for r in rows])
    return Unanswered(
        weeks=weeks,
        before=before,
        concerns=concerns.select_related("theme", "area").order_by("raised_on", "pk"),
        themes=sorted(
            (
                UnansweredTheme(themes[r["theme_id"]], r["n"], r["people"] or 0, r["oldest"])
                for r in rows
            ),
            key=lambda t: (t.oldest, t.theme.name),
        ),
    )


# -- who is told ----------------------------------------------------------------------------


def _email(text: str) -> str | None:
    try:
        return normalise_email(text)
    except ValidationError:
        return None


def _mobile(text: str) -> str | None:
    try:
        return normalise_phone(text)
    except ValidationError:
        return None


def _language(value: str) -> str:
    return Language.WELSH if (value or "").startswith("cy") else Language.ENGLISH


class _Contacts:
    """Contacts in the order found, one per address (the first way we found them wins)."""

    def __init__(self) -> None:
        self.found: dict[str, Contact] = {}

    def add(self, email: str, phone: str, language: str, source: str) -> None:
        # Email when given (it costs nothing), else a text to a mobile; a landline gets neither.
        address = _email(email) if email else None
        channel = Channel.EMAIL
        if address is None and phone:
            address, channel = _mobile(phone), Channel.SMS
        if address is not None and address not in self.found:
            self.found[address] = Contact(
                channel=channel, address=address, language=_language(language), source=source
            )

    def list(self) -> list[Contact]:
        return list(self.found.values())


def _contacts(scope: Scope, extra_reports: QuerySet[ForumReport] | None = None) -> list[Contact]:
    contacts = _Contacts()
    if scope.has_responses:
        respondents = (
            responses_in(scope)
            .filter(wants_outcome=True)
            .exclude(email="")
            .order_by("pk")
            .values_list("email", "language")
        )
        for email, language in respondents:
            contacts.add(email, "", language, "respondent")
    concerns = concerns_in(scope)
    if scope.has_concerns:
        raised = (
            concerns.filter(wants_reply=True)
            .exclude(contact_email="", contact_phone="")
            .order_by("pk")
            .values_list("contact_email", "contact_phone", "language")
        )
        for email, phone, language in raised:
            contacts.add(email, phone, language, "concern")
    booking_q = Q()
    if scope.has_concerns:
        booking_q |= Q(pk__in=concerns.filter(booking__isnull=False).values("booking_id"))
    booking_q |= _theme_area_q(scope, "theme_id", "slot__session__area_id")
    if booking_q:
        bookings = (
            SurgeryBooking.objects.filter(office_id=scope.office_id, wants_outcome=True)
            .filter(booking_q)
            .order_by("pk")
            .values_list("email", "phone", "language")
        )
        for email, phone, language in bookings:
            contacts.add(email, phone, language, "surgery")
    reports = ForumReport.objects.filter(office_id=scope.office_id, pk__in=scope.forum_reports)
    if extra_reports is not None:
        reports = reports | extra_reports
    if scope.forum_reports or extra_reports is not None:
        for email in reports.order_by("pk").values_list("ambassador__email", flat=True).distinct():
            contacts.add(email, "", Language.ENGLISH, "ambassador")
    return contacts.list()


def contacts_behind(decision: Decision) -> list[Contact]:
    """Everyone linked to the decision's evidence who agreed to hear what came of it, once per
    address: respondents who asked to hear the outcome (by email), people whose concern was
    recorded with their consent and a way to reach them, surgery visitors who agreed (their case
    fed a concern in the evidence, or is on an evidence theme), and the ambassadors who wrote the
    evidence forum reports. Each in their language. A fixed number of queries."""
    return _contacts(scope_of(decision))


def contacts_behind_outcome(outcome: Outcome) -> list[Contact]:
    """Everyone behind a "you said, we did" page who agreed to hear what came of it: for a
    consultation, its respondents who asked to hear the outcome; for a theme (in an area), the
    people whose concerns on it were recorded with their consent, surgery visitors on it who
    agreed, and the ambassadors whose forum reports raised it."""
    scope = Scope(office_id=outcome.office_id)
    extra_reports = None
    if outcome.consultation_id is not None:
        scope.consultations.add(outcome.consultation_id)
    if outcome.concern_theme_id is not None:
        scope.concern_themes.add((outcome.concern_theme_id, outcome.area_id))
        _finish(scope)
        extra_reports = ForumReport.objects.filter(
            pk__in=concerns_in(scope).filter(forum_report__isnull=False).values("forum_report_id")
        )
    return _contacts(scope, extra_reports)


def contact_count(decision: Decision) -> int:
    """How many people would be told if the decision were published now."""
    return len(contacts_behind(decision))


# -- notices sent ------------------------------------------------------------------------------


def notices_of(decision: Decision) -> list[Notice]:
    """The notices queued for the decision, newest first, each with its messages counted by
    status (`queued`, `sending`, `sent`, `delivered`, `failed`): one query."""
    counts = {
        status: Count("messages", filter=Q(messages__status=status))
        for status in MessageStatus.values
    }
    return list(
        Notice.objects.filter(decision=decision)
        .select_related("created_by")
        .annotate(messages_total=Count("messages"), **counts)
        .order_by("-created_at", "-pk")
    )
