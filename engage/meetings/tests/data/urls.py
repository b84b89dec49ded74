"""The site's URLs with the schedule import pages mounted (until meetings/urls.py has them)."""

from django.urls import include, path

from engage import urls as site
from engage.meetings import import_views
from engage.meetings import urls as meetings

meetings_patterns = [
    path("import/", import_views.upload, name="import"),
    path("import/preview/", import_views.preview, name="import_preview"),
    *meetings.urlpatterns,
]
urlpatterns = [
    path("meetings/", include((meetings_patterns, "meetings"))),
    *(p for p in site.urlpatterns if str(p.pattern) != "meetings/"),
]
