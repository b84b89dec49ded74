from django.urls import path

from engage.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("feeds/", views.schedule, name="feeds"),
]
