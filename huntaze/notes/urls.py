from django.urls import path

from huntaze.notes import views

app_name = "notes"

urlpatterns = [
    path("chats/<int:chat_id>/", views.chat_panel, name="chat"),
    path("chats/<int:chat_id>/add/", views.create, name="create"),
    path("chats/<int:chat_id>/<int:note_id>/delete/", views.delete, name="delete"),
    path("mentions/", views.mentions, name="mentions"),
    path("mentions/unread/", views.unread, name="unread"),
    path("mentions/read/", views.mention_read_all, name="mentions_read_all"),
    path("mentions/<int:mention_id>/read/", views.mention_read, name="mention_read"),
]
