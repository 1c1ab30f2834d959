from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "huntaze.audit"
    label = "audit"
