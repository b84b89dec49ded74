from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "engage.consultations"
    label = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from engage.consultations.models import (
            Consultation,
            Option,
            Question,
            Run,
            Section,
            Statement,
            Theme,
        )
        from engage.core.models import Office
        from engage.core.public_cache import watch
        from engage.places.models import Area

        # What published results (views.results.public_results) are made from: the
        # consultation and its questions as they read now, the analysis run's figures and the
        # themes' names. Responses are not among them: the figures come from the run.
        watch(
            "results", Office, Area, Consultation, Section, Question, Option, Statement, Theme, Run
        )
