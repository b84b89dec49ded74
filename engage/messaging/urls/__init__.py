"""Messaging: staff pages under /alerts/; public pages under /stay-informed/<office slug>/, the
links in messages (/u/…, /reply/…) and the providers' callbacks under /messaging/."""

from engage.messaging.urls import alerts, delivery, public, subscribers

app_name = "messaging"
urlpatterns = [
    *alerts.urlpatterns,
    *subscribers.urlpatterns,
    *delivery.urlpatterns,
    *public.urlpatterns,
]
