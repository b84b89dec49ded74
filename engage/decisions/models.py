"""Decisions the Commissioner takes, the evidence behind each, and "you said, we did".

A `Decision` links to its evidence: `Evidence` rows, each pointing at exactly one thing people
said (a consultation or one of its questions or themes, a concern or a concern theme, an activity,
an ambassador's forum report, a theme of complaints). Traceability both ways follows those links.

An `Outcome` is one "we asked, you said, we did" page: for a consultation, or across channels for
a concern theme (and optionally an area). Its `points` pair what people said with what was done
(a decision) or, for what was not acted on, why not.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.bilingual import bilingual
from engage.core.models import OfficeQuerySet, OfficeScopedModel


class DecisionKind(models.TextChoices):
    PRECEPT = "precept", _("Precept")
    PLAN = "plan", _("Police and Crime Plan change")
    COMMISSIONING = "commissioning", _("Commissioning or funding award")
    POLICY = "policy", _("Policy")
    REQUEST = "request", _("Request to the Chief Constable")
    OTHER = "other", _("Other")


class PublishedQuerySet(OfficeQuerySet):
    def published(self) -> PublishedQuerySet:
        return self.filter(published_at__isnull=False)


class Decision(OfficeScopedModel):
    """A decision of the Commissioner, with the evidence that informed it."""

    reference = models.CharField(
        _("reference"), max_length=40, help_text=_("The office's own reference, like PCC/2026/014.")
    )
    slug = models.SlugField(_("web address"), max_length=60, editable=False)
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    decided_on = models.DateField(_("date of the decision"))
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    summary = models.TextField(_("what was decided"), max_length=10000)
    summary_cy = models.TextField(_("what was decided, in Welsh"), max_length=10000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = PublishedQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "reference"], name="decision_reference_unique"
            ),
            models.UniqueConstraint(fields=["office", "slug"], name="decision_slug_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("decisions:public_decision", args=[self.office.slug, self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def local_title(self) -> str:
        return bilingual(self, "title")

    @property
    def local_summary(self) -> str:
        return bilingual(self, "summary")


class EvidenceKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation results")
    QUESTION = "question", _("Results of one consultation question")
    CONSULTATION_THEME = "consultation_theme", _("Theme in consultation answers")
    CONCERN = "concern", _("Concern")
    CONCERN_THEME = "concern_theme", _("Concerns on a theme")
    ACTIVITY = "activity", _("Activity")
    FORUM_REPORT = "forum_report", _("Ambassador's forum report")
    COMPLAINT_THEME = "complaint_theme", _("Complaints on a theme")


# The field of `Evidence` each kind points at.
EVIDENCE_FIELD = {
    EvidenceKind.CONSULTATION: "consultation",
    EvidenceKind.QUESTION: "question",
    EvidenceKind.CONSULTATION_THEME: "consultation_theme",
    EvidenceKind.CONCERN: "concern",
    EvidenceKind.CONCERN_THEME: "concern_theme",
    EvidenceKind.ACTIVITY: "activity",
    EvidenceKind.FORUM_REPORT: "forum_report",
    EvidenceKind.COMPLAINT_THEME: "concern_theme",
}


class Evidence(OfficeScopedModel):
    """One link from a decision to something people said. Exactly one target is set."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_evidence",
    )
    question = models.ForeignKey(
        "consultations.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_evidence",
    )
    consultation_theme = models.ForeignKey(
        "consultations.Theme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_evidence",
    )
    concern = models.ForeignKey(
        "engagements.Concern",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_evidence",
    )
    # For "concerns on a theme" and "complaints on a theme"; `area` narrows concerns to a place.
    concern_theme = models.ForeignKey(
        "engagements.ConcernTheme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_evidence",
    )
    area = models.ForeignKey(
        "places.Area",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_evidence",
    )
    activity = models.ForeignKey(
        "engagements.Activity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_evidence",
    )
    forum_report = models.ForeignKey(
        "meetings.ForumReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_evidence",
    )
    note = models.CharField(_("how it informed the decision"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "kind", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        target = getattr(self, EVIDENCE_FIELD[EvidenceKind(self.kind)])
        return f"{self.get_kind_display()}: {target}"

    @property
    def target(self) -> models.Model | None:
        return getattr(self, EVIDENCE_FIELD[EvidenceKind(self.kind)])


class Outcome(OfficeScopedModel):
    """A "we asked, you said, we did" page: for a consultation, or for a theme across channels."""

    slug = models.SlugField(_("web address"), max_length=80)
    consultation = models.OneToOneField(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcome",
    )
    concern_theme = models.ForeignKey(
        "engagements.ConcernTheme",
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    area = models.ForeignKey(
        "places.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    we_asked = models.TextField(_("what we asked"), max_length=5000)
    we_asked_cy = models.TextField(_("what we asked, in Welsh"), max_length=5000, blank=True)
    you_said = models.TextField(_("what you said"), max_length=10000)
    you_said_cy = models.TextField(_("what you said, in Welsh"), max_length=10000, blank=True)
    we_did = models.TextField(_("what we did"), max_length=10000, blank=True)
    we_did_cy = models.TextField(_("what we did, in Welsh"), max_length=10000, blank=True)
    decisions = models.ManyToManyField(
        Decision, verbose_name=_("decisions"), blank=True, related_name="outcomes"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[decisions])

    objects = PublishedQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("you said, we did")
        verbose_name_plural = _("you said, we did")
        constraints = [
            models.UniqueConstraint(fields=["office", "slug"], name="outcome_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:outcome", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("decisions:public_outcome", args=[self.office.slug, self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def local_title(self) -> str:
        return bilingual(self, "title")

    @property
    def local_we_asked(self) -> str:
        return bilingual(self, "we_asked")

    @property
    def local_you_said(self) -> str:
        return bilingual(self, "you_said")

    @property
    def local_we_did(self) -> str:
        return bilingual(self, "we_did")


class OutcomePoint(models.Model):
    """One thing people said, and what was done about it (a decision) or why nothing was."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="points")
    said = models.CharField(_("what people said"), max_length=500)
    said_cy = models.CharField(_("what people said, in Welsh"), max_length=500, blank=True)
    # How many said it, as drawn from the analysis: "412 of 1,630 (25%)". Editable.
    how_many = models.CharField(_("how many said it"), max_length=100, blank=True)
    consultation_theme = models.ForeignKey(
        "consultations.Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    concern_theme = models.ForeignKey(
        "engagements.ConcernTheme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("what we did"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="points",
    )
    response = models.TextField(
        _("what we did, or why not"),
        max_length=2000,
        blank=True,
        help_text=_("Required when no decision acted on it: say why not."),
    )
    response_cy = models.TextField(_("in Welsh"), max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["outcome", "position", "pk"]

    def __str__(self) -> str:
        return self.said

    @property
    def acted_on(self) -> bool:
        return self.decision_id is not None

    @property
    def local_said(self) -> str:
        return bilingual(self, "said")

    @property
    def local_response(self) -> str:
        return bilingual(self, "response")
