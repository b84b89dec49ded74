from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "engage.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"
