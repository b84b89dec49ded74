"""Imports part: placeholder routes until its views are written (names are fixed)."""

from django.urls import URLPattern, path

from engage.consultations.placeholder import placeholder

urlpatterns: list[URLPattern] = [
    path("consultations/<int:pk>/import/", placeholder, name="import"),
    path("consultations/<int:pk>/import/preview/", placeholder, name="import_preview"),
    path(
        "consultations/<int:pk>/questions/<int:question>/import-polis/",
        placeholder,
        name="polis_import",
    ),
    path(
        "consultations/<int:pk>/questions/<int:question>/import-polis/preview/",
        placeholder,
        name="polis_import_preview",
    ),
    path("consultations/runs/<int:run>/", placeholder, name="run"),
]
