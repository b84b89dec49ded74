from django.urls import path

from engage.stakeholders import views

app_name = "stakeholders"
urlpatterns = [
    path("", views.area_list if "stakeholders" == "places" else views.organisation_list, name="list"),
]
