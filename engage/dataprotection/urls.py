from django.urls import URLPattern, path  # noqa: F401

from engage.dataprotection import views  # noqa: F401

app_name = "dataprotection"
urlpatterns: list[URLPattern] = []
