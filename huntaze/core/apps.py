from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "huntaze.core"
    label = "core"

    def ready(self) -> None:
        from huntaze.core import checks  # noqa: F401 - registers the deployment checks
