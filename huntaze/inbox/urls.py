from django.urls import path

from huntaze.inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.index, name="index"),
    path("conversations/", views.conversations, name="conversations"),
    path("updates/", views.updates, name="updates"),
    path("chats/<int:chat_id>/", views.chat, name="chat"),
    path("chats/<int:chat_id>/older/", views.messages_older, name="messages_older"),
    path("chats/<int:chat_id>/suggestions/", views.suggestions, name="suggestions"),
    path("chats/<int:chat_id>/send/", views.send, name="send"),
    path("chats/<int:chat_id>/vault/", views.vault_media, name="vault_media"),
    path("chats/<int:chat_id>/assignment/", views.assignment, name="assignment"),
    path("chats/<int:chat_id>/assign/", views.assign, name="assign"),
    path("suggestions/<int:suggestion_id>/reject/", views.suggestion_dismiss, name="suggestion_reject"),
    path("outbound/<int:outbound_id>/", views.outbound_state, name="outbound_state"),
    path("fans/<int:fan_id>/tags/", views.fan_tags, name="fan_tags"),
    path("fans/<int:fan_id>/notes/", views.fan_notes, name="fan_notes"),
]
