"""In a real browser: an owner assigns a chat to a chatter, who then finds it under "Mine"."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from huntaze.accounts.choices import Role
from huntaze.core.tests.factories import make_chat_with_messages, make_member
from huntaze.inbox.models import Chat, ChatAssignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the factories' password


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/onlyfans/")


def test_an_owner_assigns_a_chat_and_the_chatter_sees_it_under_mine(
    live_server, browser: Browser, owner, team, account
):
    chatter = make_member(team, Role.CHATTER, accounts=[account])
    chats = [make_chat_with_messages(account, count=2) for _ in range(3)]
    target = chats[1]
    base = live_server.url

    owner_page = browser.new_context().new_page()
    errors: list[str] = []
    owner_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(owner_page, base, owner.username)
    owner_page.goto(f"{base}/onlyfans/inbox/chats/{target.pk}/")
    assignment = owner_page.locator("#chat-assignment")
    expect(assignment.get_by_text("Not assigned")).to_be_visible(timeout=10_000)
    assignment.get_by_label("Assign to").select_option(label=chatter.username)
    assignment.get_by_role("button", name="Assign").click()
    expect(assignment.get_by_text(f"Assigned to {chatter.username}")).to_be_visible(timeout=10_000)
    assignment.get_by_text("Assignment history").click()
    expect(assignment.get_by_text(f"by {owner.username}")).to_be_visible()
    assert Chat.objects.get(pk=target.pk).assigned_to_id == chatter.pk
    assert ChatAssignment.objects.filter(chat=target, assigned_by=owner).count() == 1
    assert errors == []

    chatter_page = browser.new_context().new_page()
    log_in(chatter_page, base, chatter.username)
    chatter_page.goto(f"{base}/onlyfans/inbox/")
    conversations = chatter_page.get_by_role("navigation", name="Conversations")
    expect(conversations.get_by_role("link")).to_have_count(3)
    chatter_page.get_by_role("radio", name="Mine").check()
    expect(conversations.get_by_role("link")).to_have_count(1, timeout=10_000)
    expect(conversations.get_by_role("link")).to_have_attribute(
        "href", f"/onlyfans/inbox/chats/{target.pk}/?sort=recent&assignee=mine"
    )
