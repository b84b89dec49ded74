"""Input for news, documents and comments: every check on what staff and the public type, with
messages that say what to fix. A form sent back with an error keeps everything typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms.utils import ErrorDict
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.bilingual import bilingual
from engage.core.forms import date_field, time_field
from engage.core.models import Office
from engage.core.public_forms import PublicForm
from engage.meetings.services import local_datetime
from engage.places.models import Area
from engage.publishing.models import Document, NewsItem
from engage.publishing.services import NEWS_FIELDS

# A strategy with its appendices is a few megabytes; anything much bigger will not open on a
# cheap phone on mobile data either.
MAX_FILE_BYTES = 10 * 1024 * 1024
COMMENT_LIMIT = 2000  # as Comment.text
NAME_LIMIT = 80  # as Comment.name


class ItemForm(forms.Form):
    """The words of a news item or a document, in English with Welsh beside."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("Enter a title of 200 characters or fewer"),
        },
    )
    title_cy = forms.CharField(
        label=_("Title in Welsh"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Enter a Welsh title of 200 characters or fewer")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=600,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": _("Enter a summary of 600 characters or fewer")},
    )
    summary_cy = forms.CharField(
        label=_("Summary in Welsh"),
        max_length=600,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": _("Enter a Welsh summary of 600 characters or fewer")},
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=30000,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": _("Enter a text of 30,000 characters or fewer")},
    )
    body_cy = forms.CharField(
        label=_("Text in Welsh"),
        max_length=30000,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": _("Enter a Welsh text of 30,000 characters or fewer")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["summary"].help_text = _(
            "One or two sentences: what people see in the list. Needed to publish."
        )
        self.fields["body"].help_text = _(
            "Needed to publish. Leave a blank line between paragraphs; start a line with “- ” "
            "for a bulleted list."
        )
        for name in ("title", "title_cy"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    @classmethod
    def initial_for(cls, item: Any) -> dict[str, Any]:
        return {name: getattr(item, name) for name in NEWS_FIELDS}

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in NEWS_FIELDS}


class NewsForm(ItemForm):
    """A news item: save it as a draft with only a title; publishing needs the rest."""

    @classmethod
    def for_item(cls, data: Any, item: NewsItem | None) -> NewsForm:
        return cls(data, initial=cls.initial_for(item) if item else None)


class DocumentForm(ItemForm):
    """A document for comment: its words, the deadline for comments, and an optional PDF."""

    closes_on = date_field(_("Date comments close"), required=False)
    closes_time = time_field(_("Time comments close"), required=False)
    file = forms.FileField(
        label=_("The document as a PDF"),
        required=False,
        help_text=_("Optional. A PDF of up to 10 MB, for people who want to print or save it."),
        error_messages={"empty": _("The file you chose is empty: choose the PDF again")},
    )
    remove_file = forms.BooleanField(label=_("Remove the PDF"), required=False)

    def __init__(self, *args: Any, document: Document | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        self.fields["closes_on"].help_text = _(
            "Needed to publish. For example, 30 11 2026. Comments are taken until the time below, "
            "UK time."
        )
        self.fields["closes_time"].help_text = _("On the 24-hour clock, like 17:00 or 23:59.")
        if document is None or not document.file:
            del self.fields["remove_file"]
        else:
            self.fields["file"].label = _("Replace the PDF")

    @classmethod
    def initial_for(cls, item: Any) -> dict[str, Any]:
        initial = super().initial_for(item)
        if item.closes_at is not None:
            local = timezone.localtime(item.closes_at)
            initial["closes_on"], initial["closes_time"] = local.date(), local.time()
        else:
            initial["closes_time"] = dt.time(23, 59)
        return initial

    @classmethod
    def for_document(cls, data: Any, files: Any, document: Document | None) -> DocumentForm:
        initial = cls.initial_for(document) if document else {"closes_time": dt.time(23, 59)}
        return cls(data, files, document=document, initial=initial)

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The PDF must be 10 MB or smaller (this one is %(size)s)")
                % {"size": filesizeformat(upload.size)}
            )
        name = (upload.name or "").lower()
        head = upload.read(5)
        upload.seek(0)
        if not name.endswith(".pdf") or head != b"%PDF-":
            raise forms.ValidationError(_("The file must be a PDF"))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "closes_on" in self.errors or "closes_time" in self.errors:
            return data
        day, at = data.get("closes_on"), data.get("closes_time")
        data["closes_at"] = None
        if day is None:
            if self.document is not None and self.document.is_published:
                self.add_error(
                    "closes_on",
                    _("Enter the date comments close: a published document needs a deadline"),
                )
        elif at is None:
            self.add_error("closes_time", _("Enter the time comments close, like 17:00"))
        else:
            data["closes_at"] = local_datetime(day, at)
        return data

    def values(self) -> dict[str, Any]:
        values = super().values()
        values["closes_at"] = self.cleaned_data.get("closes_at")
        return values

    def file_values(self) -> dict[str, Any]:
        return {
            "file": self.cleaned_data.get("file"),
            "remove_file": bool(self.cleaned_data.get("remove_file")),
        }


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not shown?"),
        help_text=_("For staff only: nobody outside the office sees this."),
        widget=forms.Textarea,
        max_length=1000,
        error_messages={
            "required": _("Say why the comment is not shown"),
            "max_length": _("Enter a reason of 1,000 characters or fewer"),
        },
    )


# -- the public's comment form ----------------------------------------------------------------


def comment_areas(office: Office) -> QuerySet[Area]:
    return Area.objects.for_office(office).districts().order_by("name")


class AreaField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:  # type: ignore[override]
        return bilingual(obj, "name")


class CommentForm(PublicForm):
    """A comment from anyone: the words, and if they like a name to show and their area."""

    # No max_length here: clean_text() says how long it is, as "2,399" rather than "2399".
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea,
        help_text=_(
            "It will be shown on this page once it has been checked. Do not include anyone's "
            "contact details, or anything that could identify someone else."
        ),
        error_messages={"required": _("Enter your comment")},
    )
    name = forms.CharField(
        label=_("Name to show with your comment"),
        help_text=_("Leave this empty to comment without a name."),
        max_length=NAME_LIMIT,
        required=False,
        error_messages={
            "max_length": _("The name must be 80 characters or fewer"),
        },
    )
    area = AreaField(
        label=_("Where do you live?"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Choose your area (optional)"),
        error_messages={"invalid_choice": _("Choose an area from the list")},
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = comment_areas(office)  # type: ignore[attr-defined]
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def full_clean(self) -> None:
        super().full_clean()
        # In the order of the page, so the error summary reads top to bottom.
        errors = self.errors
        if errors:
            order = {name: n for n, name in enumerate([NON_FIELD_ERRORS, *self.fields])}
            self._errors = ErrorDict(
                sorted(errors.items(), key=lambda item: order.get(item[0], len(order))),
                renderer=self.renderer,
            )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Enter your comment"))
        if len(text) > COMMENT_LIMIT:
            raise forms.ValidationError(
                _("Your comment must be 2,000 characters or fewer: it has %(count)s")
                % {"count": f"{len(text):,}"}
            )
        return text

    def values(self) -> dict[str, Any]:
        return {
            "text": self.cleaned_data["text"],
            "name": self.cleaned_data["name"],
            "area": self.cleaned_data["area"],
        }
