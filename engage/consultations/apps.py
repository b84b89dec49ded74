from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "engage.consultations"
    label = "consultations"
    verbose_name = "Consultations"
