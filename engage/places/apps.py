from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "engage.places"
    label = "places"
