"""Staff users and their membership of an office, with a role and an OPCC post."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engage.core.models import Office


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in to Engage: staff, ambassadors and administrators. Signs in by email."""

    username = None  # type: ignore[assignment,misc]
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[var-annotated]

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["first_name", "last_name", "email"]
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    """What a member may do in Engage (the permissions in each app's rules.py hang off these)."""

    COMMISSIONER = "commissioner", _("Commissioner")
    DEPUTY = "deputy", _("Deputy Commissioner")
    CHIEF_EXECUTIVE = "chief_executive", _("Chief Executive")
    OFFICER = "officer", _("Officer")
    ANALYST = "analyst", _("Analyst")
    AMBASSADOR = "ambassador", _("Community Safety Ambassador")
    ADMIN = "admin", _("Administrator")


class Post(models.TextChoices):
    """The OPCC posts that partner-meeting schedules name in their "OPCC attendance" column."""

    PCC = "pcc", _("PCC")
    DPCC = "dpcc", _("DPCC")
    CEX = "cex", _("Chief Executive")
    TREASURER = "treasurer", _("Treasurer")
    DEPUTY_TREASURER = "deputy_treasurer", _("Deputy Treasurer")
    POLICY_OFFICER = "policy_officer", _("Policy Support Officer")
    RESEARCH_OFFICER = "research_officer", _("Policy and Research Officer")
    AMBASSADOR = "ambassador", _("Community Safety Ambassador")
    OTHER = "other", _("Other")


class Membership(models.Model):
    """A user's place in one office: their role (what they may do) and post (what they are)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    post = models.CharField(_("post"), max_length=20, choices=Post.choices, default=Post.OTHER)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "office"], name="one_membership_per_office")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.office.short_name})"


class SignInOutcome(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    FAILED = "failed", _("Wrong email address or password")
    SIGNED_OUT = "signed_out", _("Signed out")
    TIMED_OUT = "timed_out", _("Signed out after a time without activity")


class SignInEvent(models.Model):
    """One sign-in, failed sign-in or sign-out of an account, shown to its owner."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="sign_ins"
    )
    # What was typed, for a failed attempt at an address that has no account.
    email = models.EmailField(_("email address"), blank=True)
    outcome = models.CharField(_("what happened"), max_length=20, choices=SignInOutcome.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    address = models.GenericIPAddressField(_("network address"), null=True, blank=True)
    browser = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("sign-in event")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.at:%d/%m/%Y %H:%M}"
