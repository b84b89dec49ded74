"""Delivery: the dead-letter page for staff, and GOV.UK Notify's callbacks."""

from django.urls import URLPattern, path

from engage.messaging.views import delivery

urlpatterns: list[URLPattern] = [
    path("alerts/delivery/", delivery.delivery_page, name="delivery"),
    path("alerts/delivery/retry/", delivery.delivery_retry, name="delivery_retry"),
    path("messaging/notify/status/", delivery.notify_status, name="notify_status"),
    path("messaging/notify/inbound/", delivery.notify_inbound, name="notify_inbound"),
]
