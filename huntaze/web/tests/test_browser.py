"""In a real browser: a new user logs in with the demo login and sees the hub."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_login_reaches_the_hub_without_console_errors(live_server, page):
    out = io.StringIO()
    call_command("demo_setup", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/onlyfans/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/onlyfans/")
    assert page.get_by_role("heading", name="OnlyFans hub").is_visible()
    assert errors == []  # includes CSP violations: no inline script anywhere
