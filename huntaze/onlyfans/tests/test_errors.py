"""Response -> typed error mapping and the retry policy of ``_request`` (spec §4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from huntaze.onlyfans import (
    BadRequestError,
    ForbiddenError,
    NotFoundOnRemoteError,
    RateLimitedError,
    RulesProvider,
    ServerError,
    SessionExpiredError,
    StaleRulesError,
    TransportError,
    VerificationRequiredError,
    retry_after_parse,
)
from huntaze.onlyfans.tests.conftest import Script, api_error, load, ok

COUNTS = load("subscriptions_count_all")
CLOUDFLARE = httpx.Response(403, text="<!DOCTYPE html><title>Just a moment...</title>")


async def test_stale_rules_refresh_the_rules_and_retry_once(make_client):
    rules_source = Script(ok(load("rules_layout_a")), ok(load("rules_deviint")))
    rules = RulesProvider(
        "https://rules.example/r.json", transport=httpx.MockTransport(rules_source), min_refresh_interval=0
    )
    script = Script(api_error(400, 401, "Please refresh the page"), ok(COUNTS))
    assert (await make_client(script, rules=rules).subscriber_counts()).all_subscribers == 2746
    assert len(rules_source.requests) == 2
    signs = [r.headers["sign"].split(":")[0] for r in script.requests]
    assert signs == ["29714", "32139"]  # re-signed with the fresh rules


async def test_stale_rules_twice_raise_stale_rules_error(make_client):
    script = Script(api_error(400, 401, "Please refresh the page"))
    with pytest.raises(StaleRulesError) as info:
        await make_client(script).subscriber_counts()
    assert len(script.requests) == 2
    assert info.value.remote_code == 401


@pytest.mark.parametrize("code", [101, 105])
async def test_verification_codes_raise_verification_required(make_client, code):
    body = {
        "error": {
            "code": code,
            "message": "Verify",
            "payload": {"otpState": {"email": True, "appOtp": False}},
        }
    }
    script = Script(httpx.Response(400, json=body))
    with pytest.raises(VerificationRequiredError) as info:
        await make_client(script).me()
    assert info.value.extra["checks"] == ["email"]
    assert len(script.requests) == 1


async def test_other_400_is_a_bad_request_without_retry(make_client):
    script = Script(api_error(400, 0, "Invalid filter"))
    with pytest.raises(BadRequestError, match="Invalid filter"):
        await make_client(script).chats_page(filter="nope")
    assert len(script.requests) == 1


async def test_401_raises_session_expired_without_retry(make_client):
    script = Script(api_error(401, 401, "Access denied."))
    with pytest.raises(SessionExpiredError):
        await make_client(script).subscriber_counts()
    assert len(script.requests) == 1


async def test_wrong_user_code_301_means_the_session_must_be_fixed(make_client):
    script = Script(api_error(400, 301, "Wrong user."))
    with pytest.raises(SessionExpiredError):
        await make_client(script).subscriber_counts()


async def test_403_raises_at_once_with_a_growing_suggested_backoff(make_client, sleep):
    script = Script(CLOUDFLARE)
    client = make_client(script)
    suggested = []
    for _ in range(3):
        with pytest.raises(ForbiddenError) as info:
            await client.subscriber_counts()
        suggested.append(info.value.extra["retry_after"])
    assert suggested == [15.0, 22.5, 33.75]
    assert len(script.requests) == 3  # one per call: no fast retry
    assert sleep.calls == []


async def test_404_raises_not_found(make_client):
    with pytest.raises(NotFoundOnRemoteError):
        await make_client(Script(api_error(404, 0, "Message not found"))).user(1)


async def test_unknown_user_answered_with_an_empty_array_is_not_found(make_client):
    with pytest.raises(NotFoundOnRemoteError):
        await make_client(Script(ok([]))).user("nobody")


async def test_429_honours_retry_after_seconds(make_client, sleep):
    script = Script(httpx.Response(429, headers={"Retry-After": "7"}), ok(COUNTS))
    await make_client(script).subscriber_counts()
    assert sleep.calls == [7.0]


async def test_429_honours_retry_after_http_date(make_client, sleep):
    when = datetime.now(UTC) + timedelta(seconds=30)
    script = Script(
        httpx.Response(429, headers={"Retry-After": format_datetime(when, usegmt=True)}), ok(COUNTS)
    )
    await make_client(script).subscriber_counts()
    assert 27 <= sleep.calls[0] <= 30


def test_retry_after_parse_cases():
    now = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)
    assert retry_after_parse("Wed, 20 May 2026 12:01:30 GMT", now=now) == 90
    assert retry_after_parse("Wed, 20 May 2026 11:00:00 GMT", now=now) == 0
    assert retry_after_parse("soon") is None
    assert retry_after_parse(None) is None


async def test_429_without_retry_after_uses_own_exponential_backoff(make_client, sleep):
    script = Script(httpx.Response(429), httpx.Response(429), ok(COUNTS))
    await make_client(script).subscriber_counts()
    assert sleep.calls == [2.5, 5.0]


async def test_a_429_storm_gets_its_own_retry_budget_then_gives_up(make_client, sleep):
    storm = [httpx.Response(429, headers={"Retry-After": "1"}) for _ in range(5)]
    script = Script(*storm, ok(COUNTS))
    await make_client(script, max_retries=1, max_rate_limited_retries=5).subscriber_counts()
    assert sleep.calls == [1.0] * 5  # five waits as told, where a 5xx would have had one retry
    endless = Script(*[httpx.Response(429, headers={"Retry-After": "1"}) for _ in range(4)])
    with pytest.raises(RateLimitedError):
        await make_client(endless, max_rate_limited_retries=3).subscriber_counts()


async def test_429_gives_up_with_retry_after_when_the_wait_is_too_long(make_client, sleep):
    script = Script(httpx.Response(429, headers={"Retry-After": "900"}))
    with pytest.raises(RateLimitedError) as info:
        await make_client(script).subscriber_counts()
    assert info.value.retry_after == 900
    assert sleep.calls == []


async def test_5xx_is_retried_with_full_jitter_then_succeeds(make_client, sleep):
    script = Script(httpx.Response(502), httpx.Response(503, text="maintenance"), ok(COUNTS))
    await make_client(script, backoff_base=1.0).subscriber_counts()
    assert len(script.requests) == 3
    assert len(sleep.calls) == 2
    assert 0 <= sleep.calls[0] <= 1.0
    assert 0 <= sleep.calls[1] <= 2.0


async def test_5xx_gives_up_after_max_retries(make_client, sleep):
    script = Script(httpx.Response(500))
    with pytest.raises(ServerError):
        await make_client(script, max_retries=2).subscriber_counts()
    assert len(script.requests) == 3
    assert len(sleep.calls) == 2


async def test_network_errors_and_timeouts_are_retried(make_client):
    script = Script(
        httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("cut"), ok(COUNTS)
    )
    assert (await make_client(script).subscriber_counts()).all_subscribers == 2746
    assert len(script.requests) == 4


async def test_network_error_gives_up_as_transport_error(make_client):
    script = Script(httpx.ReadTimeout("slow"))
    with pytest.raises(TransportError) as info:
        await make_client(script, max_retries=1).subscriber_counts()
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert info.value.extra["ambiguous"] is False


async def test_invalid_json_is_retried_as_a_transport_fault(make_client):
    script = Script(httpx.Response(200, text='{"subscribers": {"all"'), ok(COUNTS))
    assert (await make_client(script).subscriber_counts()).all_subscribers == 2746
    script = Script(httpx.Response(200, text="<html>proxy</html>"))
    with pytest.raises(TransportError) as info:
        await make_client(script, max_retries=1).subscriber_counts()
    assert info.value.extra["reason"] == "invalid_json"


async def test_me_with_is_auth_false_means_session_expired(make_client):
    with pytest.raises(SessionExpiredError):
        await make_client(Script(ok({"isAuth": False}))).authenticate()
