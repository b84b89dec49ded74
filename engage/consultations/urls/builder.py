"""Builder part: placeholder routes until its views are written (names are fixed)."""

from django.urls import URLPattern, path

from engage.consultations.placeholder import placeholder

urlpatterns: list[URLPattern] = [
    path("consultations/", placeholder, name="list"),
    path("consultations/new/", placeholder, name="create"),
    path("consultations/<int:pk>/", placeholder, name="detail"),
    path("consultations/<int:pk>/edit/", placeholder, name="edit"),
    path("consultations/<int:pk>/status/", placeholder, name="status"),
    path("consultations/<int:pk>/sections/new/", placeholder, name="section_add"),
    path("consultations/<int:pk>/sections/<int:section>/", placeholder, name="section_edit"),
    path(
        "consultations/<int:pk>/sections/<int:section>/delete/", placeholder, name="section_delete"
    ),
    path(
        "consultations/<int:pk>/sections/<int:section>/questions/new/",
        placeholder,
        name="question_add",
    ),
    path("consultations/<int:pk>/questions/<int:question>/", placeholder, name="question_edit"),
    path(
        "consultations/<int:pk>/questions/<int:question>/delete/",
        placeholder,
        name="question_delete",
    ),
    path(
        "consultations/<int:pk>/questions/<int:question>/move/", placeholder, name="question_move"
    ),
    path(
        "consultations/<int:pk>/questions/<int:question>/statements/",
        placeholder,
        name="statements",
    ),
    path(
        "consultations/<int:pk>/statements/<int:statement>/moderate/",
        placeholder,
        name="statement_moderate",
    ),
]
