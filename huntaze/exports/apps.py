from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "huntaze.exports"
    verbose_name = "Data export and retention"
