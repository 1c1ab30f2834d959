from django.urls import path

from huntaze.fans import views

app_name = "fans"

urlpatterns = [
    path("", views.fans_list, name="list"),
    path("tags/", views.bulk_tag, name="bulk_tag"),
    path("export.csv", views.export, name="export"),
    path("<int:fan_id>/", views.detail, name="detail"),
]
