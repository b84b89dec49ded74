"""Upload forms of the imports: a file of responses, and a Pol.is conversation's files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.consultations import imports, polis


def _read(upload: Any, limit: int, too_big: str) -> bytes:
    if upload.size > limit:
        raise forms.ValidationError(too_big)
    data: bytes = upload.read()
    if not data.strip():
        raise forms.ValidationError(_("The file is empty. Choose the file with the data in it."))
    return data


class ResponsesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File of responses"),
        help_text=_("A CSV file saved as “CSV UTF-8”, or an Excel workbook (.xlsx); at most 5 MB."),
        error_messages={
            "required": _("Choose the file of responses"),
            "empty": _("The file is empty. Choose the file with the responses in it."),
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.cleaned_data["data"] = _read(
            upload,
            imports.MAX_BYTES,
            str(_("The file is bigger than 5 MB. Split it into smaller files.")),
        )
        return upload


class PolisUploadForm(forms.Form):
    comments = forms.FileField(
        label=_("comments.csv"),
        help_text=_("The statements, with their moderation."),
        error_messages={"required": _("Choose the comments.csv file of the conversation")},
    )
    votes = forms.FileField(
        label=_("votes.csv (if the export has it)"),
        help_text=_("One row per vote."),
        required=False,
    )
    participants_votes = forms.FileField(
        label=_("participants-votes.csv (if there is no votes.csv)"),
        help_text=_("One row per participant, a column per statement."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        files: dict[str, bytes] = {}
        too_big = str(_("The file is bigger than 20 MB. Check it is a Pol.is export."))
        for name in ("comments", "votes", "participants_votes"):
            upload = cleaned.get(name)
            if upload:
                key = upload.name or name
                if key in files:  # two files of one name: they are told apart by their headers
                    key = f"{name}-{key}"
                try:
                    files[key] = _read(upload, polis.MAX_BYTES, too_big)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        no_votes = not cleaned.get("votes") and not cleaned.get("participants_votes")
        if no_votes and "votes" not in self.errors and "participants_votes" not in self.errors:
            self.add_error(
                "votes", _("Choose votes.csv or participants-votes.csv: they hold the votes.")
            )
        cleaned["files"] = files
        return cleaned
