from django.apps import AppConfig


class PresetsConfig(AppConfig):
    name = "huntaze.presets"
    label = "presets"
