from django.urls import path

from huntaze.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.index, name="index"),
    path("create/", views.create, name="create"),
    path("<int:campaign_id>/", views.detail, name="detail"),
    path("<int:campaign_id>/progress/", views.progress, name="progress"),
    path("<int:campaign_id>/approve/", views.approve, name="approve"),
    path("<int:campaign_id>/cancel/", views.cancel, name="cancel"),
    path("scheduled/", views.scheduled, name="scheduled"),
    path("scheduled/<int:outbound_id>/cancel/", views.scheduled_cancel, name="scheduled_cancel"),
    path("scheduled/<int:outbound_id>/edit/", views.scheduled_edit, name="scheduled_edit"),
    path("sequences/", views.sequences, name="sequences"),
    path("sequences/save/", views.sequence_save_view, name="sequence_save"),
    path("sequences/drafts/approve/", views.drafts_approve, name="drafts_approve"),
    path("sequences/drafts/dismiss/", views.drafts_dismiss, name="drafts_dismiss"),
]
