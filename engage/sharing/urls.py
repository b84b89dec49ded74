from django.urls import path

from engage.sharing import views

app_name = "sharing"
urlpatterns = [
    path("", views.index, name="index"),
    path("schema/benchmark-1.0.json", views.benchmark_schema, name="benchmark_schema"),
    path("schema/case-studies-1.0.json", views.case_study_schema, name="case_study_schema"),
    path("benchmarks/", views.benchmark_list, name="benchmarks"),
    path("benchmarks/export/", views.benchmark_export, name="benchmark_export"),
    path("benchmarks/import/", views.benchmark_import, name="benchmark_import"),
    path(
        "benchmarks/import/check/", views.benchmark_import_preview, name="benchmark_import_preview"
    ),
    path("benchmarks/<int:pk>/remove/", views.benchmark_remove, name="benchmark_remove"),
    path("library/", views.library_list, name="library"),
    path("library/new/", views.case_study_new, name="case_study_new"),
    path("library/export/", views.library_export, name="library_export"),
    path("library/import/", views.library_import, name="library_import"),
    path("library/import/check/", views.library_import_preview, name="library_import_preview"),
    path("library/<int:pk>/", views.case_study_detail, name="case_study"),
    path("library/<int:pk>/edit/", views.case_study_edit, name="case_study_edit"),
    path("library/<int:pk>/export/", views.case_study_export, name="case_study_export"),
]
