from django.urls import path

from engage.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("add/", views.item_create, name="add"),
    path("actual/", views.actual, name="actual"),
    path("gaps/", views.gaps, name="gaps"),
    path("gaps/plan/", views.gaps_plan, name="plan_suggestion"),
    path("<int:pk>/", views.item, name="item"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/drop/", views.item_drop, name="drop"),
    path("<int:pk>/restore/", views.item_restore, name="restore"),
    path("<int:pk>/link/", views.item_link, name="link"),
    path("<int:pk>/unlink/", views.item_unlink, name="unlink"),
]
