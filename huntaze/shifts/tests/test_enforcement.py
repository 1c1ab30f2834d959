"""Outside their shifts a chatter gets a 403 with the next shift's start on pages, API routes and
chat links of that account; inside, after an extension, and for managers, everything works."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse

from huntaze.accounts.choices import Role
from huntaze.core.tests.factories import make_chat_with_messages, make_member
from huntaze.shifts.services import shift_add, shift_extend
from huntaze.shifts.tests.conftest import paris_time

LOCKED = "Your shift on @paris_nights starts Monday 22:00 (Europe/Paris)."


@pytest.fixture
def setup(client, owner, membership, chatter, paris):
    shift_add(
        actor=owner,
        membership_id=membership.pk,
        account_id=paris.pk,
        weekday=0,
        start_time=time(22),
        end_time=time(2),
    )
    chat = make_chat_with_messages(paris, count=1)
    client.force_login(chatter)
    return chat


def urls(chat, paris):
    return [
        (f"{reverse('inbox:index')}?account={paris.pk}", "page"),
        (f"/api/onlyfans/chats?account_id={paris.pk}", "api"),
        (reverse("inbox:chat", args=[chat.pk]), "page"),
        (f"/api/onlyfans/chats/{chat.pk}/messages", "api"),
    ]


def test_outside_the_shift_every_route_of_the_account_is_a_403_with_the_next_start(
    frozen, client, setup, paris
):
    frozen(paris_time(1, 12))  # Tuesday noon
    for url, kind in urls(setup, paris):
        response = client.get(url)
        assert response.status_code == 403, url
        if kind == "api":
            assert response.json()["code"] == "shift_locked"
            assert response.json()["message"] == LOCKED
        else:
            assert LOCKED in response.content.decode()
    # The account is gone from the lists, so the hub and a list across accounts answer empty.
    assert client.get("/api/onlyfans/chats").json()["items"] == []
    assert client.get(reverse("web:hub")).status_code == 200


def test_the_inbox_without_an_account_chosen_explains_the_lock(frozen, client, setup):
    frozen(paris_time(1, 12))
    response = client.get(reverse("inbox:index"))
    assert response.status_code == 403
    assert LOCKED in response.content.decode()


def test_inside_the_shift_every_route_answers(frozen, client, setup, paris):
    frozen(paris_time(1, 1, 30))  # Tuesday 01:30: Monday's night shift
    for url, _kind in urls(setup, paris):
        assert client.get(url).status_code == 200, url


def test_an_owner_extension_opens_it_until_it_ends(frozen, client, owner, membership, setup, paris):
    frozen(paris_time(1, 12))
    shift_extend(actor=owner, membership_id=membership.pk, account_id=paris.pk, hours=1)
    for url, _kind in urls(setup, paris):
        assert client.get(url).status_code == 200, url
    frozen(paris_time(1, 13))
    assert client.get(urls(setup, paris)[0][0]).status_code == 403


def test_managers_are_never_locked(frozen, client, team, setup, paris):
    frozen(paris_time(1, 12))
    client.force_login(make_member(team, Role.MANAGER))
    for url, _kind in urls(setup, paris):
        assert client.get(url).status_code == 200, url


def test_an_htmx_request_gets_the_message_as_a_fragment(frozen, client, setup, paris):
    frozen(paris_time(1, 12))
    response = client.get(reverse("inbox:chat", args=[setup.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert 'data-error-code="shift_locked"' in response.content.decode()
    assert "<html" not in response.content.decode()
