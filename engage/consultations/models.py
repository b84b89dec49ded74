"""Consultations: the survey, its questions, the answers people give, and the analysis of them.

A consultation has sections of questions. Every response, whichever channel it came by, is one
`Response` row: its answers in one JSON object keyed by question id, and the respondent's optional
demographic answers in columns of their own, kept apart from anything they wrote (ADR 0009).

Answer values, by question kind (what `Response.answers[str(question.pk)]` holds):
  single, precept  the chosen Option's pk (int)
  multiple         a list of Option pks
  scale            an int from question.scale_min to question.scale_max
  ranking          a list of Option pks, most preferred first (all options or the first few)
  number           a number (int or float)
  text             a string
  statements       {"<statement pk>": 1 agree | -1 disagree | 0 pass}
An unanswered question has no key.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.bilingual import bilingual
from engage.core.models import OfficeQuerySet, OfficeScopedModel


def new_token() -> str:
    return secrets.token_urlsafe(16)


class StrategicArea(models.TextChoices):
    """Seed 003's four areas that need ongoing consultation, and anything else."""

    PRIORITIES = "priorities", _("Police and Crime Plan priorities")
    PRECEPT = "precept", _("Budget and precept")
    SERVICE = "service", _("Quality of service")
    VICTIMS = "victims", _("Victims")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    ANALYSED = "analysed", _("Analysed")
    PUBLISHED = "published", _("Published")


class Consultation(OfficeScopedModel):
    """One consultation or survey, from draft to published results."""

    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    slug = models.SlugField(
        _("web address"),
        max_length=80,
        help_text=_("The last part of the public web address, like precept-2027."),
    )
    description = models.TextField(_("description"))
    description_cy = models.TextField(_("description in Welsh"), blank=True)
    strategic_area = models.CharField(
        _("strategic area"), max_length=20, choices=StrategicArea.choices
    )
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("target area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        help_text=_("Whose views are sought; the weighting uses this area's population."),
    )
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    closes_on = models.DateField(
        _("closes"), null=True, blank=True, help_text=_("Answers are taken until 23:59 that day.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    privacy_notice = models.TextField(_("privacy notice"), blank=True)
    privacy_notice_cy = models.TextField(_("privacy notice in Welsh"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
    )
    ask_demographics = models.BooleanField(
        _("ask the standard 'about you' questions"),
        default=True,
        help_text=_("Age, sex, ethnic group, disability and area: optional for respondents."),
    )
    results_summary = models.TextField(_("summary of results"), blank=True)
    results_summary_cy = models.TextField(_("summary of results in Welsh"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "-created_at"]
        verbose_name = _("consultation")
        constraints = [
            models.UniqueConstraint(fields=["office", "slug"], name="consultation_slug_per_office")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("consultations:public_start", args=[self.office.slug, self.slug])

    @property
    def local_title(self) -> str:
        return bilingual(self, "title")

    @property
    def local_description(self) -> str:
        return bilingual(self, "description")

    @property
    def local_privacy_notice(self) -> str:
        return bilingual(self, "privacy_notice")

    def is_accepting_responses(self, today: object = None) -> bool:
        """Open, and today falls between the open and close dates (UK time)."""
        day = today or timezone.localdate()
        if self.status != Status.OPEN:
            return False
        if self.opens_on and day < self.opens_on:  # type: ignore[operator]
            return False
        return not (self.closes_on and day > self.closes_on)  # type: ignore[operator]


class Section(models.Model):
    """A page of the survey: respondents answer one section at a time."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_cy = models.TextField(_("introduction in Welsh"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")

    def __str__(self) -> str:
        return self.title

    @property
    def local_title(self) -> str:
        return bilingual(self, "title")

    @property
    def local_intro(self) -> str:
        return bilingual(self, "intro")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale (agree to disagree, 1 to 5…)")
    RANKING = "ranking", _("Ranking")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")
    PRECEPT = "precept", _("Precept choice")
    STATEMENTS = "statements", _("Statement voting")


CHOICE_KINDS = {
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.RANKING,
    QuestionKind.PRECEPT,
}


class Question(models.Model):
    """One question. Which fields apply depends on its kind (see the module docstring)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("type of question"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    text_cy = models.CharField(_("question in Welsh"), max_length=500, blank=True)
    help_text = models.TextField(_("hint"), blank=True)
    help_text_cy = models.TextField(_("hint in Welsh"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Scale
    scale_min = models.IntegerField(_("lowest point"), null=True, blank=True)
    scale_max = models.IntegerField(_("highest point"), null=True, blank=True)
    scale_min_label = models.CharField(_("label of the lowest point"), max_length=80, blank=True)
    scale_min_label_cy = models.CharField(
        _("label of the lowest point in Welsh"), max_length=80, blank=True
    )
    scale_max_label = models.CharField(_("label of the highest point"), max_length=80, blank=True)
    scale_max_label_cy = models.CharField(
        _("label of the highest point in Welsh"), max_length=80, blank=True
    )
    # Number
    number_min = models.DecimalField(
        _("smallest allowed"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("largest allowed"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Multiple choice and ranking: how many may be chosen or ranked (blank: any / all)
    max_choices = models.PositiveSmallIntegerField(
        _("most that may be chosen or ranked"), null=True, blank=True
    )
    # Precept: the Band D amount this year, which the options add to
    band_d_current = models.DecimalField(
        _("Band D policing precept this year (£)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # Statement voting
    allow_new_statements = models.BooleanField(
        _("people may add statements of their own"),
        default=True,
        help_text=_("Staff approve each one before others see it."),
    )
    # Free text: how much a person may write
    max_length = models.PositiveIntegerField(_("most characters"), default=5000)

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("question")

    def __str__(self) -> str:
        return self.text

    @property
    def local_text(self) -> str:
        return bilingual(self, "text")

    @property
    def local_help_text(self) -> str:
        return bilingual(self, "help_text")

    @property
    def key(self) -> str:
        """The key of this question's answer in Response.answers."""
        return str(self.pk)


class Option(models.Model):
    """An answer to choose or rank. For a precept question, `amount` is the yearly increase."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("label"), max_length=300)
    label_cy = models.CharField(_("label in Welsh"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("increase a year for a Band D household (£)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("option")

    def __str__(self) -> str:
        return self.label

    @property
    def local_label(self) -> str:
        return bilingual(self, "label")

    @property
    def monthly(self) -> Decimal | None:
        return None if self.amount is None else (self.amount / 12).quantize(Decimal("0.01"))


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Shown to participants")
    REJECTED = "rejected", _("Not shown")


class Statement(models.Model):
    """A short statement to agree or disagree with, written by staff or by a participant."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=400)
    text_cy = models.CharField(_("statement in Welsh"), max_length=400, blank=True)
    status = models.CharField(
        _("moderation"),
        max_length=20,
        choices=StatementStatus.choices,
        default=StatementStatus.PENDING,
    )
    author = models.ForeignKey(
        "Response",
        verbose_name=_("written by respondent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements_written",
    )
    source_id = models.CharField(_("id in the source data"), max_length=40, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("statement")

    def __str__(self) -> str:
        return self.text

    @property
    def local_text(self) -> str:
        return bilingual(self, "text")


# -- the standard "about you" block (ONS 2021 categories) -------------------------------------


class AgeBand(models.TextChoices):
    UNDER_16 = "under_16", _("Under 16")
    A16_24 = "16-24", _("16 to 24")
    A25_34 = "25-34", _("25 to 34")
    A35_44 = "35-44", _("35 to 44")
    A45_54 = "45-54", _("45 to 54")
    A55_64 = "55-64", _("55 to 64")
    A65_74 = "65-74", _("65 to 74")
    A75_PLUS = "75+", _("75 or over")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class EthnicGroup(models.TextChoices):
    """The five high-level groups of the 2021 Census ethnic group question."""

    ASIAN = "asian", _("Asian, Asian British or Asian Welsh")
    BLACK = "black", _("Black, Black British, Black Welsh, Caribbean or African")
    MIXED = "mixed", _("Mixed or multiple ethnic groups")
    WHITE = "white", _("White")
    OTHER = "other", _("Other ethnic group")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class Disability(models.TextChoices):
    """The 2021 Census question on day-to-day activities limited by a health condition."""

    LIMITED_A_LOT = "a_lot", _("Yes, limited a lot")
    LIMITED_A_LITTLE = "a_little", _("Yes, limited a little")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class ResponseChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper form")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email or letter")
    IMPORT = "import", _("Imported from another survey tool")
    POLIS = "polis", _("Imported from Pol.is")


class ResponseQuerySet(OfficeQuerySet):
    def submitted(self) -> ResponseQuerySet:
        return self.filter(submitted_at__isnull=False)


class Response(OfficeScopedModel):
    """One person's answers, by any channel. Unsubmitted online responses are drafts."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=ResponseChannel.choices, default=ResponseChannel.ONLINE
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # The private link to come back to a draft (online only).
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    language = models.CharField(_("language"), max_length=10, default="en-gb")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    # About you: optional, and never mixed with what the person wrote.
    age_band = models.CharField(_("age"), max_length=20, choices=AgeBand.choices, blank=True)
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices, blank=True)
    ethnic_group = models.CharField(
        _("ethnic group"), max_length=20, choices=EthnicGroup.choices, blank=True
    )
    disability = models.CharField(
        _("disability"), max_length=20, choices=Disability.choices, blank=True
    )
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_responses",
    )
    postcode_district = models.CharField(
        _("postcode district"), max_length=4, blank=True, help_text=_("The first half, like CV11.")
    )
    # Hearing the outcome (issue 5 sends the notices)
    wants_outcome = models.BooleanField(_("wants to hear the outcome"), default=False)
    email = models.EmailField(_("email"), blank=True)
    # Staff entry and imports
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_id = models.CharField(
        _("id in the source data"),
        max_length=60,
        blank=True,
        help_text=_("A paper form's number, or the participant id in an imported file."),
    )

    objects = ResponseQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("response")
        indexes = [models.Index(fields=["consultation", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}"


# -- analysis ---------------------------------------------------------------------------------


class RunKind(models.TextChoices):
    ANALYSIS = "analysis", _("Analysis")
    IMPORT = "import", _("Import of responses")
    POLIS_IMPORT = "polis_import", _("Import of a Pol.is conversation")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Run(OfficeScopedModel):
    """Long work done by the tasks worker (an analysis, an import), with its progress and result.

    `result` of a finished analysis is the whole analysis as JSON (see analysis.py); the results
    pages, exports and the PDF read it rather than recompute.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="runs", null=True, blank=True
    )
    kind = models.CharField(max_length=20, choices=RunKind.choices)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0 to 100")
    stage = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    # The uploaded file(s) an import works on, kept until the import has run.
    payload = models.BinaryField(blank=True, default=b"")
    payload_name = models.CharField(max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class Theme(models.Model):
    """A theme of the free-text answers to one question: found by the analysis or made by hand.

    Analysts rename, merge and split themes and code answers by hand. A theme an analyst has
    touched is `kept`: recomputing the themes replaces only the themes nobody touched and the
    automatic codes, never a manual code.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    label = models.CharField(_("name"), max_length=120)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    kept = models.BooleanField(_("kept by an analyst"), default=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("theme")

    def __str__(self) -> str:
        return self.label


class ThemeCode(models.Model):
    """One free-text answer placed in one theme, by the analysis or by an analyst."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codes")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="theme_codes")
    manual = models.BooleanField(default=False)
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["theme", "response"], name="theme_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.theme} ← {self.response_id}"
