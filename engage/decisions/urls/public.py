"""Public pages of "you said, we did" and of published decisions: no sign-in."""

from django.urls import URLPattern, path

from engage.decisions.views import public as views

urlpatterns: list[URLPattern] = [
    path("you-said-we-did/<slug:office>/", views.public_outcomes, name="public_outcomes"),
    # Before the outcome route, so "decisions/…" is never read as an outcome's address.
    path(
        "you-said-we-did/<slug:office>/decisions/<slug:slug>/",
        views.public_decision,
        name="public_decision",
    ),
    path("you-said-we-did/<slug:office>/<slug:slug>/", views.public_outcome, name="public_outcome"),
]
