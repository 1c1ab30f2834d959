"""Variables of saved replies: each one with known values, names derived from fans, unknown ones
refused, and nothing in a text ever evaluated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from huntaze.accounts.models import OnlyFansAccount
from huntaze.fans.models import Fan
from huntaze.replies.exceptions import ReplyVariableUnknownError
from huntaze.replies.rendering import (
    body_variables_check,
    fan_first_name,
    price_text,
    reply_render,
    reply_values,
)

NOW = datetime(2026, 5, 20, 18, 0, tzinfo=UTC)


def _fan(**fields) -> Fan:
    return Fan(**{"username": "u123", "display_name": "", **fields})


def _values(fan: Fan, price_cents: int | None = None, **account) -> dict:
    creator = OnlyFansAccount(**{"username": "luna_creates", "display_name": "Luna", **account})
    return reply_values(fan=fan, account=creator, price_cents=price_cents, now=NOW)


def test_each_variable_renders_its_known_value():
    fan = _fan(display_name="Jessica Moore", subscribed_at=NOW - timedelta(days=12, hours=3))
    body = "Hey {fan.first_name} ({fan.name}), {fan.days_subscribed} days with {creator.name}! Only {price}"
    rendered = reply_render(body=body, values=_values(fan, price_cents=1500))
    assert rendered.text == "Hey Jessica (Jessica Moore), 12 days with Luna! Only $15"
    assert rendered.missing == ()


@pytest.mark.parametrize(
    ("display_name", "username", "expected"),
    [
        ("Jessica Moore", "u1", "Jessica"),
        ("🔥 Mike!! 🔥", "u1", "Mike"),
        ("  Zoé  ", "u1", "Zoé"),
        ("💋💋", "jess_88", "Jess"),
        ("", "Marco.Rossi", "Marco"),
        ("", "u4242", None),  # OnlyFans' generated usernames are no name
        ("", "x", None),
        ("---", "", None),
    ],
)
def test_first_name_comes_from_the_display_name_then_a_chosen_username(display_name, username, expected):
    assert fan_first_name(_fan(display_name=display_name, username=username)) == expected


@pytest.mark.parametrize(
    ("cents", "text"), [(1500, "$15"), (999, "$9.99"), (1, "$0.01"), (123_456, "$1,234.56")]
)
def test_prices_read_as_in_a_message(cents, text):
    assert price_text(cents) == text


def test_missing_values_stay_in_the_text_and_are_reported():
    fan = _fan(display_name="", username="u77", subscribed_at=None)
    body = "Hi {fan.first_name}, {fan.days_subscribed} days, {price}, {fan.first_name}"
    rendered = reply_render(body=body, values=_values(fan))
    assert rendered.text == body
    assert rendered.missing == ("fan.first_name", "fan.days_subscribed", "price")


def test_the_creator_name_falls_back_to_the_username():
    rendered = reply_render(body="{creator.name}", values=_values(_fan(), display_name=""))
    assert rendered.text == "luna_creates"


def test_unknown_variables_are_refused_by_name():
    assert body_variables_check("Hi {fan.first_name}, {price}") == ["fan.first_name", "price"]
    with pytest.raises(ReplyVariableUnknownError) as caught:
        body_variables_check("Hi {fan.firstname} {fan.__class__} {price}")
    assert caught.value.extra["unknown"] == ["{fan.__class__}", "{fan.firstname}"]
    assert "{fan.first_name}" in caught.value.extra["known"]
    assert "{fan.firstname}" in caught.value.message
    assert caught.value.http_status == 422


def test_text_is_never_evaluated_and_values_are_not_rendered_twice():
    # A fan who named themselves like a variable (or like a format string) stays as written.
    fan = _fan(display_name="{price} {0.__class__} %(x)s")
    rendered = reply_render(body="{fan.name} / {fan.first_name} / {} {0} {fan}", values=_values(fan, 500))
    assert rendered.text == "{price} {0.__class__} %(x)s / price / {} {0} {fan}"
