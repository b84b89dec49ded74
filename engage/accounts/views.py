from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from engage.accounts import queries
from engage.accounts.services import has_authenticator_app, two_factor_required


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The person's own account: their password, two-factor sign-in and sign-in history."""
    return render(
        request,
        "accounts/account.html",
        {
            "has_app": has_authenticator_app(request.user),
            "required": two_factor_required(request.user),
            "events": queries.sign_in_history(request.user),
        },
    )


def to_account(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:account")
