"""Results part: the results pages, themes, exports, the PDF report and the public results."""

from django.urls import URLPattern, path

from engage.consultations.views import results as views

urlpatterns: list[URLPattern] = [
    path("consultations/<int:pk>/results/", views.results_page, name="results"),
    path("consultations/<int:pk>/analyse/", views.analyse, name="analyse"),
    path("consultations/<int:pk>/questions/<int:question>/themes/", views.themes, name="themes"),
    path(
        "consultations/<int:pk>/questions/<int:question>/themes/merge/",
        views.theme_merge,
        name="theme_merge",
    ),
    path("consultations/<int:pk>/themes/<int:theme>/", views.theme_edit, name="theme_edit"),
    path("consultations/<int:pk>/themes/<int:theme>/split/", views.theme_split, name="theme_split"),
    path("consultations/<int:pk>/questions/<int:question>/answers/", views.answers, name="answers"),
    path(
        "consultations/<int:pk>/questions/<int:question>/answers/<int:response>/code/",
        views.answer_code,
        name="answer_code",
    ),
    path(
        "consultations/<int:pk>/export/responses.<str:fmt>",
        views.export_responses,
        name="export_responses",
    ),
    path(
        "consultations/<int:pk>/export/results.<str:fmt>",
        views.export_results,
        name="export_results",
    ),
    path("consultations/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path(
        "have-your-say/<slug:office>/<slug:slug>/results/",
        views.public_results,
        name="public_results",
    ),
    path(
        "have-your-say/<slug:office>/<slug:slug>/results.pdf",
        views.public_report_pdf,
        name="public_report_pdf",
    ),
]
