from django.urls import path

from huntaze.shifts import views

app_name = "shifts"

urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.shift_create, name="add"),
    path("<int:shift_id>/remove/", views.shift_delete, name="remove"),
    path("extend/", views.extend, name="extend"),
    path("clock/", views.clock, name="clock"),
]
