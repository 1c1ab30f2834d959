"""The inbox page costs a fixed number of queries, however many conversations and messages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from huntaze.core.tests.factories import make_chat_with_messages, make_fan
from huntaze.fans.services import fan_tags_set
from huntaze.inbox.models import Chat, MessageRevision

HTMX = {"HX-Request": "true"}


@pytest.fixture(params=[2, 25], ids=["few", "many"])
def busy(request, client, owner, account):
    """``n`` conversations (with tags, unread state, edited messages) of ``n`` messages each."""
    n = request.param
    chats = []
    for i in range(n):
        fan = make_fan(account, spend_total_cents=i * 1_000)
        fan_tags_set(user=owner, fan_id=fan.pk, tags=["vip", f"t{i}"])
        chat = make_chat_with_messages(account, fan, count=n)
        Chat.objects.filter(pk=chat.pk).update(unread_count=i % 3)
        for message in chat.messages.all()[:2]:
            MessageRevision.objects.create(message=message, kind="edit", old_text="x", new_text=message.text)
        chats.append(chat)
    client.force_login(owner)
    return chats


@pytest.mark.parametrize(
    "params", [{}, {"sort": "unread"}, {"sort": "spend", "vip": "1"}, {"tag": "vip", "unread": "1"}]
)
def test_the_list_page(client, busy, params, django_assert_max_num_queries):
    # session, user, accounts (switcher), account check, chats, fans, previews, sync states, the
    # running sync, signature
    with django_assert_max_num_queries(10):
        assert client.get(reverse("inbox:index"), params).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("inbox:conversations"), params, headers=HTMX).status_code == 200


def test_the_page_with_a_conversation_open(client, busy, django_assert_max_num_queries):
    chat = busy[-1]
    client.get(reverse("inbox:chat", args=[chat.pk]))  # the first visit also writes the read mark
    # ... the list's 10, then: the chat, the thread's chat check and page, its edits, the fan's tags
    with django_assert_max_num_queries(17):
        assert client.get(reverse("inbox:chat", args=[chat.pk])).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("inbox:chat", args=[chat.pk]), headers=HTMX).status_code == 200


def test_the_poll(client, busy, django_assert_max_num_queries):
    chat = busy[-1]
    page = client.get(reverse("inbox:chat", args=[chat.pk]))
    quiet = {
        "chat": chat.pk,
        "after": page.context["last_message_id"],
        "signature": page.context["signature"],
    }
    with django_assert_max_num_queries(9):
        assert client.get(reverse("inbox:updates"), quiet, headers=HTMX).status_code == 200
    # Every message is new (the read mark is checked: two savepoint statements) and the list changed.
    everything = {"chat": chat.pk, "signature": "-"}
    with django_assert_max_num_queries(16):
        assert client.get(reverse("inbox:updates"), everything, headers=HTMX).status_code == 200
