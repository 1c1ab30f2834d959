from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "huntaze.sync"
    label = "sync"

    def ready(self) -> None:
        from prometheus_client import REGISTRY

        from huntaze.sync.metrics import SyncCollector

        if not any(isinstance(c, SyncCollector) for c in getattr(REGISTRY, "_collector_to_names", {})):
            REGISTRY.register(SyncCollector())
