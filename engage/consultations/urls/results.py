"""Results part: placeholder routes until its views are written (names are fixed)."""

from django.urls import URLPattern, path

from engage.consultations.placeholder import placeholder

urlpatterns: list[URLPattern] = [
    path("consultations/<int:pk>/results/", placeholder, name="results"),
    path("consultations/<int:pk>/analyse/", placeholder, name="analyse"),
    path("consultations/<int:pk>/questions/<int:question>/themes/", placeholder, name="themes"),
    path(
        "consultations/<int:pk>/questions/<int:question>/themes/merge/",
        placeholder,
        name="theme_merge",
    ),
    path("consultations/<int:pk>/themes/<int:theme>/", placeholder, name="theme_edit"),
    path("consultations/<int:pk>/themes/<int:theme>/split/", placeholder, name="theme_split"),
    path("consultations/<int:pk>/questions/<int:question>/answers/", placeholder, name="answers"),
    path(
        "consultations/<int:pk>/questions/<int:question>/answers/<int:response>/code/",
        placeholder,
        name="answer_code",
    ),
    path("consultations/<int:pk>/export/responses.<str:fmt>", placeholder, name="export_responses"),
    path("consultations/<int:pk>/export/results.<str:fmt>", placeholder, name="export_results"),
    path("consultations/<int:pk>/report.pdf", placeholder, name="report_pdf"),
    path("have-your-say/<slug:office>/<slug:slug>/results/", placeholder, name="public_results"),
]
