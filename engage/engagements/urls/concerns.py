"""Concerns and their actions, the themes taxonomy, and complaint counts by theme."""

from django.urls import URLPattern, path

from engage.engagements.views import concerns as views

urlpatterns: list[URLPattern] = [
    path("concerns/", views.concern_list, name="concerns"),
    path("concerns/new/", views.concern_create, name="concern_create"),
    path("concerns/overdue/", views.concerns_overdue, name="concerns_overdue"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern"),
    path("concerns/<int:pk>/actions/", views.concern_action_add, name="concern_action_add"),
    path("concerns/<int:pk>/status/", views.concern_status, name="concern_status"),
    path("concerns/themes/", views.theme_list, name="themes"),
    path("concerns/themes/<int:pk>/", views.theme_edit, name="theme_edit"),
    path("concerns/themes/<int:pk>/retire/", views.theme_retire, name="theme_retire"),
    path("concerns/themes/<int:pk>/merge/", views.theme_merge, name="theme_merge"),
    path("concerns/complaints/", views.complaint_counts, name="complaints"),
    path("concerns/complaints/import/", views.complaints_import, name="complaints_import"),
    path(
        "concerns/complaints/import/preview/",
        views.complaints_import_preview,
        name="complaints_import_preview",
    ),
]
