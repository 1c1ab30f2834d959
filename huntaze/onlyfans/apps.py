from django.apps import AppConfig


class OnlyfansConfig(AppConfig):
    name = "huntaze.onlyfans"
    label = "onlyfans"
