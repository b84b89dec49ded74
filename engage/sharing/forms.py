"""Input for sharing: choosing a quarter, uploading files, writing and finding case studies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.core.models import Office
from engage.engagements.models import Activity, Audience
from engage.sharing.benchmarks import Quarter, recent_quarters
from engage.sharing.models import AreaType, CaseStudy


class MoneyField(forms.DecimalField):
    """Pounds and pence; takes "£1,250.50" as people type it."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)  # type: ignore[return-value]


def quarter_choices(today: dt.date, extra: list[Quarter] | None = None) -> list[tuple[str, str]]:
    quarters = set(recent_quarters(today)) | set(extra or [])
    return [(q.key, str(q.label)) for q in sorted(quarters, reverse=True)]


class QuarterForm(forms.Form):
    """Which quarter to look at or export. A GET form: it changes nothing."""

    quarter = forms.ChoiceField(
        label=_("Quarter"),
        error_messages={"invalid_choice": _("Choose a quarter from the list")},
    )

    def __init__(
        self, *args: Any, today: dt.date, extra: list[Quarter] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        choices = quarter_choices(today, extra)
        quarter = self.fields["quarter"]
        assert isinstance(quarter, forms.ChoiceField)
        quarter.choices = choices
        quarter.initial = choices[0][0]

    def chosen(self, default: Quarter) -> Quarter:
        if self.is_bound and self.is_valid():
            return Quarter.from_key(self.cleaned_data["quarter"]) or default
        return default


FORMATS = [("json", _("JSON")), ("csv", _("CSV (one row per measure)"))]


class ExportForm(QuarterForm):
    format = forms.ChoiceField(
        label=_("File format"),
        choices=FORMATS,
        initial="json",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose JSON or CSV"),
            "invalid_choice": _("Choose JSON or CSV"),
        },
    )


class UploadForm(forms.Form):
    """One file, read whole; the import checks what is in it."""

    max_bytes = 1_000_000
    file = forms.FileField(
        label=_("Benchmark file (JSON or CSV)"),
        help_text=_("A file exported from Engage or made in the benchmark format, at most 1 MB."),
        error_messages={
            "required": _("Choose the benchmark file to upload"),
            "empty": _("The file is empty."),
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("The file is bigger than %(mb)s MB. Check it is the right file.")
                % {"mb": self.max_bytes // 1_000_000}
            )
        data = upload.read()
        if not data.strip():
            raise forms.ValidationError(_("The file is empty."))
        self.cleaned_data["data"] = data
        return upload


class LibraryUploadForm(UploadForm):
    max_bytes = 2_000_000
    file = forms.FileField(
        label=_("Case studies file (JSON)"),
        help_text=_("A file exported from another office's practice library, at most 2 MB."),
        error_messages={
            "required": _("Choose the case studies file to upload"),
            "empty": _("The file is empty."),
        },
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the library"),
        required=False,
        max_length=200,
        help_text=_("Words in the title, what was done, the lessons or the tags."),
    )


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.starts_at:%d/%m/%Y} – {obj.title}"


class StartFromActivityForm(forms.Form):
    activity = ActivityChoiceField(
        label=_("Write up an activity"),
        queryset=Activity.objects.none(),
        empty_label=_("Choose an activity"),
        help_text=_("Its type, figures, who it was for and its outcome are filled in for you."),
        error_messages={
            "required": _("Choose the activity to write up"),
            "invalid_choice": _("Choose an activity from the list"),
        },
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any):
        super().__init__(*args, **kwargs)
        activity = self.fields["activity"]
        assert isinstance(activity, forms.ModelChoiceField)
        # The latest 200: a list to choose from, not the whole record (a sliced queryset
        # cannot be looked up in, so the slice is taken here as a list of keys).
        latest = (
            Activity.objects.for_office(office).order_by("-starts_at").values_list("pk", flat=True)
        )
        activity.queryset = Activity.objects.filter(pk__in=list(latest[:200])).order_by(
            "-starts_at"
        )


class CaseStudyForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("Who was it for?"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose groups from the list")},
    )
    people_reached = forms.IntegerField(
        label=_("People reached"),
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter the number of people as a whole number, like 25"),
            "min_value": _("The number of people cannot be less than 0"),
        },
    )
    cost = MoneyField(
        label=_("Cost (£)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter the cost in pounds, like 45.50"),
            "min_value": _("The cost cannot be negative: enter £0 or more"),
            "max_decimal_places": _("Enter the cost in pounds and pence, like 45.50"),
            "max_digits": _("Enter a cost of less than £100,000,000"),
            "max_whole_digits": _("Enter a cost of less than £100,000,000"),
        },
    )

    class Meta:
        model = CaseStudy
        fields = [
            "title",
            "what_was_done",
            "audiences",
            "area_type",
            "cost",
            "people_reached",
            "outcome",
            "lessons",
            "tags",
            "published",
        ]
        widgets = {
            "what_was_done": forms.Textarea(attrs={"rows": 6}),
            "outcome": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "title": _("Title"),
            "what_was_done": _("What was done"),
            "area_type": _("Type of area"),
            "outcome": _("Outcome"),
            "lessons": _("Lessons learned"),
            "tags": _("Tags"),
            "published": _("Publish it in the library, for other offices"),
        }
        help_texts = {
            "what_was_done": _(
                "What happened, how it was organised, with whom. Name no member of the public: "
                "other offices will read it."
            ),
            "lessons": _("What worked, what you would do differently, what to watch out for."),
        }
        error_messages = {
            "title": {"required": _("Enter a title")},
            "what_was_done": {
                "required": _("Say what was done"),
                "max_length": _("Keep what was done to 5,000 characters"),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        area_type = self.fields["area_type"]
        assert isinstance(area_type, forms.ChoiceField)
        area_type.choices = [("", _("Not said")), *AreaType.choices]

    def clean_tags(self) -> str:
        tags = [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        if any(len(t) > 60 for t in tags):
            raise forms.ValidationError(
                _("Keep each tag to 60 characters; separate tags with commas")
            )
        return ", ".join(dict.fromkeys(tags))
