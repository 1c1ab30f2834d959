"""The saved replies page and the composer's "/" search fragment: roles, tenants, bad input,
escaping, and the composer's hooks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_chat_with_messages, make_fan, make_member, make_team
from huntaze.replies.models import SavedReply
from huntaze.replies.services import saved_reply_create

pytestmark = pytest.mark.django_db
INDEX, CREATE, SEARCH = reverse("replies:index"), reverse("replies:create"), reverse("replies:search")
HTMX = {"HX-Request": "true"}
XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"
FORM = {
    "title": "Welcome",
    "shortcut": "welcome",
    "body": "Hey {fan.first_name}!",
    "price": "",
    "scope": "account",
}


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def chat(account):
    return make_chat_with_messages(account, make_fan(account, display_name="Jessica Moore"))


def test_anonymous_user_is_sent_to_login(client, chat):
    for url in (INDEX, f"{SEARCH}?chat={chat.pk}"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


def test_owner_creates_a_team_wide_reply_from_the_page(logged_in, owner, team, account):
    response = logged_in.post(f"{CREATE}?account={account.pk}", FORM | {"scope": "team", "price": "12.50"})
    assert response.status_code == 302
    reply = SavedReply.objects.get()
    assert (reply.team_id, reply.account_id, reply.price_cents, reply.created_by) == (
        team.pk,
        None,
        1250,
        owner,
    )
    page = logged_in.get(INDEX).content.decode()
    assert "Saved reply “/welcome” saved." in page
    assert "Whole team" in page
    assert "$12.50" in page


def test_a_refused_form_is_a_422_with_the_error_on_the_field_and_input_kept(logged_in, account):
    response = logged_in.post(
        f"{CREATE}?account={account.pk}", FORM | {"body": "Hi {fan.firstname}"}, headers=HTMX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Unknown variable: {fan.firstname}." in html
    assert "Hi {fan.firstname}</textarea>" in html
    assert not SavedReply.objects.exists()
    taken = logged_in.post(f"{CREATE}?account={account.pk}", FORM, headers=HTMX)
    assert taken.status_code == 200
    again = logged_in.post(f"{CREATE}?account={account.pk}", FORM, headers=HTMX)
    assert again.status_code == 422
    assert "Another saved reply already uses this shortcut." in again.content.decode()


def test_chatters_have_no_team_choice_and_edit_only_their_own(client, owner, team, account):
    chatter = make_member(team, "chatter", accounts=[account])
    shared = saved_reply_create(user=owner, team_id=team.pk, title="T", shortcut="t", body="x")
    client.force_login(chatter)
    page = client.get(INDEX).content.decode()
    assert 'value="team"' not in page
    assert reverse("replies:edit", args=[shared.pk]) not in page
    assert client.post(f"{CREATE}?account={account.pk}", FORM | {"scope": "team"}).status_code == 422
    assert client.post(f"{CREATE}?account={account.pk}", FORM).status_code == 302
    mine = SavedReply.objects.get(created_by=chatter)
    assert client.get(reverse("replies:edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("replies:edit", args=[shared.pk])).status_code == 403
    assert client.post(reverse("replies:delete", args=[shared.pk])).status_code == 403
    assert SavedReply.objects.filter(pk=shared.pk).exists()


def test_edit_saves_and_delete_removes_audited(logged_in, owner, account):
    reply = saved_reply_create(user=owner, account_id=account.pk, title="T", shortcut="t", body="x")
    url = reverse("replies:edit", args=[reply.pk])
    assert 'value="t"' in logged_in.get(url).content.decode()
    bad = logged_in.post(url, {"title": "T", "shortcut": "t", "body": "{nope}"})
    assert bad.status_code == 422
    response = logged_in.post(url, {"title": "New", "shortcut": "new", "body": "Hi {fan.name}", "price": "3"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.title, reply.shortcut, reply.body, reply.price_cents) == (
        "New",
        "new",
        "Hi {fan.name}",
        300,
    )
    deleted = logged_in.post(reverse("replies:delete", args=[reply.pk]), headers=HTMX)
    assert deleted.status_code == 200
    assert "Saved reply deleted." in deleted.content.decode()
    assert not SavedReply.objects.exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="saved_reply.").values_list("action", flat=True)
    )
    assert sorted(actions) == ["saved_reply.create", "saved_reply.delete", "saved_reply.update"]


def test_another_tenants_reply_is_not_found(client, owner, account):
    reply = saved_reply_create(user=owner, account_id=account.pk, title="T", shortcut="t", body="x")
    client.force_login(make_team("B").memberships.get().user)
    assert client.get(reverse("replies:edit", args=[reply.pk])).status_code == 404
    assert client.post(reverse("replies:edit", args=[reply.pk]), FORM).status_code == 404
    assert client.post(reverse("replies:delete", args=[reply.pk])).status_code == 404
    assert SavedReply.objects.filter(pk=reply.pk, title="T").exists()


def test_search_answers_rendered_replies_for_the_chat(logged_in, owner, account, chat):
    saved_reply_create(
        user=owner,
        account_id=account.pk,
        title="PPV",
        shortcut="ppv",
        body="{fan.first_name}: {price}",
        price_cents=900,
    )
    response = logged_in.get(SEARCH, {"chat": chat.pk, "q": "pp"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-text="Jessica: $9"' in html
    assert 'data-price="9.00"' in html
    assert "<html" not in html
    priced = logged_in.get(SEARCH, {"chat": chat.pk, "q": "pp", "price": "25"}, headers=HTMX)
    assert 'data-text="Jessica: $25"' in priced.content.decode()
    none = logged_in.get(SEARCH, {"chat": chat.pk, "q": "zzz"}, headers=HTMX)
    assert "No saved reply matches “zzz”." in none.content.decode()


def test_search_refuses_bad_input_and_other_tenants_chats(client, logged_in, chat):
    assert logged_in.get(SEARCH, {"chat": "abc"}, headers=HTMX).status_code == 422
    assert logged_in.get(SEARCH, {"chat": chat.pk, "price": "-1"}, headers=HTMX).status_code == 422
    assert logged_in.get(SEARCH, {"chat": chat.pk, "q": "x" * 81}, headers=HTMX).status_code == 422
    client.force_login(make_team("B").memberships.get().user)
    assert client.get(SEARCH, {"chat": chat.pk}, headers=HTMX).status_code == 404


def test_hostile_text_is_escaped_on_the_page_and_in_the_search(logged_in, owner, account, chat):
    chat.fan.display_name = XSS
    chat.fan.save()
    saved_reply_create(user=owner, account_id=account.pk, title=XSS, shortcut="x", body=XSS + " {fan.name}")
    for html in (
        logged_in.get(INDEX).content.decode(),
        logged_in.get(SEARCH, {"chat": chat.pk, "q": "x"}, headers=HTMX).content.decode(),
    ):
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_composer_carries_the_search_hook_and_script(logged_in, chat):
    html = logged_in.get(reverse("inbox:chat", args=[chat.pk])).content.decode()
    assert f'data-replies-url="{SEARCH}?chat={chat.pk}"' in html
    assert "replies/js/composer.js" in html
    assert 'id="team-notes"' in html
