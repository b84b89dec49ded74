"""Input for the places pages: a census file to import, a force area to build."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from engage.core.uploads import StashedFile
from engage.places import census

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _check_size(upload: UploadedFile | None) -> UploadedFile | None:
    if upload is not None and (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _(
                "The file is larger than 5 MB. Census files for a force area are much smaller: "
                "check you chose the right file."
            )
        )
    if upload is not None and not upload.size:
        raise forms.ValidationError(_("The file is empty. Choose the census file again."))
    return upload


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Census file"),
        help_text=_(
            "A CSV file as downloaded from ONS: age bands (TS007A), ethnic group per local "
            "authority, or sex by single year of age for England and Wales."
        ),
        error_messages={"required": _("Choose a census CSV file to import.")},
    )

    def clean_file(self) -> UploadedFile | None:
        return _check_size(self.cleaned_data.get("file"))


class ConfirmImportForm(forms.Form):
    """The confirmation of a previewed file: its digest must match the file kept in the session."""

    digest = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, stored: StashedFile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored = stored

    def clean_digest(self) -> str:
        digest: str = self.cleaned_data["digest"]
        if self.stored is None or self.stored.digest != digest:
            raise forms.ValidationError(
                _("The file you checked is no longer waiting to be imported. Upload it again.")
            )
        return digest


class ForceAreaForm(forms.Form):
    pfa_code = forms.CharField(
        label=_("Police force area code"),
        max_length=9,
        help_text=_("The ONS code of the police force area, like E23000017 for Warwickshire."),
        error_messages={"required": _("Enter the police force area's ONS code, like E23000017.")},
    )
    lookup = forms.FileField(
        label=_("Lookup file"),
        required=False,
        help_text=_(
            "Leave empty to use the ONS district to police force area lookup shipped with Engage "
            "(December 2016)."
        ),
    )

    def clean_pfa_code(self) -> str:
        code = self.cleaned_data["pfa_code"].strip().upper()
        if not census.ONS_CODE.match(code):
            raise forms.ValidationError(
                _("Enter an ONS code: a letter and 8 digits, like E23000017.")
            )
        return code

    def clean_lookup(self) -> UploadedFile | None:
        return _check_size(self.cleaned_data.get("lookup"))
