from allauth.account.forms import ChangePasswordForm as ChangePasswordFormBase
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.base.forms import AuthenticateForm as AuthenticateFormBase
from allauth.mfa.base.forms import ReauthenticateForm as ReauthenticateFormBase
from allauth.mfa.totp.forms import ActivateTOTPForm as ActivateTOTPFormBase
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form with Engage's labels: an email address and a password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email address")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""


def _code_field(form, hint):
    code = form.fields["code"]
    code.label = _("Code")
    code.help_text = hint
    code.error_messages["required"] = _("Enter the code from your authenticator app.")
    code.widget.attrs.pop("placeholder", None)
    code.widget.attrs.update(
        {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
    )


class AuthenticateForm(AuthenticateFormBase):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("The 6 digits your authenticator app shows now, or a recovery code."))


class ReauthenticateForm(ReauthenticateFormBase):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("The 6 digits your authenticator app shows now."))


class ActivateTOTPForm(ActivateTOTPFormBase):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("The 6 digits your authenticator app shows for Engage."))


class ChangePasswordForm(ChangePasswordFormBase):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = _("Current password")
        self.fields["password1"].label = _("New password")
        self.fields["password1"].help_text = _(
            "At least 15 characters. A few unrelated words are easy to remember and hard to guess."
        )
        self.fields["password2"].label = _("New password again")
        for name in ("oldpassword", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
