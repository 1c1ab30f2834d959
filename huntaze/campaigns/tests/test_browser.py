"""In a real browser: build a segment, compose a PPV campaign, approve it, watch its progress,
and see the simulator receive exactly the approved messages, once."""

from __future__ import annotations

import html
import re

import pytest
from playwright.sync_api import Page, expect

from huntaze.campaigns.models import Campaign
from huntaze.campaigns.tests.conftest import chat_fans, received, tag
from huntaze.content.models import Content
from huntaze.segments.models import Segment
from huntaze.web.tests.test_browser_flows import log_in, sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def synced(sim_account):
    assert sync(sim_account, streams=["chats", "content"]).status == "succeeded"
    return sim_account


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_segment_then_ppv_campaign_approved_sent_once(
    live_server, page, owner, synced, simulator, console_errors
):
    fans = chat_fans(synced, 3)
    tag(owner, fans, "spring")
    vault = Content.objects.filter(account=synced, kind="vault").order_by("pk").first()
    base = live_server.url
    log_in(page, base, owner.username)

    page.goto(f"{base}/onlyfans/segments/?account={synced.pk}")
    page.get_by_label("Name").fill("Spring buyers")
    page.get_by_label("Tags (comma-separated)").fill("spring")
    page.get_by_role("button", name="Save segment").click()
    expect(page.get_by_role("link", name="Spring buyers")).to_be_visible()

    page.goto(f"{base}/onlyfans/campaigns/?account={synced.pk}")
    page.get_by_label("Name", exact=True).fill("Spring PPV")
    segment = Segment.objects.get(account=synced, name="Spring buyers")
    page.get_by_label("Segment").select_option(str(segment.pk))
    page.get_by_label("Message", exact=True).fill("Something new just for you 🌸")
    page.get_by_label("Price ($)").fill("12.50")
    page.get_by_label("Vault media").select_option(str(vault.onlyfans_id))
    page.get_by_role("button", name="Save draft and review").click()

    expect(page.get_by_text("3 recipients now")).to_be_visible()
    expect(page.locator("[data-campaign-price]")).to_have_text("$12.50")
    assert received(simulator) == []  # a draft sends nothing
    page.get_by_role("button", name="Approve and send to 3 fans").click()
    expect(page.locator("[data-progress]")).to_contain_text("3 of 3 handled: 3 sent", timeout=30_000)
    expect(page.locator("[data-campaign-done]")).to_be_visible()

    got = received(simulator)
    assert sorted(r["userId"] for r in got) == sorted(fan.onlyfans_id for fan in fans)
    assert {(html.unescape(re.sub(r"<[^>]+>", "", r["body"]["text"])), r["body"]["price"]) for r in got} == {
        ("Something new just for you 🌸", 12.5)
    }
    assert {tuple(r["body"]["mediaFiles"]) for r in got} == {(vault.onlyfans_id,)}
    campaign = Campaign.objects.get()
    assert (campaign.status, campaign.approved_by_id) == ("done", owner.pk)
    page.reload()
    expect(page.locator("[data-progress]")).to_contain_text("3 sent")
    assert len(received(simulator)) == 3  # watching and reloading sends nothing again
    assert console_errors == []
