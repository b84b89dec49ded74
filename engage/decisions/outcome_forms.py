"""Input for "you said, we did": what to draft a page from, the page's words, and its points."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.consultations.models import Consultation
from engage.core.models import Office
from engage.decisions import outcomes
from engage.decisions.models import Decision, Outcome, OutcomePoint
from engage.decisions.outcome_queries import consultations_to_draft_from
from engage.engagements.models import ConcernTheme
from engage.engagements.queries.concerns import active_themes
from engage.places.models import Area

WELSH_HINT = gettext_lazy("Without it, people reading in Welsh see the English.")


def _welsh(form: forms.BaseForm) -> None:
    """Welsh fields are optional and say what happens without them."""
    for name, field in form.fields.items():
        if name.endswith("_cy"):
            field.required = False
            field.help_text = WELSH_HINT


class FromConsultationForm(forms.Form):
    consultation = forms.ModelChoiceField(
        label=gettext_lazy("Consultation"),
        queryset=Consultation.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the consultation")},
        help_text=gettext_lazy("Analysed or published consultations that have no page yet."),
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = consultations_to_draft_from(office)  # type: ignore[attr-defined]


class FromThemeForm(forms.Form):
    concern_theme = forms.ModelChoiceField(
        label=gettext_lazy("Theme"),
        queryset=ConcernTheme.objects.none(),
        error_messages={"required": gettext_lazy("Choose the theme")},
    )
    area = forms.ModelChoiceField(
        label=gettext_lazy("Area"),
        queryset=Area.objects.none(),
        required=False,
        help_text=gettext_lazy("Concerns in the area and every area inside it are counted."),
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme: Any = self.fields["concern_theme"]
        theme.queryset = active_themes(office)
        theme.empty_label = _("Choose a theme")
        area: Any = self.fields["area"]
        area.queryset = Area.objects.filter(office=office).order_by("kind", "name")
        area.empty_label = _("The whole force area")


class OutcomeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Outcome
        fields = [*outcomes.OUTCOME_FIELDS, "decisions"]
        widgets = {
            "decisions": forms.CheckboxSelectMultiple,
            "we_asked": forms.Textarea,
            "we_asked_cy": forms.Textarea,
        }
        error_messages = {
            "title": {"required": gettext_lazy("Enter the title")},
            "we_asked": {"required": gettext_lazy("Say what was asked")},
            "you_said": {"required": gettext_lazy("Say what people said")},
            "slug": {
                "invalid": gettext_lazy(
                    "Use only lower-case letters, numbers and hyphens in the web address, "
                    "like precept-2027"
                )
            },
        }

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        _welsh(self)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "The last part of the public web address. Leave it blank to make one from the title."
        )
        self.fields["we_did"].help_text = _(
            "What the Commissioner did because of what people said. Needed before publishing."
        )
        decisions: Any = self.fields["decisions"]
        decisions.queryset = Decision.objects.for_office(office).order_by("-decided_on", "-pk")  # type: ignore[attr-defined]
        decisions.label = _("Decisions this page links to")
        decisions.help_text = _(
            "A decision chosen for a point below is linked too. Only published decisions can be "
            "linked from a published page."
        )
        decisions.label_from_instance = lambda d: f"{d.reference}: {d.title}"

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        if slug and outcomes.slug_taken(self.office, slug, self.instance):
            raise forms.ValidationError(_("Another page already uses this web address."))
        return slug

    def _post_clean(self) -> None:
        # The web address may be blank here (made from the title by the service): skip the
        # model's own validation, which would call a blank slug missing.
        pass

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in outcomes.OUTCOME_FIELDS}
        values["decisions"] = list(self.cleaned_data["decisions"])
        return values


class PointForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OutcomePoint
        fields = list(outcomes.POINT_FIELDS)
        widgets = {"said": forms.Textarea, "said_cy": forms.Textarea}
        error_messages = {"said": {"required": gettext_lazy("Say what people said")}}

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _welsh(self)
        self.fields["how_many"].help_text = _("Like 412 of 1,630 (25%).")
        decision: Any = self.fields["decision"]
        decision.queryset = Decision.objects.for_office(office).order_by("-decided_on", "-pk")  # type: ignore[attr-defined]
        decision.empty_label = _("None: say why not below")
        decision.label = _("The decision that acted on it")
        decision.label_from_instance = lambda d: f"{d.reference}: {d.title}"
        self.fields["response"].label = _("What we did, or why nothing was done")
        self.fields["response"].help_text = _(
            "Needed when no decision acted on it. You can add a line beside a decision too."
        )
        self.fields["response_cy"].label = _("What we did, or why not, in Welsh")

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in outcomes.POINT_FIELDS}


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
