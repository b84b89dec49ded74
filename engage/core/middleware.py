"""Attach the signed-in user's office to the request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class OfficeMiddleware:
    """Set `request.office` and `request.membership` from the user's membership.

    A person who works for several offices picks one; the choice is kept in the session. Staff
    views read `request.office` and never take an office from the URL or a form.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.office = None  # type: ignore[attr-defined]
        request.membership = None  # type: ignore[attr-defined]
        user = request.user
        if user.is_authenticated:
            from engage.accounts.queries import current_membership

            membership = current_membership(user, request.session.get("office_id"))
            if membership is not None:
                request.membership = membership  # type: ignore[attr-defined]
                request.office = membership.office  # type: ignore[attr-defined]
        return self.get_response(request)


# The browser features Engage never uses, switched off for every page and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` on every response: no camera, microphone, location, payment…"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
