from django.urls import path

from huntaze.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.index, name="index"),
    path("create/", views.create, name="create"),
    path("<int:webhook_id>/", views.detail, name="detail"),
    path("<int:webhook_id>/edit/", views.update, name="update"),
    path("<int:webhook_id>/enabled/", views.enabled, name="enabled"),
    path("<int:webhook_id>/test/", views.test, name="test"),
    path("<int:webhook_id>/secret/", views.secret, name="secret"),
    path("<int:webhook_id>/delete/", views.delete, name="delete"),
]
