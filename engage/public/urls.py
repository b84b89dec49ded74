from django.urls import URLPattern, path

from engage.public import views

app_name = "public"
# Mounted last: "<office>/" only matches what no staff URL does (see core.models.RESERVED_SLUGS).
urlpatterns: list[URLPattern] = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("<slug:office>/", views.home, name="home"),
    path("<slug:office>/diary/", views.diary, name="diary"),
    path("<slug:office>/diary.ics", views.diary_ics, name="diary_ics"),
    path("<slug:office>/accessibility/", views.accessibility, name="accessibility"),
    path("<slug:office>/privacy/", views.privacy_notice, name="privacy"),
    path("<slug:office>/manifest.webmanifest", views.manifest, name="manifest"),
]
