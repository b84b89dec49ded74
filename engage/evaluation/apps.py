from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "engage.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"
