"""The inbox page: conversation list, thread, fan panel, live updates, access and escaping."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import (
    BASE_TIME,
    make_account,
    make_chat_with_messages,
    make_fan,
    make_member,
    make_team,
)
from huntaze.fans.services import fan_tags_set
from huntaze.inbox.models import Chat, Message, MessageRevision, Suggestion
from huntaze.sync.models import SyncRun

HTMX = {"HX-Request": "true"}
XSS_NAME = "<script>alert(1)</script>"
XSS_TEXT = "<img src=x onerror=alert(2)>"


def chat_for(account, *, name: str, minutes: int = 0, unread: int = 0, spend: int = 0, **fan_fields) -> Chat:
    """A chat whose last message is ``minutes`` after the base time."""
    fan = make_fan(account, display_name=name, spend_total_cents=spend, **fan_fields)
    chat = make_chat_with_messages(account, fan, count=1)
    Chat.objects.filter(pk=chat.pk).update(
        last_message_at=BASE_TIME + timedelta(minutes=minutes), unread_count=unread
    )
    chat.refresh_from_db()
    return chat


def names(response) -> list[str]:
    """Fan names of the conversation list, in order."""
    return re.findall(r'<span class="chat-name">([^<]*)</span>', response.content.decode())


@pytest.fixture
def inbox(client, owner, account):
    """Four conversations: Ana (newest), Bea (unread, expired), Cleo (big spender), Dee (tagged)."""
    chats = {
        "ana": chat_for(account, name="Ana", minutes=40),
        "bea": chat_for(account, name="Bea", minutes=30, unread=2, subscription_status="expired"),
        "cleo": chat_for(account, name="Cleo", minutes=20, spend=90_000),
        "dee": chat_for(account, name="Dee", minutes=10, spend=500),
    }
    fan_tags_set(user=owner, fan_id=chats["dee"].fan_id, tags=["VIP", "Cosplay"])
    client.force_login(owner)
    return chats


def test_the_list_shows_each_conversation_with_time_unread_badge_and_spend(client, inbox):
    response = client.get(reverse("inbox:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert names(response) == ["Ana", "Bea", "Cleo", "Dee"]
    assert '<nav id="conversations" class="conversations" aria-label="Conversations"' in html
    assert "2 unread" in html
    assert "spent $900.00" in html
    assert f'href="{reverse("inbox:chat", args=[inbox["bea"].pk])}?sort=recent"' in html
    assert "No conversation open" in html  # the thread pane's empty state


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sort": "recent"}, ["Ana", "Bea", "Cleo", "Dee"]),
        ({"sort": "unread"}, ["Bea", "Ana", "Cleo", "Dee"]),
        ({"sort": "spend"}, ["Cleo", "Dee", "Ana", "Bea"]),
        ({"unread": "1"}, ["Bea"]),
        ({"expired": "1"}, ["Bea"]),
        # VIP: spent at least the preset's VIP band ($150 in "gfe"), or tagged "vip".
        ({"vip": "1", "sort": "spend"}, ["Cleo", "Dee"]),
        ({"tag": " cosplay "}, ["Dee"]),
        ({"tag": "nobody"}, []),
    ],
)
def test_sorts_and_filters(client, inbox, params, expected):
    response = client.get(reverse("inbox:conversations"), params, headers=HTMX)
    assert response.status_code == 200
    assert names(response) == expected
    if not expected:
        assert "No conversation matches these filters." in response.content.decode()


def test_assigned_to_me_filter(client, owner, inbox):
    Chat.objects.filter(pk=inbox["cleo"].pk).update(assigned_to=owner)
    assert names(client.get(reverse("inbox:index"), {"assignee": "mine"})) == ["Cleo"]


def test_load_more_walks_every_conversation_once(client, owner, account, monkeypatch):
    monkeypatch.setattr("huntaze.inbox.views.LIST_LIMIT", 3)
    for i in range(7):
        chat_for(account, name=f"Fan{i:02d}", minutes=i)
    client.force_login(owner)
    first = client.get(reverse("inbox:index"), {"sort": "recent"})
    seen, cursor = names(first), first.context["page"].next_cursor
    while cursor:
        more = client.get(reverse("inbox:conversations"), {"sort": "recent", "cursor": cursor}, headers=HTMX)
        assert 'id="conversations"' not in more.content.decode()  # rows only, appended in place
        seen += names(more)
        cursor = more.context["page"].next_cursor
    assert seen == [f"Fan{i:02d}" for i in reversed(range(7))]


@pytest.mark.parametrize(
    "params", [{"cursor": "abc"}, {"cursor": "-3"}, {"sort": "oldest"}, {"tag": "x" * 51}]
)
def test_bad_list_input_is_a_clear_422(client, inbox, params):
    response = client.get(reverse("inbox:conversations"), params, headers=HTMX)
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()


def test_opening_a_chat_marks_it_read_and_shows_the_thread_and_fan_panel(client, owner, account, inbox):
    chat = inbox["bea"]
    response = client.get(reverse("inbox:chat", args=[chat.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    chat.refresh_from_db()
    assert not chat.is_unread
    assert AuditEvent.objects.filter(action="chat.read", target_id=str(chat.pk), actor_id=owner.pk).exists()
    assert f'id="chat-link-{chat.pk}" data-chat-link' in html
    assert 'aria-current="page"' in html
    assert '<section class="thread" id="thread" aria-label="Conversation"' in html
    assert 'aria-live="polite"' in html
    assert '<label for="composer-text">Message</label>' in html
    assert '<label for="composer-price">Price</label>' in html
    assert ">Send</button>" in html
    assert "Fan profile" in html
    assert "Expired" in html
    # An HTMX click on the list swaps in the thread and panel only.
    fragment = client.get(reverse("inbox:chat", args=[chat.pk]), headers=HTMX).content.decode()
    assert "<html" not in fragment
    assert 'id="conversations"' not in fragment
    assert 'aria-label="Conversation"' in fragment


def test_the_thread_shows_tips_ppv_media_and_remote_edits_and_deletions(client, owner, account):
    fan = make_fan(account, display_name="Eve", spend_tips_cents=2_500, spend_total_cents=4_000)
    chat = Chat.objects.create(account=account, fan=fan)
    at = iter(BASE_TIME + timedelta(minutes=i) for i in range(10))

    def message(direction: str, text: str = "", **fields) -> Message:
        return Message.objects.create(
            account=account,
            chat=chat,
            fan=fan,
            onlyfans_id=Message.objects.count() + 1,
            direction=direction,
            text=text,
            sent_at=next(at),
            **fields,
        )

    message("incoming", "for you", is_tip=True, tip_cents=2_500)
    message(
        "outgoing",
        "new set",
        price_cents=1_500,
        is_free=False,
        is_purchased=True,
        media_count=3,
        media_kinds=["photo", "video"],
    )
    message("outgoing", "teaser", price_cents=999, is_free=False, media_count=1, media_kinds=["photo"])
    edited = message("incoming", "hello again")
    MessageRevision.objects.create(message=edited, kind="edit", old_text="hello", new_text="hello again")
    message("incoming", "oops", is_deleted=True)
    client.force_login(owner)
    html = client.get(reverse("inbox:chat", args=[chat.pk])).content.decode()
    assert "Tip of $25.00" in html
    assert "PPV $15.00" in html
    assert "The fan unlocked this for $15.00" in html
    assert "PPV $9.99" in html
    assert "not unlocked yet" in html
    assert "3 attachments (photo, video)" in html
    assert "1 attachment (photo)" in html
    assert html.count('<span class="marker">edited</span>') == 1
    assert "deleted on OnlyFans" in html
    assert html.index("for you") < html.index("new set") < html.index("oops")  # oldest first
    # The fan panel: spend by kind and the total.
    assert re.search(r"Tips</th><td>\$25\.00", html)
    assert re.search(r"Total</th><td>\$40\.00", html)


def test_load_older_messages(client, owner, account, monkeypatch):
    monkeypatch.setattr("huntaze.inbox.views.THREAD_LIMIT", 4)
    chat = make_chat_with_messages(account, count=10)
    client.force_login(owner)
    page = client.get(reverse("inbox:chat", args=[chat.pk]))
    shown = re.findall(r"message (\d)</p>", page.content.decode())
    assert shown == ["6", "7", "8", "9"]
    older = client.get(
        reverse("inbox:messages_older", args=[chat.pk]),
        {"cursor": page.context["older_cursor"]},
        headers=HTMX,
    )
    assert re.findall(r"message (\d)</p>", older.content.decode()) == ["2", "3", "4", "5"]
    assert "Load older messages" in older.content.decode()


def poll(client, chat: Chat | None, **params):
    query = {"chat": chat.pk if chat else "", **params}
    response = client.get(reverse("inbox:updates"), query, headers=HTMX)
    assert response.status_code == 200, response.content
    return response


def test_the_poll_appends_new_messages_without_touching_the_composer(client, owner, account, inbox):
    chat = inbox["ana"]
    page = client.get(reverse("inbox:chat", args=[chat.pk]))
    last = page.context["last_message_id"]
    signature, sync = page.context["signature"], page.context["sync_token"]
    quiet = poll(client, chat, after=last, signature=signature, sync=sync).content.decode()
    assert 'id="inbox-poller"' in quiet
    assert "beforeend:#thread-messages" not in quiet
    assert 'id="conversations"' not in quiet
    assert 'id="sync-status"' not in quiet
    assert "composer" not in quiet

    new = Message.objects.create(
        account=account,
        chat=chat,
        fan=chat.fan,
        onlyfans_id=9_999,
        direction="incoming",
        text="are you there?",
        sent_at=chat.last_message_at + timedelta(minutes=1),
    )
    Chat.objects.filter(pk=chat.pk).update(
        last_message_at=new.sent_at, last_message_onlyfans_id=new.onlyfans_id, unread_count=1
    )
    live = poll(client, chat, after=last, signature=signature, sync=sync).content.decode()
    assert f'hx-swap-oob="beforeend:#thread-messages-{chat.pk}"' in live
    appended = live.split(f'hx-swap-oob="beforeend:#thread-messages-{chat.pk}"')[1].split("</ol>")[0]
    assert "are you there?" in appended
    assert "message 0" not in appended
    assert f'name="after" value="{new.pk}"' in live
    assert 'id="conversations"' in live  # the list moved: it is reloaded from the top
    assert "composer" not in live
    chat.refresh_from_db()
    assert not chat.is_unread  # it arrived in the open thread


def test_the_sync_line_shows_a_running_sync_and_is_redrawn_only_when_it_changes(client, account, inbox):
    page = client.get(reverse("inbox:index"))
    assert "Never synced yet" in page.content.decode()
    token = page.context["sync_token"]
    assert 'id="sync-status"' not in poll(client, None, signature="-", sync=token).content.decode()
    run = SyncRun.objects.create(account=account, status="running")
    changed = poll(client, None, signature="-", sync=token).content.decode()
    assert 'id="sync-status" hx-swap-oob="innerHTML"' in changed
    assert "Syncing now…" in changed
    SyncRun.objects.filter(pk=run.pk).update(status="succeeded")
    account.last_sync_at = BASE_TIME
    account.save()
    assert "Last sync May 20, 18:00" in client.get(reverse("inbox:index")).content.decode()


def test_tags_and_notes_are_edited_inline(client, owner, inbox):
    fan_id = inbox["ana"].fan_id
    response = client.post(
        reverse("inbox:fan_tags", args=[fan_id]), {"tags": "Whale, night owl,,"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<li class="tag">night owl</li>' in html
    assert '<li class="tag">whale</li>' in html
    assert "Tags saved." in html
    response = client.post(
        reverse("inbox:fan_notes", args=[fan_id]), {"notes": "Likes cats.\nAsk about Paris."}
    )
    assert response.status_code == 200
    assert "Ask about Paris." in response.content.decode()
    inbox["ana"].fan.refresh_from_db()
    assert inbox["ana"].fan.notes == "Likes cats.\nAsk about Paris."
    # Bad input: a clear 422 and nothing lost.
    too_long = client.post(reverse("inbox:fan_tags", args=[fan_id]), {"tags": "x" * 51}, headers=HTMX)
    assert too_long.status_code == 422
    assert sorted(inbox["ana"].fan.tags.values_list("name", flat=True)) == ["night owl", "whale"]
    huge = client.post(reverse("inbox:fan_notes", args=[fan_id]), {"notes": "x" * 10_001}, headers=HTMX)
    assert huge.status_code == 422
    inbox["ana"].fan.refresh_from_db()
    assert inbox["ana"].fan.notes == "Likes cats.\nAsk about Paris."


def test_reject_records_the_decision(client, owner, inbox):
    suggestion = Suggestion.objects.create(account=inbox["ana"].account, chat=inbox["ana"], text="hey")
    response = client.post(reverse("inbox:suggestion_reject", args=[suggestion.pk]), headers=HTMX)
    assert response.status_code == 200
    assert "Suggestion rejected." in response.content.decode()
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by_id) == ("rejected", owner.pk)


def test_a_chatter_sees_only_assigned_accounts_and_other_tenants_get_404(client, team, account, inbox):
    other = make_account(team, username="other_creator")
    hidden = chat_for(other, name="Hidden")
    chatter = make_member(team, "chatter", accounts=[account])
    client.force_login(chatter)
    assert names(client.get(reverse("inbox:index"))) == ["Ana", "Bea", "Cleo", "Dee"]
    assert names(client.get(reverse("inbox:index"), {"account": other.pk})) == ["Ana", "Bea", "Cleo", "Dee"]
    assert client.get(reverse("inbox:chat", args=[inbox["ana"].pk])).status_code == 200

    stranger = make_member(make_team("B"), "owner")
    for user, chat in ((chatter, hidden), (stranger, inbox["ana"])):
        client.force_login(user)
        suggestion = Suggestion.objects.create(account=chat.account, chat=chat, text="hey")
        for method, url, data in (
            ("get", reverse("inbox:chat", args=[chat.pk]), {}),
            ("get", reverse("inbox:messages_older", args=[chat.pk]), {}),
            ("get", reverse("inbox:vault_media", args=[chat.pk]), {}),
            ("get", reverse("inbox:updates"), {"chat": chat.pk, "account": chat.account_id}),
            ("post", reverse("inbox:suggestions", args=[chat.pk]), {}),
            ("post", reverse("inbox:suggestion_reject", args=[suggestion.pk]), {}),
            ("post", reverse("inbox:fan_tags", args=[chat.fan_id]), {"tags": "mine"}),
            ("post", reverse("inbox:fan_notes", args=[chat.fan_id]), {"notes": "mine"}),
            (
                "post",
                reverse("inbox:send", args=[chat.pk]),
                {"text": "hi", "idempotency_key": "key-12345678", "approved": "true"},
            ),
        ):
            response = getattr(client, method)(url, data, headers=HTMX)
            assert response.status_code == 404, (user, url, response.status_code)
        suggestion.refresh_from_db()
        assert suggestion.status == "pending"
        assert not chat.fan.tags.exists()
        assert chat.fan.notes == ""
        assert (
            not AuditEvent.objects.filter(actor_id=user.pk).exclude(action__startswith="chat.read").exists()
        )
    hidden.refresh_from_db()
    assert hidden.read_through_onlyfans_id is None
    assert not AuditEvent.objects.filter(actor_id=stranger.pk).exists()


def test_an_account_without_conversations_says_so(client, owner, account):
    client.force_login(owner)
    html = client.get(reverse("inbox:index")).content.decode()
    assert "No conversations yet: they appear after the first sync of this account." in html


def test_a_user_without_accounts_gets_an_empty_state(client, db):
    client.force_login(make_member(make_team("Empty"), "owner"))
    response = client.get(reverse("inbox:index"))
    assert response.status_code == 200
    assert "No OnlyFans account is connected yet" in response.content.decode()
    assert client.get(reverse("inbox:updates"), headers=HTMX).status_code == 404


def test_anonymous_users_are_sent_to_login(client, inbox):
    client.logout()
    for url in (
        reverse("inbox:index"),
        reverse("inbox:chat", args=[inbox["ana"].pk]),
        reverse("inbox:updates"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_fan_text_is_escaped_everywhere(client, owner, account):
    fan = make_fan(account, display_name=XSS_NAME, username="x" + XSS_TEXT, spend_total_cents=1)
    chat = Chat.objects.create(account=account, fan=fan)
    Message.objects.create(
        account=account,
        chat=chat,
        fan=fan,
        onlyfans_id=1,
        direction="incoming",
        text=XSS_TEXT,
        sent_at=BASE_TIME,
        media_count=1,
        media_kinds=[XSS_NAME],
    )
    Chat.objects.filter(pk=chat.pk).update(last_message_at=BASE_TIME, last_message_onlyfans_id=1)
    fan_tags_set(user=owner, fan_id=fan.pk, tags=[XSS_NAME])
    fan.notes = XSS_TEXT
    fan.save()
    client.force_login(owner)
    pages = [
        client.get(reverse("inbox:chat", args=[chat.pk])),
        client.get(reverse("inbox:updates"), {"chat": chat.pk, "signature": "-"}, headers=HTMX),
        client.post(reverse("inbox:suggestions", args=[chat.pk]), headers=HTMX),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
    page = pages[0].content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;script&gt;alert(1)" in pages[2].content.decode()  # the fan's name in a draft
