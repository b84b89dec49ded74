"""Input for decisions and their evidence: every check on what staff type, with messages that say
what to fix. ("You said, we did" pages have theirs in outcome_forms.py.)"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from engage.consultations.models import Consultation, Question, Status, Theme
from engage.core.forms import date_field
from engage.core.models import Office
from engage.decisions.models import (
    EVIDENCE_FIELD,
    Decision,
    DecisionKind,
    EvidenceKind,
)
from engage.decisions.services import DECISION_FIELDS, clean_reference, reference_taken
from engage.engagements.models import Activity, Concern, ConcernTheme
from engage.meetings.models import ForumReport
from engage.places.models import Area, AreaKind


class DecisionForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=40,
        help_text=_("The office's own reference, like PCC/2026/014."),
        error_messages={
            "required": _("Enter the decision's reference, like PCC/2026/014"),
            "max_length": _("Enter a reference of 40 characters or fewer"),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Enter the decision's title"),
            "max_length": _("Enter a title of 200 characters or fewer"),
        },
    )
    title_cy = forms.CharField(
        label=_("Title in Welsh"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Enter a Welsh title of 200 characters or fewer")},
    )
    decided_on = date_field(_("Date of the decision"))
    kind = forms.ChoiceField(
        label=_("Kind of decision"),
        widget=forms.RadioSelect,
        choices=DecisionKind.choices,
        error_messages={"required": _("Choose the kind of decision")},
    )
    summary = forms.CharField(
        label=_("What was decided"),
        widget=forms.Textarea,
        max_length=10000,
        help_text=_("In plain words: this is what people who asked to hear back will read."),
        error_messages={"required": _("Say what was decided")},
    )
    summary_cy = forms.CharField(
        label=_("What was decided, in Welsh"),
        widget=forms.Textarea,
        max_length=10000,
        required=False,
    )

    def __init__(
        self, *args: Any, office: Office, decision: Decision | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.decision = decision
        self.fields["reference"].widget.attrs["autocomplete"] = "off"

    @classmethod
    def initial_for(cls, decision: Decision) -> dict[str, Any]:
        return {name: getattr(decision, name) for name in DECISION_FIELDS}

    def clean_reference(self) -> str:
        reference = clean_reference(self.cleaned_data["reference"])
        if not any(ch.isalnum() for ch in reference):
            raise forms.ValidationError(
                _("Enter a reference with letters or numbers, like PCC/2026/014")
            )
        other = reference_taken(self.office, reference, self.decision)
        if other is not None:
            raise forms.ValidationError(
                _(
                    "Another decision already has the reference %(reference)s (“%(title)s”). "
                    "Give each decision its own reference."
                )
                % {"reference": other.reference, "title": other.title}
            )
        return reference

    def clean_decided_on(self) -> Any:
        day = self.cleaned_data["decided_on"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(
                _("Enter the date the decision was taken: it cannot be after today, %(today)s")
                % {"today": date_format(today, "j F Y")}
            )
        return day

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DECISION_FIELDS}


PUBLISHED_CHOICES = [
    ("", _("Published or not")),
    ("yes", _("Published")),
    ("no", _("Not published")),
]


class DecisionFilterForm(forms.Form):
    """The decisions list's filters. Every field is optional; a bad value is ignored."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *DecisionKind.choices]
    )
    published = forms.ChoiceField(label=_("Published"), required=False, choices=PUBLISHED_CHOICES)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = (
            Decision.objects.for_office(office)
            .annotate(year=ExtractYear("decided_on"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]

    def apply(self, decisions: QuerySet[Decision]) -> QuerySet[Decision]:
        if not self.is_bound or not self.is_valid():
            return decisions
        data = self.cleaned_data
        if data.get("kind"):
            decisions = decisions.filter(kind=data["kind"])
        if data.get("published") == "yes":
            decisions = decisions.filter(published_at__isnull=False)
        elif data.get("published") == "no":
            decisions = decisions.filter(published_at__isnull=True)
        if data.get("year"):
            decisions = decisions.filter(decided_on__year=data["year"])
        return decisions

    @property
    def filtered(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())


# -- evidence -----------------------------------------------------------------------------------


class EvidenceKindForm(forms.Form):
    """First step of adding evidence: what kind of thing it is."""

    kind = forms.ChoiceField(
        label=_("What kind of evidence is it?"),
        widget=forms.RadioSelect,
        choices=EvidenceKind.choices,
        error_messages={
            "required": _("Choose what kind of evidence it is"),
            "invalid_choice": _("Choose what kind of evidence it is from the list"),
        },
    )


def _day(value: Any) -> str:
    return date_format(timezone.localtime(value) if hasattr(value, "tzinfo") else value, "j M Y")


class _Choice(forms.ModelChoiceField):
    """A choice among the office's records, labelled so that staff can tell them apart."""

    def __init__(self, *args: Any, labeller: Any = str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labeller = labeller

    def label_from_instance(self, obj: Any) -> str:
        return str(self.labeller(obj))


def _consultation_label(c: Consultation) -> str:
    return f"{c.title} ({c.get_status_display()})"


def _question_label(q: Question) -> str:
    return f"{q.consultation.title}: {q.text}"


def _theme_label(t: Theme) -> str:
    return f"{t.question.consultation.title}: {t.question.text} – {t.label}"


def _concern_label(c: Concern) -> str:
    place = f", {c.area.name}" if c.area else ""
    summary = c.summary if len(c.summary) <= 70 else c.summary[:69] + "…"
    return f"{_day(c.raised_on)} · {c.theme.name}{place} – {summary}"


def _activity_label(a: Activity) -> str:
    place = f" ({a.area.name})" if a.area else ""
    return f"{_day(a.starts_at)} – {a.title}{place}"


def _report_label(r: ForumReport) -> str:
    occurrence = r.occurrence
    place = occurrence.area.name if occurrence.area else occurrence.series.title
    who = r.ambassador.get_full_name() or r.ambassador.email
    return f"{_day(occurrence.starts_at)} – {place} ({who})"


def _area_label(a: Area) -> str:
    return f"{a.name} ({a.get_kind_display().lower()})"


def _target_field(kind: EvidenceKind, office: Office) -> forms.ModelChoiceField:
    """The choice of the thing a kind of evidence points at, among the office's records only."""
    what = {
        EvidenceKind.CONSULTATION: (
            _("Consultation"),
            Consultation.objects.for_office(office).exclude(status=Status.DRAFT),
            _consultation_label,
            _("Choose the consultation"),
        ),
        EvidenceKind.QUESTION: (
            _("Question"),
            Question.objects.filter(consultation__office=office)
            .exclude(consultation__status=Status.DRAFT)
            .select_related("consultation")
            .order_by("consultation__title", "section__position", "position", "pk"),
            _question_label,
            _("Choose the question"),
        ),
        EvidenceKind.CONSULTATION_THEME: (
            _("Theme in the answers"),
            Theme.objects.filter(question__consultation__office=office)
            .select_related("question__consultation")
            .order_by("question__consultation__title", "question__position", "position", "pk"),
            _theme_label,
            _("Choose the theme"),
        ),
        EvidenceKind.CONCERN: (
            _("Concern"),
            Concern.objects.for_office(office)
            .select_related("theme", "area")
            .order_by("-raised_on", "-pk"),
            _concern_label,
            _("Choose the concern"),
        ),
        EvidenceKind.CONCERN_THEME: (
            _("Theme of the concerns"),
            ConcernTheme.objects.for_office(office).order_by("-is_active", "name"),
            str,
            _("Choose the theme"),
        ),
        EvidenceKind.ACTIVITY: (
            _("Activity"),
            Activity.objects.for_office(office).select_related("area").order_by("-starts_at"),
            _activity_label,
            _("Choose the activity"),
        ),
        EvidenceKind.FORUM_REPORT: (
            _("Forum report"),
            ForumReport.objects.for_office(office)
            .select_related("occurrence__area", "occurrence__series", "ambassador")
            .order_by("-occurrence__starts_at"),
            _report_label,
            _("Choose the forum report"),
        ),
        EvidenceKind.COMPLAINT_THEME: (
            _("Theme of the complaints"),
            ConcernTheme.objects.for_office(office)
            .filter(complaints__isnull=False)
            .distinct()
            .order_by("name"),
            str,
            _("Choose the theme"),
        ),
    }
    label, queryset, labeller, choose = what[kind]
    return _Choice(
        label=label,
        queryset=queryset,
        labeller=labeller,
        empty_label=choose,
        error_messages={
            "required": choose,
            "invalid_choice": _("%(choose)s from the list: it offers this office's records only")
            % {"choose": choose},
        },
    )


class EvidenceForm(forms.Form):
    """Second step: the thing itself, and how it informed the decision."""

    kind = forms.ChoiceField(choices=EvidenceKind.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("How it informed the decision"),
        widget=forms.Textarea,
        max_length=500,
        required=False,
        help_text=_("For example: “Most respondents supported a rise of up to £15 a year”."),
        error_messages={"max_length": _("Write the note in 500 characters or fewer")},
    )

    def __init__(self, *args: Any, office: Office, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.evidence_kind = EvidenceKind(kind)
        self.target_name = EVIDENCE_FIELD[self.evidence_kind]
        self.fields["kind"].initial = self.evidence_kind.value
        target = _target_field(self.evidence_kind, office)
        # The thing first, then the area (themes only), then the note.
        note = self.fields.pop("note")
        self.fields[self.target_name] = target
        if self.evidence_kind == EvidenceKind.CONCERN_THEME:
            self.fields["area"] = _Choice(
                label=_("Area"),
                required=False,
                queryset=Area.objects.for_office(office)
                .exclude(kind=AreaKind.COUNTRY)
                .order_by("kind", "name"),
                labeller=_area_label,
                empty_label=_("Everywhere"),
                help_text=_("Only concerns raised here, or in the places inside it."),
                error_messages={"invalid_choice": _("Choose an area from the list")},
            )
        self.fields["note"] = note

    @property
    def target(self) -> forms.BoundField:
        return self[self.target_name]

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        if kind != self.evidence_kind:
            raise forms.ValidationError(_("Choose what kind of evidence it is"))
        return kind

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.evidence_kind,
            "target": self.cleaned_data[self.target_name],
            "area": self.cleaned_data.get("area"),
            "note": self.cleaned_data["note"],
        }


class WeeksForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Older than how many weeks?"),
        min_value=1,
        max_value=520,
        initial=8,
        error_messages={
            "required": _("Enter a number of weeks, like 8"),
            "invalid": _("Enter the number of weeks as a whole number, like 8"),
            "min_value": _("Enter 1 week or more"),
            "max_value": _("Enter 520 weeks (10 years) or fewer"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weeks"].widget.attrs["inputmode"] = "numeric"

    def chosen(self) -> int:
        if self.is_bound and self.is_valid():
            return int(self.cleaned_data["weeks"])
        return 8
