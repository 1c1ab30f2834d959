from django.apps import AppConfig


class SegmentsConfig(AppConfig):
    name = "huntaze.segments"
    label = "segments"
