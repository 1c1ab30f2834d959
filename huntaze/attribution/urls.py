from django.urls import path

from huntaze.attribution import views

app_name = "performance"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export, name="export"),
    path("sales/<int:attribution_id>/reassign/", views.reassign, name="reassign"),
    path("price-guidance/<int:fan_id>/", views.price_guidance, name="price_guidance"),
]
