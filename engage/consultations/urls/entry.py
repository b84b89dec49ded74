"""Entry part: the preview, the responses and typing in paper and phone responses."""

from django.urls import URLPattern, path

from engage.consultations.views import entry

urlpatterns: list[URLPattern] = [
    path("consultations/<int:pk>/preview/", entry.preview, name="preview"),
    path("consultations/<int:pk>/responses/", entry.response_list, name="responses"),
    path("consultations/<int:pk>/responses/new/", entry.enter, name="enter"),
    path(
        "consultations/<int:pk>/responses/<int:response>/",
        entry.response_detail,
        name="response",
    ),
]
