"""The activity page in a real browser: events arrive live, as text, once, across reconnects.

Named to run last: Playwright leaves an event loop running in this thread, which the real
syncs of ``test_sync.py`` (``asyncio.run``) cannot share (``make test`` runs browser tests apart).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from huntaze.events import stream as stream_module
from huntaze.events.choices import EventType
from huntaze.events.services import EventDraft, event_record_many

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = "<img src=x onerror=alert(1)><script>alert('x')</script>"


def record(account, source: str, text: str) -> None:
    draft = EventDraft(EventType.NEW_MESSAGE, source, datetime.now(UTC), {"fan_name": "Mia", "text": text})
    event_record_many(account_id=account.pk, events=[draft])


def test_live_events_are_prepended_as_text_once_across_reconnects(
    live_server, page: Page, owner, account, monkeypatch
):
    monkeypatch.setattr(stream_module, "LIFETIME_SECONDS", 1.5)  # reconnects during the test
    monkeypatch.setattr(stream_module, "POLL_SECONDS", 0.2)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    record(account, "old", "before the page")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(owner.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/onlyfans/")
    page.goto(f"{live_server.url}/onlyfans/activity/?account={account.pk}")
    items = page.locator("#activity-events li")
    expect(items).to_have_count(1)

    record(account, "live", HOSTILE)
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text(f"Mia wrote: “{HOSTILE}”")
    page.wait_for_timeout(2500)  # the stream ends and the page reconnects with its last id
    record(account, "after", "after a reconnect")
    expect(items.first).to_contain_text("after a reconnect")
    page.wait_for_timeout(2000)
    expect(items).to_have_count(3)
    assert page.locator("#activity-events script, #activity-events img").count() == 0
    assert errors == []
