"""Staff: subscriber numbers and the consent ledger."""

from django.urls import path

from engage.messaging.views import subscribers

urlpatterns = [
    path("alerts/subscribers/", subscribers.subscribers, name="subscribers"),
]
