from django.urls import path

from huntaze.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("<int:export_id>/download/", views.download, name="download"),
]
