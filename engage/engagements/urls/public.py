"""Public: surgery booking (and the link to change or cancel) and contacting the Commissioner."""

from django.urls import URLPattern, path

from engage.engagements.views import public as views

urlpatterns: list[URLPattern] = [
    path("<slug:office>/surgeries/", views.surgeries, name="public_surgeries"),
    path("<slug:office>/surgeries/<int:pk>/book/", views.book, name="public_book"),
    path("<slug:office>/surgeries/<int:pk>/check/", views.book_check, name="public_book_check"),
    path("<slug:office>/surgeries/booked/", views.booked, name="public_booked"),
    path("<slug:office>/surgeries/booking/<str:token>/", views.booking, name="public_booking"),
    path(
        "<slug:office>/surgeries/booking/<str:token>/change/",
        views.booking_change,
        name="public_booking_change",
    ),
    path(
        "<slug:office>/surgeries/booking/<str:token>/cancel/",
        views.booking_cancel,
        name="public_booking_cancel",
    ),
    path(
        "<slug:office>/surgeries/booking/<str:token>/calendar.ics",
        views.booking_ics,
        name="public_booking_ics",
    ),
    path("<slug:office>/contact/", views.contact, name="public_contact"),
    path("<slug:office>/contact/thanks/", views.contact_thanks, name="public_contact_thanks"),
]
