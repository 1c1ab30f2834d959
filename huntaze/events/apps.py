from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "huntaze.events"
    label = "events"
