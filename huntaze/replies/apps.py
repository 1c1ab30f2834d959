from django.apps import AppConfig


class RepliesConfig(AppConfig):
    name = "huntaze.replies"
    label = "replies"
