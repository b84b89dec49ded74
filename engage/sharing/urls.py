from django.urls import URLPattern, path  # noqa: F401

from engage.sharing import views  # noqa: F401

app_name = "sharing"
urlpatterns: list[URLPattern] = []
