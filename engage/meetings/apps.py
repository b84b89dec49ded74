from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "engage.meetings"
    label = "meetings"
