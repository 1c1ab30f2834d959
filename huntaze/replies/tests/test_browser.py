"""In a real browser: "/" and part of a shortcut in the composer, pick the saved reply, see it
filled in with the fan's first name, send it through the normal approval, and find exactly that
text at OnlyFans (the simulator). Then a team note with a mention, shown in the chat's panel."""

from __future__ import annotations

import html
import re

import pytest
from playwright.sync_api import Page, expect

from huntaze.accounts.services import membership_set
from huntaze.core.tests.factories import make_user
from huntaze.inbox.models import Chat, OutboundMessage
from huntaze.notes.models import Mention
from huntaze.replies.rendering import fan_first_name
from huntaze.replies.services import saved_reply_create
from huntaze.web.tests.test_browser_flows import console_errors, log_in, sync  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_saved_reply_is_found_with_slash_filled_in_and_sent_after_approval(
    live_server,
    page: Page,
    owner,
    team,
    sim_account,
    simulator,
    console_errors,  # noqa: F811
):
    assert sync(sim_account).status == "succeeded"
    chat = next(
        chat
        for chat in Chat.objects.filter(account=sim_account).select_related("fan").order_by("pk")
        if fan_first_name(chat.fan)
    )
    first_name = fan_first_name(chat.fan)
    saved_reply_create(
        user=owner,
        team_id=team.pk,
        title="Thank you",
        shortcut="thanks-new",
        body="Hey {fan.first_name}, thank you for subscribing to {creator.name}! 💕",
    )
    saved_reply_create(user=owner, team_id=team.pk, title="Other", shortcut="other", body="Not this one")
    membership_set(team=team, user=make_user("maya"), role="manager")
    creator = sim_account.display_name or sim_account.username
    expected = f"Hey {first_name}, thank you for subscribing to {creator}! 💕"

    log_in(page, live_server.url, owner.username)
    page.goto(f"{live_server.url}/onlyfans/inbox/chats/{chat.pk}/")
    composer = page.get_by_label("Message", exact=True)
    composer.press_sequentially("/than")
    choice = page.locator("#reply-picker [data-reply-pick]")
    expect(choice).to_have_count(1, timeout=10_000)  # "other" does not match
    expect(choice).to_contain_text("/thanks-new")
    choice.click()
    expect(composer).to_have_value(expected)
    expect(page.locator("#reply-picker")).to_be_hidden()

    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#composer-status")).to_contain_text("Sent", timeout=20_000)
    received = [r for r in simulator.control.received() if r["kind"] == "message"]
    sent = [(r["userId"], html.unescape(re.sub(r"<[^>]+>", "", r["body"]["text"]))) for r in received]
    assert sent == [(chat.fan.onlyfans_id, expected)]  # exactly the reviewed text, once
    assert OutboundMessage.objects.get().approved_by_id == owner.pk

    notes = page.locator("#team-notes")
    notes.get_by_label("Team note").fill("Loves the beach, @maya follow up")
    notes.get_by_label("This chat").check()
    notes.get_by_role("button", name="Add note").click()
    expect(notes.get_by_text("Loves the beach, @maya follow up")).to_be_visible()
    expect(notes.get_by_text("Mentioned: @maya")).to_be_visible()
    assert Mention.objects.get().user.username == "maya"
    assert console_errors == []
