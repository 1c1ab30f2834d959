"""Team notes in the inbox panel and the Mentions page: HTMX fragments, no-JS fallbacks, roles,
tenants, escaping, and the nav's unread count (one query)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huntaze.accounts.services import membership_set
from huntaze.core.tests.factories import make_chat_with_messages, make_fan, make_team, make_user
from huntaze.notes.models import Mention, Note
from huntaze.notes.selectors import mention_unread_count
from huntaze.notes.services import note_create

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"
MENTIONS, UNREAD = reverse("notes:mentions"), reverse("notes:unread")


@pytest.fixture
def chat(account):
    return make_chat_with_messages(account, make_fan(account, display_name="Jessica"))


@pytest.fixture
def maya(team):
    return membership_set(team=team, user=make_user("maya"), role="manager").user


def test_the_panel_lists_fan_and_chat_notes_and_adds_one(client, owner, chat, maya):
    client.force_login(owner)
    note_create(user=owner, chat_id=chat.pk, on="fan", body="Birthday in June")
    panel = client.get(reverse("notes:chat", args=[chat.pk]), headers=HTMX)
    html = panel.content.decode()
    assert panel.status_code == 200
    assert "Team notes" in html
    assert "About the fan" in html
    assert "Birthday in June" in html
    assert "No team notes about this chat yet." in html
    added = client.post(
        reverse("notes:create", args=[chat.pk]), {"on": "chat", "body": "Ask @maya"}, headers=HTMX
    )
    assert added.status_code == 200
    assert "Mentioned: @maya" in added.content.decode()
    assert Note.objects.get(chat=chat).body == "Ask @maya"
    assert Mention.objects.get().user == maya


def test_without_javascript_the_panel_is_the_inbox_and_adding_redirects_there(client, owner, chat):
    client.force_login(owner)
    chat_url = reverse("inbox:chat", args=[chat.pk])
    assert client.get(reverse("notes:chat", args=[chat.pk]))["Location"] == chat_url
    response = client.post(reverse("notes:create", args=[chat.pk]), {"on": "fan", "body": "hello"})
    assert (response.status_code, response["Location"]) == (302, chat_url)
    assert client.post(reverse("notes:create", args=[chat.pk]), {"on": "fan", "body": ""}).status_code == 422


def test_a_refused_note_keeps_the_panel_with_its_error(client, owner, chat):
    client.force_login(owner)
    response = client.post(
        reverse("notes:create", args=[chat.pk]), {"on": "nowhere", "body": "x"}, headers=HTMX
    )
    assert response.status_code == 422
    assert 'id="team-notes"' in response.content.decode()
    assert not Note.objects.exists()


def test_delete_rights_show_and_hold(client, owner, chat, maya):
    note = note_create(user=owner, chat_id=chat.pk, on="fan", body="owner's")
    client.force_login(maya)
    delete_url = reverse("notes:delete", args=[chat.pk, note.pk])
    assert delete_url not in client.get(reverse("notes:chat", args=[chat.pk]), headers=HTMX).content.decode()
    assert client.post(delete_url, headers=HTMX).status_code == 403
    client.force_login(owner)
    assert delete_url in client.get(reverse("notes:chat", args=[chat.pk]), headers=HTMX).content.decode()
    assert client.post(delete_url, headers=HTMX).status_code == 200
    assert not Note.objects.exists()


def test_other_tenants_get_404_everywhere(client, owner, chat):
    note = note_create(user=owner, chat_id=chat.pk, on="fan", body="x")
    client.force_login(make_team("B").memberships.get().user)
    assert client.get(reverse("notes:chat", args=[chat.pk]), headers=HTMX).status_code == 404
    assert client.post(reverse("notes:create", args=[chat.pk]), {"on": "fan", "body": "y"}).status_code == 404
    assert client.post(reverse("notes:delete", args=[chat.pk, note.pk])).status_code == 404
    assert Note.objects.count() == 1


def test_hostile_notes_are_escaped_in_the_panel_and_the_mentions_page(client, owner, chat, maya):
    chat.fan.display_name = XSS
    chat.fan.save()
    note_create(user=owner, chat_id=chat.pk, on="fan", body=f"{XSS} @maya")
    client.force_login(maya)
    for html in (
        client.get(reverse("notes:chat", args=[chat.pk]), headers=HTMX).content.decode(),
        client.get(MENTIONS).content.decode(),
    ):
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_mentions_page_marks_read_and_the_nav_counts_unread(client, owner, chat, maya):
    note_create(user=owner, chat_id=chat.pk, on="chat", body="@maya look")
    note_create(user=owner, chat_id=chat.pk, on="fan", body="@maya and this")
    client.force_login(maya)
    page = client.get(MENTIONS).content.decode()
    assert "@maya look" in page
    assert "Unread" in page
    assert f'href="{reverse("inbox:chat", args=[chat.pk])}"' in page
    assert f'hx-get="{UNREAD}" hx-trigger="load"' in page  # the nav's badge, loaded after the page
    badge = client.get(UNREAD, headers=HTMX | {"X-Huntaze-Background": "1"}).content.decode()
    assert '<span class="badge">2<span class="visually-hidden"> unread</span></span>' in badge
    mention = Mention.objects.get(note__body="@maya look")
    response = client.post(reverse("notes:mention_read", args=[mention.pk]), headers=HTMX)
    assert response.status_code == 200
    assert mention_unread_count(user=maya) == 1
    assert client.post(reverse("notes:mentions_read_all")).status_code == 302
    assert mention_unread_count(user=maya) == 0
    assert 'class="badge"' not in client.get(UNREAD, headers=HTMX).content.decode()
    client.force_login(owner)
    assert client.post(reverse("notes:mention_read", args=[mention.pk])).status_code == 404


def test_the_unread_count_is_one_query_and_pages_do_not_pay_for_it(
    client, maya, owner, chat, django_assert_num_queries
):
    for index in range(3):
        note_create(user=owner, chat_id=chat.pk, on="chat", body=f"@maya {index}")
    with django_assert_num_queries(1):
        assert mention_unread_count(user=maya) == 3
    client.force_login(maya)
    with CaptureQueriesContext(connection) as page:
        client.get(reverse("web:hub"))
    assert not [query for query in page.captured_queries if "notes_mention" in query["sql"]]
