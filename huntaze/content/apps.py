from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "huntaze.content"
    label = "content"
