"""Open data: /open-data/, and each office's datasets under /open-data/<office>/."""

from django.urls import URLPattern, path

from engage.reports import views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("open-data/", views.open_data_index, name="open_data_index"),
    path("open-data/<slug:office>/", views.open_data_page, name="open_data"),
    path("open-data/<slug:office>/<slug:dataset>.csv", views.open_data_csv, name="open_data_csv"),
    path(
        "open-data/<slug:office>/<slug:dataset>.json", views.open_data_json, name="open_data_json"
    ),
]
