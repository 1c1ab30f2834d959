from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "huntaze.api"
    label = "api"
