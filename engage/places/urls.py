from django.urls import path

from engage.places import views

app_name = "places"
urlpatterns = [
    path("", views.area_list if "places" == "places" else views.organisation_list, name="list"),
]
