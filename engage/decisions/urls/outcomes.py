"""Staff pages of "you said, we did", under /decisions/you-said-we-did/."""

from django.urls import URLPattern, path

from engage.decisions.views import outcomes as views

P = "decisions/you-said-we-did/"

urlpatterns: list[URLPattern] = [
    path(P, views.outcome_list, name="outcomes"),
    path(f"{P}new/", views.outcome_create, name="outcome_create"),
    path(f"{P}<int:pk>/", views.outcome_detail, name="outcome"),
    path(f"{P}<int:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path(f"{P}<int:pk>/publish/", views.outcome_publish, name="outcome_publish"),
    path(f"{P}<int:pk>/unpublish/", views.outcome_unpublish, name="outcome_unpublish"),
    path(f"{P}<int:pk>/points/new/", views.point_add, name="point_add"),
    path(f"{P}<int:pk>/points/<int:point>/", views.point_edit, name="point_edit"),
    path(f"{P}<int:pk>/points/<int:point>/move/", views.point_move, name="point_move"),
    path(f"{P}<int:pk>/points/<int:point>/delete/", views.point_delete, name="point_delete"),
]
