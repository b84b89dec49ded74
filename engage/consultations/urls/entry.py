"""Entry part: placeholder routes until its views are written (names are fixed)."""

from django.urls import URLPattern, path

from engage.consultations.placeholder import placeholder

urlpatterns: list[URLPattern] = [
    path("consultations/<int:pk>/preview/", placeholder, name="preview"),
    path("consultations/<int:pk>/responses/", placeholder, name="responses"),
    path("consultations/<int:pk>/responses/new/", placeholder, name="enter"),
    path("consultations/<int:pk>/responses/<int:response>/", placeholder, name="response"),
]
