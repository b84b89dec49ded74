"""Public part: placeholder routes until its views are written (names are fixed)."""

from django.urls import URLPattern, path

from engage.consultations.placeholder import placeholder

urlpatterns: list[URLPattern] = [
    path("have-your-say/<slug:office>/", placeholder, name="public_list"),
    path("have-your-say/<slug:office>/<slug:slug>/", placeholder, name="public_start"),
    path("have-your-say/<slug:office>/<slug:slug>/begin/", placeholder, name="public_begin"),
    path("have-your-say/<slug:office>/<slug:slug>/thank-you/", placeholder, name="public_done"),
    path(
        "have-your-say/<slug:office>/<slug:slug>/r/<str:token>/", placeholder, name="public_resume"
    ),
    path(
        "have-your-say/<slug:office>/<slug:slug>/r/<str:token>/<int:step>/",
        placeholder,
        name="public_section",
    ),
    path(
        "have-your-say/<slug:office>/<slug:slug>/r/<str:token>/about-you/",
        placeholder,
        name="public_about",
    ),
    path(
        "have-your-say/<slug:office>/<slug:slug>/r/<str:token>/check/",
        placeholder,
        name="public_check",
    ),
]
