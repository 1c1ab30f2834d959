from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "huntaze.webhooks"
    label = "webhooks"
