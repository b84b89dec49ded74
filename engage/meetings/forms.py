"""Input for the partner-meeting schedule: every check on what staff type lives here."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.accounts.models import Post, User
from engage.accounts.queries import staff_of
from engage.core.forms import date_field, time_field
from engage.core.models import Office
from engage.meetings.models import ActionStatus, Frequency, MeetingSeries
from engage.meetings.schedule_import import MAX_BYTES, ScheduleFileError, decode_schedule
from engage.meetings.services import local_datetime
from engage.places.models import Area
from engage.stakeholders.models import Organisation

if TYPE_CHECKING:
    pass


class SeriesForm(forms.ModelForm):
    attending_posts = forms.MultipleChoiceField(
        label=_("OPCC attendance"),
        choices=Post.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    first_date = date_field(_("First meeting date"), required=False)
    start_time = time_field(_("Usual start time"))

    class Meta:
        model = MeetingSeries
        fields = [
            "title",
            "category",
            "chair",
            "frequency",
            "per_year",
            "per_forum_area",
            "attending_posts",
            "attendance_rotation",
            "lead_officer",
            "lead_officer_text",
            "location",
            "first_date",
            "start_time",
            "duration_minutes",
            "stakeholders",
            "notes",
        ]
        widgets = {"stakeholders": forms.CheckboxSelectMultiple, "notes": forms.Textarea}
        error_messages = {
            "title": {"required": _("Enter the name of the meeting")},
            "category": {"required": _("Choose the schedule category")},
            "frequency": {"required": _("Choose how often the meeting happens")},
        }

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["lead_officer"].queryset = staff_of(office)  # type: ignore[attr-defined]
        self.fields["lead_officer"].empty_label = _("Nobody in particular")  # type: ignore[attr-defined]
        self.fields["stakeholders"].queryset = Organisation.objects.for_office(office)  # type: ignore[attr-defined]
        self.fields["stakeholders"].required = False
        self.fields["lead_officer_text"].label = _("OPCC lead officer, as a post or name")
        self.fields["lead_officer_text"].required = False

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        others = MeetingSeries.objects.for_office(self.office).filter(title__iexact=title)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("There is already a meeting series called “%(title)s”") % {"title": title}
            )
        return title

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("frequency") == Frequency.AS_REQUIRED and not data.get("per_year"):
            self.add_error("per_year", _("Enter about how many meetings a year there are, like 6"))
        if data.get("per_year") is not None and not 1 <= data["per_year"] <= 52:
            self.add_error("per_year", _("Enter a number of meetings a year between 1 and 52"))
        if (
            data.get("per_forum_area")
            and not Area.objects.for_office(self.office).forum_areas().exists()
        ):
            self.add_error(
                "per_forum_area",
                _("This office has no community forum areas yet. Add them under Places first."),
            )
        return data


class OccurrenceForm(forms.Form):
    """Date, time and place of a meeting: used to add one and to move one."""

    date = date_field(_("Date"))
    start_time = time_field(_("Start time"))
    end_time = time_field(_("End time"))
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=200,
        required=False,
        help_text=_("Kept in the meeting's history."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time"))
        return data

    def datetimes(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["date"]
        return (
            local_datetime(day, self.cleaned_data["start_time"]),
            local_datetime(day, self.cleaned_data["end_time"]),
        )


class AddOccurrenceForm(OccurrenceForm):
    area = forms.ModelChoiceField(
        label=_("Forum area"), queryset=Area.objects.none(), required=False, empty_label=_("None")
    )

    def __init__(self, *args: Any, series: MeetingSeries, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["reason"]
        if series.per_forum_area:
            self.fields["area"].queryset = Area.objects.for_office(series.office).forum_areas()  # type: ignore[attr-defined]
            self.fields["area"].required = True
            self.fields["area"].error_messages["required"] = _("Choose the forum area")
        else:
            del self.fields["area"]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=200, required=False)


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Who from the OPCC attended"), required=False, widget=forms.CheckboxSelectMultiple
    )
    apologies = forms.MultipleChoiceField(
        label=_("Who sent apologies"), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes or minutes"),
        required=False,
        widget=forms.Textarea,
        max_length=20000,
        help_text=_("What was discussed and decided. Actions are recorded separately below."),
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in staff_of(office)}
        choices = [(pk, str(u)) for pk, u in self.people.items()]
        self.fields["attended"].choices = choices  # type: ignore[attr-defined]
        self.fields["apologies"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("attended", [])) & set(data.get("apologies", []))
        if both:
            names = ", ".join(sorted(str(self.people[pk]) for pk in both))
            self.add_error(
                "apologies", _("%(names)s cannot both attend and send apologies") % {"names": names}
            )
        return data

    def chosen(self, name: str) -> list[Any]:
        return [self.people[pk] for pk in self.cleaned_data.get(name, [])]


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Action"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Describe the action")},
    )
    owner = forms.ModelChoiceField(
        label=_("Owner in the OPCC"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody in the OPCC"),
    )
    owner_name = forms.CharField(
        label=_("Or an owner outside the OPCC"),
        max_length=200,
        required=False,
        help_text=_("For example, Rugby Borough Council community safety team."),
    )
    due_on = date_field(_("Due date"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.OPEN
    )

    def __init__(
        self, *args: Any, office: Office, with_status: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_of(office)  # type: ignore[attr-defined]
        if not with_status:
            del self.fields["status"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("owner") and not (data.get("owner_name") or "").strip():
            self.add_error("owner", _("Choose an owner in the OPCC, or name one outside it"))
        return data


class FeedForm(forms.Form):
    SCOPE_MINE = "mine"
    SCOPE_OFFICE = "office"
    scope = forms.ChoiceField(
        label=_("Which meetings"),
        widget=forms.RadioSelect,
        choices=[(SCOPE_MINE, _("My meetings")), (SCOPE_OFFICE, _("Every meeting of the office"))],
        initial=SCOPE_MINE,
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        required=False,
        help_text=_("To tell your feeds apart, like “Work phone”."),
    )

    def __init__(self, *args: Any, allow_office: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_office:
            self.fields["scope"].choices = [(self.SCOPE_MINE, _("My meetings"))]  # type: ignore[attr-defined]


class ScheduleUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Schedule file (CSV)"),
        help_text=_(
            "A CSV file saved as “CSV UTF-8”, at most 1 MB, whose first row is the header "
            "shown above."
        ),
        error_messages={"required": _("Choose the CSV file of your schedule.")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is bigger than 1 MB. Check it is the schedule, saved as CSV.")
            )
        data = upload.read()
        if not data.strip():
            raise forms.ValidationError(_("The file is empty."))
        try:
            decode_schedule(data)
        except ScheduleFileError as error:
            raise forms.ValidationError(str(error)) from error
        self.cleaned_data["data"] = data
        return upload
