from django.urls import URLPattern, path  # noqa: F401

from engage.evaluation import views  # noqa: F401

app_name = "evaluation"
urlpatterns: list[URLPattern] = []
