"""Alerts and appeals: the staff pages under /alerts/, and the public reply page /reply/…"""

from django.urls import path

from engage.messaging.views import alerts

urlpatterns = [
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/new/", alerts.alert_create, name="alert_create"),
    path("alerts/count/", alerts.alert_count, name="alert_count"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert"),
    path("alerts/<int:pk>/edit/", alerts.alert_edit, name="alert_edit"),
    path("alerts/<int:pk>/send/", alerts.alert_send, name="alert_send"),
    path("alerts/<int:pk>/cancel/", alerts.alert_cancel, name="alert_cancel"),
    path("alerts/<int:pk>/press-release.txt", alerts.alert_press, name="alert_press"),
    path("alerts/<int:pk>/radio-script.txt", alerts.alert_radio, name="alert_radio"),
    # "thanks" before the token: a token is never the word "thanks", but the order says so.
    path("reply/thanks/", alerts.reply_thanks, name="reply_thanks"),
    path("reply/<str:token>/", alerts.reply, name="reply"),
]
