"""Reads of chats, messages, suggestions and outbound messages, scoped to the user's access."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.inbox.models import Chat, Message, OutboundMessage, Suggestion


def chat_list(*, user: AbstractBaseUser | None, account_id: int | None = None) -> QuerySet[Chat]:
    chats = scope_for_user(Chat.objects.select_related("fan"), user=user)
    if account_id is not None:
        chats = chats.filter(account_id=account_id)
    return chats


def chat_get(*, user: AbstractBaseUser | None, chat_id: int) -> Chat:
    return get_for_user(Chat.objects.select_related("fan", "account"), user=user, pk=chat_id)


def message_list(*, user: AbstractBaseUser | None, chat_id: int) -> QuerySet[Message]:
    """Messages of one chat, oldest first. ``NotFoundError`` if the chat is not visible."""
    chat = chat_get(user=user, chat_id=chat_id)
    return Message.objects.filter(chat=chat).order_by("sent_at", "onlyfans_id")


def message_get(*, user: AbstractBaseUser | None, message_id: int) -> Message:
    return get_for_user(Message.objects.all(), user=user, pk=message_id)


def suggestion_get(*, user: AbstractBaseUser | None, suggestion_id: int) -> Suggestion:
    return get_for_user(Suggestion.objects.all(), user=user, pk=suggestion_id)


def outbound_get(*, user: AbstractBaseUser | None, outbound_id: int) -> OutboundMessage:
    return get_for_user(OutboundMessage.objects.select_related("fan"), user=user, pk=outbound_id)
