from django.apps import AppConfig


class AttributionConfig(AppConfig):
    name = "huntaze.attribution"
    label = "attribution"
