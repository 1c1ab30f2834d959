from django.urls import path

from huntaze.events import views

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("stream/", views.stream, name="stream"),
]
