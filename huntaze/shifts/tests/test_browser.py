"""In a real browser: a chatter outside their shift gets the shift-lock page with its message."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from playwright.sync_api import Page, expect

from huntaze.shifts.services import shift_add
from huntaze.shifts.windows import local_zone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the factories' password


def test_a_chatter_outside_their_shift_gets_the_lock_page(
    live_server, page: Page, owner, membership, chatter, paris
):
    # A shift three days from now (Paris time): whenever the test runs, it is outside it.
    day = (timezone.now().astimezone(local_zone("Europe/Paris")) + timedelta(days=3)).weekday()
    shift_add(
        actor=owner,
        membership_id=membership.pk,
        account_id=paris.pk,
        weekday=day,
        start_time=time(10),
        end_time=time(12),
    )
    base = live_server.url
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(chatter.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/onlyfans/")

    response = page.goto(f"{base}/onlyfans/inbox/")
    assert response.status == 403
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(f"Your shift on @paris_nights starts {WEEKDAYS[day]} 10:00 (Europe/Paris).")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()

    page.goto(f"{base}/onlyfans/shifts/")
    expect(page.get_by_text(f"Closed: next shift {WEEKDAYS[day]} 10:00 (Europe/Paris)")).to_be_visible()
