"""Public part: the pages where anyone has their say, without signing in."""

from django.urls import URLPattern, path

from engage.consultations.views import public

urlpatterns: list[URLPattern] = [
    path("have-your-say/<slug:office>/", public.public_list, name="public_list"),
    path("have-your-say/<slug:office>/<slug:slug>/", public.public_start, name="public_start"),
    path(
        "have-your-say/<slug:office>/<slug:slug>/begin/", public.public_begin, name="public_begin"
    ),
    path(
        "have-your-say/<slug:office>/<slug:slug>/thank-you/",
        public.public_done,
        name="public_done",
    ),
    path(
        "have-your-say/<slug:office>/<slug:slug>/r/<str:token>/",
        public.public_resume,
        name="public_resume",
    ),
    path(
        "have-your-say/<slug:office>/<slug:slug>/r/<str:token>/<int:step>/",
        public.public_section,
        name="public_section",
    ),
    path(
        "have-your-say/<slug:office>/<slug:slug>/r/<str:token>/about-you/",
        public.public_about,
        name="public_about",
    ),
    path(
        "have-your-say/<slug:office>/<slug:slug>/r/<str:token>/check/",
        public.public_check,
        name="public_check",
    ),
]
