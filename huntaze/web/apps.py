from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "huntaze.web"
    label = "web"
