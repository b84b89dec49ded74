"""Input for evaluation: the period and area, a social media export, campaigns, a post's campaign."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.forms import date_field
from engage.core.models import Office
from engage.engagements.forms.activities import AREA_ERRORS, AreaChoiceField, activity_areas
from engage.engagements.models import Activity
from engage.evaluation.models import Campaign, Platform
from engage.evaluation.queries import SORTS, default_period
from engage.evaluation.services import normal_hashtags
from engage.evaluation.social import HASHTAG, MAX_BYTES
from engage.places.models import Area


class PeriodForm(forms.Form):
    """The period (the last 12 months unless chosen) and, optionally, an area."""

    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)
    area = AreaChoiceField(
        label=_("Area"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("All areas"),
        error_messages=AREA_ERRORS,
    )

    def __init__(
        self, *args: Any, office: Office, today: dt.date, with_area: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        if with_area:
            self.fields["area"].queryset = activity_areas(office)  # type: ignore[attr-defined]
        else:
            del self.fields["area"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The “to” date must be on or after the “from” date"))
        return data

    def period(self) -> tuple[dt.date, dt.date, Any]:
        """The valid choices; a date left out or mistyped gives the last 12 months."""
        default_start, default_end = default_period(self.today)
        if not self.is_bound or not self.is_valid():
            data = {
                k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors
            }
        else:
            data = self.cleaned_data
        end = data.get("end") or default_end
        start = data.get("start") or default_period(end)[0]
        if end < start:
            start, end = default_start, default_end
        return start, end, data.get("area")


class SortForm(forms.Form):
    sort = forms.ChoiceField(required=False, choices=[(k, k) for k in SORTS])
    order = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")])


class CampaignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Export file"),
        help_text=_("The CSV of posts the platform gave you, unchanged, up to 5 MB"),
        error_messages={"required": _("Choose the export file to upload.")},
    )
    campaign = CampaignChoiceField(
        label=_("Campaign"),
        help_text=_(
            "Posts without a campaign join this one, unless their hashtags put them in another."
        ),
        required=False,
        queryset=Campaign.objects.none(),
        empty_label=_("No campaign"),
        error_messages={"invalid_choice": _("Choose a campaign from the list")},
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.for_office(office)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Export a shorter period."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(
                _("Upload the .csv file the platform exported (or an .xlsx saved from it).")
            )
        return upload


class ActivityChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.starts_at:%d/%m/%Y})"


class CampaignForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={
            "required": _("Enter the campaign's name"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    hashtags = forms.CharField(
        label=_("Hashtags"),
        required=False,
        max_length=500,
        help_text=_(
            "Separated by spaces, like #RuralCrimeWeek #FarmWatch. Imported posts whose text "
            "carries one join this campaign."
        ),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea
    )
    activities = ActivityChoices(
        label=_("Activities of the campaign"),
        help_text=_(
            "Its offline work, or the activity logged for the campaign, shown beside its posts."
        ),
        required=False,
        queryset=Activity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose activities from the list")},
    )

    def __init__(
        self, *args: Any, office: Office, campaign: Campaign | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.campaign = campaign
        self.fields["activities"].queryset = (  # type: ignore[attr-defined]
            Activity.objects.for_office(office)
            .filter(starts_at__date__gte=timezone.localdate() - dt.timedelta(days=730))
            .order_by("-starts_at")
        )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = Campaign.objects.for_office(self.office).filter(name__iexact=name)
        if self.campaign is not None:
            others = others.exclude(pk=self.campaign.pk)
        if others.exists():
            raise forms.ValidationError(
                _("There is already a campaign called “%(name)s”") % {"name": name}
            )
        return name

    def clean_hashtags(self) -> list[str]:
        words = self.cleaned_data["hashtags"].replace(",", " ").split()
        bad = [w for w in words if not HASHTAG.fullmatch("#" + w.lstrip("#"))]
        if bad:
            raise forms.ValidationError(
                _(
                    "“%(tag)s” is not a hashtag: use letters, numbers and underscores, like #RuralCrimeWeek"
                )
                % {"tag": bad[0]}
            )
        tags = normal_hashtags(words)
        taken = Campaign.objects.for_office(self.office)
        if self.campaign is not None:
            taken = taken.exclude(pk=self.campaign.pk)
        for other in taken:
            clash = {t.casefold() for t in tags} & {t.casefold() for t in other.hashtags}
            if clash:
                raise forms.ValidationError(
                    _("#%(tag)s already belongs to the campaign “%(name)s”")
                    % {"tag": sorted(clash)[0], "name": other.name}
                )
        return tags


class PostFilterForm(forms.Form):
    platform = forms.ChoiceField(
        label=_("Platform"), required=False, choices=[("", _("All platforms")), *Platform.choices]
    )
    campaign = forms.ChoiceField(label=_("Campaign"), required=False)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [  # type: ignore[attr-defined]
            ("", _("All campaigns")),
            ("none", _("In no campaign")),
            *((str(c.pk), c.name) for c in Campaign.objects.for_office(office)),
        ]


class PostCampaignForm(forms.Form):
    campaign = CampaignChoiceField(
        label=_("Campaign"),
        required=False,
        queryset=Campaign.objects.none(),
        empty_label=_("No campaign"),
        error_messages={"invalid_choice": _("Choose a campaign from the list")},
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.for_office(office)  # type: ignore[attr-defined]
