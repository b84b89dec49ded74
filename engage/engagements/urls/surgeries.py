"""Surgeries, staff side: sessions, bookings, cases and the anonymised themes."""

from django.urls import URLPattern, path

from engage.engagements.views import surgeries as views

urlpatterns: list[URLPattern] = [
    path("surgeries/", views.surgery_list, name="surgeries"),
    path("surgeries/new/", views.surgery_create, name="surgery_create"),
    path("surgeries/themes/", views.surgery_themes, name="surgery_themes"),
    path("surgeries/<int:pk>/", views.surgery_detail, name="surgery"),
    path("surgeries/<int:pk>/cancel/", views.surgery_cancel, name="surgery_cancel"),
    path("surgeries/<int:pk>/book/", views.booking_create, name="booking_create"),
    path("surgeries/bookings/<int:pk>/", views.booking_detail, name="booking"),
    path("surgeries/bookings/<int:pk>/status/", views.booking_status, name="booking_status"),
    path("surgeries/bookings/<int:pk>/officer/", views.booking_assign, name="booking_assign"),
    path("surgeries/bookings/<int:pk>/notes/", views.booking_note_add, name="booking_note_add"),
    path(
        "surgeries/bookings/<int:pk>/actions/", views.booking_action_add, name="booking_action_add"
    ),
]
