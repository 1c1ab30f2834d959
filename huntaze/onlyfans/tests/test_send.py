"""``message_send`` / ``mass_message_send``: approved content only, exact body, no blind resend."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import httpx
import pytest

from huntaze.core.exceptions import HuntazeError
from huntaze.onlyfans import ServerError, TransportError
from huntaze.onlyfans.tests.conftest import Script, load, ok


class NotApprovedError(HuntazeError):
    code = "reply_not_approved"


@dataclass
class FakeOutbound:
    """The contract the Django outbound model implements."""

    text: str = "Hi <3 & thanks!\nNew set tonight"
    price_cents: int = 1599
    locked_text: bool = False
    media_ids: list[int] = field(default_factory=lambda: [4524917793, 4524917794])
    idempotency_key: str = "out-7f1c"
    recipient_onlyfans_id: int = 98765432
    approved: bool = True

    def assert_sendable(self) -> None:
        if not self.approved:
            raise NotApprovedError("not approved by a human")


async def test_send_refuses_an_unapproved_outbound_before_any_http(make_client):
    script = Script(ok(load("message_send")))
    client = make_client(script)
    with pytest.raises(NotApprovedError):
        await client.message_send(FakeOutbound(approved=False))
    with pytest.raises(NotApprovedError):
        await client.mass_message_send(FakeOutbound(approved=False), user_lists=["fans"])
    assert script.requests == []


async def test_send_posts_the_web_app_body_with_the_idempotency_key(make_client):
    script = Script(ok(load("message_send")))
    sent = await make_client(script).message_send(FakeOutbound())
    assert sent.id == 8099905000000
    request = script.requests[0]
    assert (request.method, request.url.raw_path) == ("POST", b"/api2/v2/chats/98765432/messages")
    assert request.headers["x-idempotency-key"] == "out-7f1c"
    assert "sign" in request.headers
    assert json.loads(request.content) == {
        "text": "<p>Hi &lt;3 &amp; thanks!<br>New set tonight</p>",
        "lockedText": False,
        "mediaFiles": [4524917793, 4524917794],
        "price": 15.99,
        "previews": [],
        "rfTag": [],
        "rfGuest": [],
        "rfPartner": [],
        "isForward": False,
    }


async def test_free_message_price_is_zero(make_client):
    script = Script(ok(load("message_send")))
    await make_client(script).message_send(FakeOutbound(price_cents=0, media_ids=[]))
    assert json.loads(script.requests[0].content)["price"] == 0


@pytest.mark.parametrize(
    "failure", [httpx.ReadTimeout("no answer"), httpx.RemoteProtocolError("cut"), httpx.WriteTimeout("half")]
)
async def test_send_does_not_retry_an_ambiguous_failure(make_client, failure):
    script = Script(failure, ok(load("message_send")))
    with pytest.raises(TransportError) as info:
        await make_client(script).message_send(FakeOutbound())
    assert info.value.extra["ambiguous"] is True
    assert len(script.requests) == 1


async def test_send_does_not_retry_a_server_error(make_client):
    script = Script(httpx.Response(502), ok(load("message_send")))
    with pytest.raises(ServerError) as info:
        await make_client(script).message_send(FakeOutbound())
    assert info.value.extra["ambiguous"] is True
    assert len(script.requests) == 1


async def test_send_retries_when_the_request_never_left(make_client):
    script = Script(httpx.ConnectError("refused"), ok(load("message_send")))
    await make_client(script).message_send(FakeOutbound())
    assert len(script.requests) == 2


async def test_mass_message_is_queued_for_lists_with_a_schedule(make_client):
    from datetime import UTC, datetime

    script = Script(ok(load("messages_queue")))
    entry = await make_client(script).mass_message_send(
        FakeOutbound(price_cents=0, media_ids=[]),
        user_lists=["fans"],
        excluded_lists=[1184],
        scheduled_at=datetime(2026, 6, 1, 18, tzinfo=UTC),
    )
    assert entry.id == 99001
    body = json.loads(script.requests[0].content)
    assert script.requests[0].url.raw_path == b"/api2/v2/messages/queue"
    assert (body["userLists"], body["userIds"], body["excludedLists"], body["scheduledDate"]) == (
        ["fans"],
        [],
        [1184],
        "2026-06-01T18:00:00+00:00",
    )
