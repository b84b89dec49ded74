from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "engage.sharing"
    label = "sharing"
    verbose_name = "Sharing between offices"
