from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "huntaze.core"
    label = "core"
