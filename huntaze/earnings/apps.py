from django.apps import AppConfig


class EarningsConfig(AppConfig):
    name = "huntaze.earnings"
    label = "earnings"
