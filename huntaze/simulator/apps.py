from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "huntaze.simulator"
    label = "simulator"
