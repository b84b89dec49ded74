from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "engage.planning"
    label = "planning"
    verbose_name = "Planning and reach"
