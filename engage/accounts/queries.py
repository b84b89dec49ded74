"""Reads about users and memberships used across apps."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from engage.accounts.models import Membership, Post, User
from engage.core.models import Office


def current_membership(
    user: AbstractBaseUser | AnonymousUser, office_id: int | None = None
) -> Membership | None:
    """The active membership the user is working in: the chosen office, else their first."""
    if user.pk is None:
        return None
    memberships = Membership.objects.filter(user_id=int(user.pk), is_active=True).select_related(
        "office"
    )
    if office_id is not None:
        chosen = memberships.filter(office_id=office_id).first()
        if chosen is not None:
            return chosen
    return memberships.order_by("created_at", "pk").first()


def staff_of(office: Office) -> QuerySet[User]:
    """Active people of an office, for pickers such as "who attended"."""
    return User.objects.filter(
        memberships__office=office, memberships__is_active=True, is_active=True
    ).order_by("first_name", "last_name")


def members_with_posts(office: Office, posts: list[str]) -> QuerySet[Membership]:
    return Membership.objects.filter(office=office, post__in=posts, is_active=True).select_related(
        "user"
    )


def post_of(user: User, office: Office) -> str | None:
    membership = Membership.objects.filter(user=user, office=office).only("post").first()
    return membership.post if membership else None


__all__ = ["Post", "current_membership", "members_with_posts", "post_of", "staff_of"]


def sign_in_history(user: AbstractBaseUser | AnonymousUser, limit: int = 50) -> QuerySet:
    """The account's most recent sign-ins, failed attempts and sign-outs, newest first."""
    from engage.accounts.models import SignInEvent

    if user.pk is None:
        return SignInEvent.objects.none()
    return SignInEvent.objects.filter(user_id=int(user.pk))[:limit]
