from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "engage.stakeholders"
    label = "stakeholders"
