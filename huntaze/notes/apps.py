from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "huntaze.notes"
    label = "notes"
