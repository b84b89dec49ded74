"""Decisions, staff side: the list, each decision with its evidence and voices, the unanswered list."""

from django.urls import URLPattern, path

from engage.decisions.views import decisions as views

urlpatterns: list[URLPattern] = [
    path("decisions/", views.decision_list, name="list"),
    path("decisions/new/", views.decision_create, name="create"),
    path("decisions/unanswered/", views.unanswered, name="unanswered"),
    path("decisions/<int:pk>/", views.decision_detail, name="detail"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="edit"),
    path("decisions/<int:pk>/publish/", views.decision_publish, name="publish"),
    path("decisions/<int:pk>/unpublish/", views.decision_unpublish, name="unpublish"),
    path("decisions/<int:pk>/evidence/add/", views.evidence_add, name="evidence_add"),
    path(
        "decisions/<int:pk>/evidence/<int:evidence>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
]
