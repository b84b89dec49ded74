from django.urls import URLPattern, path

from engage.dataprotection import views

app_name = "dataprotection"
urlpatterns: list[URLPattern] = [
    path("", views.inventory, name="inventory"),
    path("inventory.csv", views.inventory_export, name="inventory_export"),
    path("retention/", views.retention_report, name="retention"),
    path("people/", views.find, name="find"),
    path("people/found/", views.person, name="person"),
    path("people/found.json", views.person_json, name="person_json"),
    path("people/found.pdf", views.person_pdf, name="person_pdf"),
    path("people/found/erase/", views.erase, name="erase"),
    path("requests/", views.requests, name="requests"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/search/", views.request_search, name="request_search"),
]
