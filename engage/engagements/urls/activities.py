"""Activities (staff) and the public feedback page their QR codes open."""

from django.urls import URLPattern, path

from engage.engagements.views import activities as views

urlpatterns: list[URLPattern] = [
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/export.csv", views.activity_export, name="activities_export"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/qr/", views.activity_qr, name="activity_qr"),
    path("activities/<int:pk>/qr.svg", views.activity_qr_svg, name="activity_qr_svg"),
    # Public: no sign-in. "thanks" comes first; a token is 22 characters and never "thanks".
    path("feedback/thanks/", views.feedback_thanks, name="feedback_thanks"),
    path("feedback/<str:token>/", views.feedback, name="feedback"),
]
