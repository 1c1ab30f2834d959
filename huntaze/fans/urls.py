from django.urls import path

from huntaze.fans import views

app_name = "fans"

urlpatterns = [
    path("", views.list, name="list"),
]
