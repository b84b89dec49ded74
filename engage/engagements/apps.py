from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "engage.engagements"
    label = "engagements"
    verbose_name = "Engagements"
