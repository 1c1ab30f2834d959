from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "huntaze.analytics"
    label = "analytics"
