from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "engage.reports"
    label = "reports"
    verbose_name = "Reports and open data"
