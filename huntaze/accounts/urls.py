from django.urls import path

from huntaze.accounts import views

app_name = "settings"

urlpatterns = [
    path("", views.index, name="index"),
]
