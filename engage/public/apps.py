from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "engage.public"
    label = "public"
    verbose_name = "Public site"
