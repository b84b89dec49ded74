"""alerts URLs (filled in by its part of issue 5)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
