from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "huntaze.campaigns"
    label = "campaigns"
