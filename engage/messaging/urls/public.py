"""Public pages: signing up for alerts, confirming, managing, and the unsubscribe link."""

from django.urls import path

from engage.messaging.views import public

urlpatterns = [
    path("stay-informed/<slug:office>/", public.subscribe, name="subscribe"),
    path("stay-informed/<slug:office>/check/", public.subscribe_sent, name="subscribe_sent"),
    path("stay-informed/<slug:office>/privacy/", public.privacy, name="privacy"),
    path("stay-informed/<slug:office>/confirm/<str:token>/", public.confirm, name="confirm"),
    path("stay-informed/<slug:office>/manage/", public.manage_request, name="manage_request"),
    path("stay-informed/<slug:office>/manage/<str:token>/", public.manage, name="manage"),
    path("u/<str:token>/", public.unsubscribe, name="unsubscribe"),
]
