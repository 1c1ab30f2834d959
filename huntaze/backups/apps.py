from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "huntaze.backups"
    verbose_name = "Backups"
