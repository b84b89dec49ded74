from django.urls import path

from engage.stakeholders import views

app_name = "stakeholders"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("export.<slug:fmt>", views.export, name="export"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/contacts/new/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/interactions/new/", views.interaction_log, name="log_interaction"),
    path(
        "<int:pk>/interactions/<int:interaction_pk>/done/",
        views.follow_up_done,
        name="follow_up_done",
    ),
]
