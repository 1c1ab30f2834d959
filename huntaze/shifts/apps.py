from django.apps import AppConfig


class ShiftsConfig(AppConfig):
    name = "huntaze.shifts"
    label = "shifts"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from huntaze.shifts.windows import sqlite_functions_register

        connection_created.connect(sqlite_functions_register, dispatch_uid="huntaze-shifts-sqlite")
