from django.urls import path

from huntaze.segments import views

app_name = "segments"

urlpatterns = [
    path("", views.index, name="index"),
    path("create/", views.create, name="create"),
    path("preview/", views.preview, name="preview"),
    path("<int:segment_id>/delete/", views.delete, name="delete"),
]
