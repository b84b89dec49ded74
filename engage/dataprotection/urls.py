from django.urls import URLPattern, path

from engage.dataprotection import views

app_name = "dataprotection"
urlpatterns: list[URLPattern] = [
    path("", views.inventory, name="inventory"),
    path("inventory.csv", views.inventory_export, name="inventory_export"),
    path("retention/", views.retention_report, name="retention"),
]
