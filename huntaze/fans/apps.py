from django.apps import AppConfig


class FansConfig(AppConfig):
    name = "huntaze.fans"
    label = "fans"
