from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "huntaze.sync"
    label = "sync"
