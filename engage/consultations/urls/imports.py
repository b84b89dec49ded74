"""Imports part: responses from a file, a Pol.is conversation, and the progress of long work."""

from django.urls import URLPattern, path

from engage.consultations.views import imports as views

urlpatterns: list[URLPattern] = [
    path("consultations/<int:pk>/import/", views.import_responses, name="import"),
    path("consultations/<int:pk>/import/preview/", views.import_preview, name="import_preview"),
    path(
        "consultations/<int:pk>/questions/<int:question>/import-polis/",
        views.polis_import,
        name="polis_import",
    ),
    path(
        "consultations/<int:pk>/questions/<int:question>/import-polis/preview/",
        views.polis_import_preview,
        name="polis_import_preview",
    ),
    path("consultations/runs/<int:run>/", views.run_page, name="run"),
]
