from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "engage.accounts"
    label = "accounts"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_removed
        from django.contrib.auth import signals

        from engage.accounts import middleware, services

        signals.user_logged_in.connect(services.on_logged_in, dispatch_uid="engage.sign_in")
        signals.user_login_failed.connect(services.on_login_failed, dispatch_uid="engage.failed")
        signals.user_logged_out.connect(services.on_logged_out, dispatch_uid="engage.sign_out")
        authenticator_removed.connect(middleware.forget_two_factor, dispatch_uid="engage.2fa")
