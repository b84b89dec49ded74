from django.urls import path

from engage.places import views

app_name = "places"
urlpatterns = [
    path("", views.area_list, name="list"),
    path("<int:pk>/", views.area_detail, name="detail"),
    path("import/", views.import_population, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("build-force-area/", views.build_force_area, name="build_force_area"),
]
