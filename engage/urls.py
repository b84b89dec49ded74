"""Mount each app's URLs under its prefix; nothing else."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("engage.core.urls")),
    path("accounts/", include("engage.accounts.urls")),
    # allauth's own pages: two-factor set-up, password change and reset.
    path("accounts/", include("allauth.urls")),
    path("places/", include("engage.places.urls")),
    path("stakeholders/", include("engage.stakeholders.urls")),
    path("meetings/", include("engage.meetings.urls")),
    path("", include("engage.engagements.urls")),
    path("", include("engage.consultations.urls")),
    path("", include("engage.decisions.urls")),
    path("", include("engage.messaging.urls")),
    path("", include("engage.publishing.urls")),
    path("", include("engage.reports.urls")),
    path("planning/", include("engage.planning.urls")),
    path("evaluation/", include("engage.evaluation.urls")),
    path("sharing/", include("engage.sharing.urls")),
    path("data-protection/", include("engage.dataprotection.urls")),
    path("django-admin/", admin.site.urls),
    # Last: the public site's "<office>/" pages match only what nothing above does.
    path("", include("engage.public.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
