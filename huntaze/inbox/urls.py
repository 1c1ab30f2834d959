from django.urls import path

from huntaze.inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.index, name="index"),
]
