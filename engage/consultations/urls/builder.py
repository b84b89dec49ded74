"""Builder part: the staff pages that make a consultation and move it through its lifecycle."""

from django.urls import URLPattern, path

from engage.consultations.views import builder as views

urlpatterns: list[URLPattern] = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/new/", views.consultation_create, name="create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="detail"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("consultations/<int:pk>/status/", views.consultation_status, name="status"),
    path("consultations/<int:pk>/sections/new/", views.section_add, name="section_add"),
    path("consultations/<int:pk>/sections/<int:section>/", views.section_edit, name="section_edit"),
    path(
        "consultations/<int:pk>/sections/<int:section>/delete/",
        views.section_delete,
        name="section_delete",
    ),
    path(
        "consultations/<int:pk>/sections/<int:section>/questions/new/",
        views.question_add,
        name="question_add",
    ),
    path(
        "consultations/<int:pk>/questions/<int:question>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "consultations/<int:pk>/questions/<int:question>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        "consultations/<int:pk>/questions/<int:question>/move/",
        views.question_move,
        name="question_move",
    ),
    path(
        "consultations/<int:pk>/questions/<int:question>/statements/",
        views.statements,
        name="statements",
    ),
    path(
        "consultations/<int:pk>/statements/<int:statement>/moderate/",
        views.statement_moderate,
        name="statement_moderate",
    ),
]
