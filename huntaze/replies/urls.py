from django.urls import path

from huntaze.replies import views

app_name = "replies"

urlpatterns = [
    path("", views.index, name="index"),
    path("create/", views.create, name="create"),
    path("search/", views.search, name="search"),
    path("<int:reply_id>/edit/", views.edit, name="edit"),
    path("<int:reply_id>/delete/", views.delete, name="delete"),
]
