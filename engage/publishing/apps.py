from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "engage.publishing"
    label = "publishing"
    verbose_name = "News and documents for comment"
