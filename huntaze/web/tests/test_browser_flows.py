"""The dashboard in a real browser (Debian's chromium through Playwright), served by a live
server with the OnlyFans simulator behind it.

``HUNTAZE_SCREENSHOTS=docs/screenshots`` saves a screenshot of every page visited (``make
screenshots``); the README shows them.
"""

from __future__ import annotations

import html
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyotp
import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_account, make_chat_with_messages, make_member, make_team
from huntaze.inbox.models import Chat, OutboundMessage
from huntaze.simulator.server import SIM_SESSION
from huntaze.sync.tests.conftest import sync as sync_here

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the factories' password
SHOTS = os.environ.get("HUNTAZE_SCREENSHOTS", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    shot(page, "01-login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/onlyfans/")


def sync(account, **kwargs):
    """A sync as the worker runs it, in its own thread: Playwright's loop owns this one."""

    def run():
        try:
            return sync_here(account, **kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Console errors of the page, CSP violations included (no inline script may run)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


@pytest.fixture
def synced(sim_account):
    assert sync(sim_account).status == "succeeded"
    return sim_account


def test_inbox_live_message_then_edited_suggestion_sent_once_and_audited(
    live_server, page, owner, synced, simulator, console_errors
):
    base = live_server.url
    log_in(page, base, owner.username)
    card = page.locator(f'[data-account="{synced.pk}"]')
    expect(card.get_by_text("Healthy")).to_be_visible()
    shot(page, "02-hub")

    page.goto(f"{base}/onlyfans/inbox/")
    page.evaluate("window.__sameDocument = true")  # gone if anything reloads the page
    first = page.get_by_role("navigation", name="Conversations").get_by_role("link").first
    first.click()
    chat_id = int(re.search(r"/chats/(\d+)/", first.get_attribute("href")).group(1))
    chat = Chat.objects.select_related("fan").get(pk=chat_id)
    thread = page.get_by_role("region", name="Conversation")
    expect(thread).to_be_visible()

    # A fan writes; the worker's sync stores it; the open thread shows it without a reload.
    simulator.control.fan_writes(chat.fan.onlyfans_id, "Are you up for a late chat tonight? 🌙")
    assert sync(synced, streams=["chats"]).status == "succeeded"
    expect(thread.get_by_text("Are you up for a late chat tonight?")).to_be_visible(timeout=20_000)
    assert page.evaluate("window.__sameDocument") is True

    # Suggestions for the new message: take the first, edit it, send it.
    cards = page.locator("article.suggestion")
    expect(cards.first).to_be_visible(timeout=20_000)  # drafted when the thread opened
    before = cards.first.get_attribute("data-suggestion-id")
    page.get_by_role("button", name="Refresh suggestions").click()
    expect(cards.first).not_to_have_attribute("data-suggestion-id", before, timeout=20_000)
    shot(page, "03-inbox")
    draft = cards.first.get_attribute("data-text")
    cards.first.get_by_role("button", name="Edit").click()
    composer = page.get_by_label("Message")
    expect(composer).to_have_value(draft)
    final = f"{draft} Can't wait x"
    composer.fill(final)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#composer-status")).to_contain_text("Sent", timeout=20_000)
    assert page.evaluate("window.__sameDocument") is True

    received = [r for r in simulator.control.received() if r["kind"] == "message"]
    sent = [(r["userId"], html.unescape(re.sub(r"<[^>]+>", "", r["body"]["text"]))) for r in received]
    assert sent == [(chat.fan.onlyfans_id, final)]  # exactly that text, once
    outbound = OutboundMessage.objects.get()
    assert (outbound.draft_text, outbound.text, outbound.approved_by_id) == (draft, final, owner.pk)

    page.goto(f"{base}/onlyfans/audit/")
    expect(page.get_by_text(final).first).to_be_visible()
    shot(page, "07-audit")
    assert AuditEvent.objects.filter(action__startswith="outbound.").exists()

    for path, name in (
        ("/onlyfans/fans/", "04-fans"),
        ("/onlyfans/content/", "05-content"),
        ("/onlyfans/analytics/", "06-analytics"),
        ("/onlyfans/settings/", "08-settings"),
        ("/onlyfans/segments/", "12-segments"),
        ("/onlyfans/shifts/", "13-shifts"),
        ("/onlyfans/performance/", "14-performance"),
        ("/onlyfans/campaigns/", "15-campaigns"),
        ("/onlyfans/activity/", "16-activity"),
        ("/onlyfans/webhooks/", "17-webhooks"),
        ("/onlyfans/replies/", "18-saved-replies"),
    ):
        page.goto(f"{base}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        shot(page, name)
    assert console_errors == []


def test_hostile_fan_text_is_shown_as_text_and_never_runs(live_server, page, owner, synced, simulator):
    chat = Chat.objects.filter(account=synced).select_related("fan").order_by("-last_message_at").first()
    hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    simulator.control.fan_writes(chat.fan.onlyfans_id, hostile)
    assert sync(synced, streams=["chats"]).status == "succeeded"
    log_in(page, live_server.url, owner.username)
    page.goto(f"{live_server.url}/onlyfans/inbox/chats/{chat.pk}/")
    expect(page.get_by_text(hostile).first).to_be_visible()
    assert page.evaluate("window.__xss") is None


def test_a_chatter_sees_only_assigned_accounts_and_not_another_teams_pages(live_server, page, team, synced):
    chatter = make_member(team, "chatter", accounts=[synced])
    elsewhere = make_account(make_team("Other agency"), username="someone_else")
    foreign_chat = make_chat_with_messages(elsewhere)
    log_in(page, live_server.url, chatter.username)
    expect(page.get_by_text(f"@{synced.username}").first).to_be_visible()
    expect(page.get_by_text("@someone_else")).to_have_count(0)
    response = page.goto(f"{live_server.url}/onlyfans/inbox/chats/{foreign_chat.pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/onlyfans/inbox/?account={elsewhere.pk}")
    expect(page.get_by_text("@someone_else")).to_have_count(0)


def test_an_expired_session_is_reconnected_from_the_hub(live_server, page, owner, synced, simulator):
    simulator.control.expire_session()
    log_in(page, live_server.url, owner.username)
    card = page.locator(f'[data-account="{synced.pk}"]')
    card.get_by_role("button", name="Sync now").click()
    expect(card.get_by_text("Needs re-auth")).to_be_visible(timeout=20_000)
    shot(page, "09-needs-reauth")
    simulator.control.reset_session()  # the creator logs in to OnlyFans again and copies a fresh session
    card.get_by_role("link", name="Reconnect").click()
    page.get_by_label(re.compile("Cookie “sess”")).fill(SIM_SESSION["sess"])
    page.get_by_label("Cookie “auth_id”").fill(SIM_SESSION["auth_id"])
    page.get_by_label("Header “x-bc”").fill(SIM_SESSION["x_bc"])
    page.get_by_label("User agent").fill(SIM_SESSION["user_agent"])
    shot(page, "10-reconnect")
    page.get_by_role("button", name="Check and reconnect").click()
    expect(page.get_by_role("alert").or_(page.locator(".flash"))).to_be_visible()
    page.goto(f"{live_server.url}/onlyfans/")
    card = page.locator(f'[data-account="{synced.pk}"]')
    card.get_by_role("button", name="Sync now").click()
    expect(card.get_by_text("Healthy")).to_be_visible(timeout=20_000)


def test_two_factor_enrolment_then_login_with_a_code(live_server, page, owner):
    base = live_server.url
    log_in(page, base, owner.username)
    page.goto(f"{base}/account/security/")
    shot(page, "11-security")
    page.get_by_role("button", name="Enable two-factor authentication").click()
    expect(
        page.get_by_alt_text("QR code of your two-factor secret, for your authenticator app")
    ).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_role("textbox", name="Code").fill(totp.now())
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    assert page.locator("#recovery-codes li").count() == 10

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(owner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    assert page.goto(f"{base}/onlyfans/").url.startswith(f"{base}/login/")  # not logged in between the steps
    page.go_back()
    # The enrolment used up the current step: the next one (±1 step is accepted).
    page.get_by_role("textbox", name="Code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/onlyfans/")
    expect(page.get_by_role("heading", name="OnlyFans hub")).to_be_visible()
