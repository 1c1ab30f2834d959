"""The activity page and the live stream: tenants, roles, escaping, resume, lifetime."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from huntaze.accounts.choices import Role
from huntaze.core.tests.factories import make_account, make_member, make_team, make_user
from huntaze.events import stream as stream_module
from huntaze.events.choices import EventType
from huntaze.events.services import EventDraft, event_record_many
from huntaze.events.stream import event_stream

pytestmark = pytest.mark.django_db

PAGE = "/onlyfans/activity/"
STREAM = "/onlyfans/activity/stream/"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
HOSTILE = "<script>alert('x')</script>"


def record(account, source: str, kind: str = EventType.NEW_MESSAGE, **payload):
    payload = {"fan_name": "Mia", "text": f"hello {source}", **payload}
    return event_record_many(account_id=account.pk, events=[EventDraft(kind, source, T0, payload)])[0]


def frames(body: str) -> list[dict]:
    """The data of each SSE message, with its id."""
    out = []
    for block in body.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if not line.startswith(":"))
        if "data" in lines:
            out.append({"id": lines["id"], **json.loads(lines["data"])})
    return out


def read_stream(client, **kwargs) -> tuple[int, str]:
    response = client.get(STREAM, **kwargs)
    if not hasattr(response, "streaming_content"):
        return response.status_code, response.content.decode()
    return response.status_code, b"".join(response.streaming_content).decode()


@pytest.fixture
def one_poll(monkeypatch):
    """The stream ends after its first poll (no sleeping in tests)."""
    monkeypatch.setattr(stream_module, "LIFETIME_SECONDS", 0)


# --- the page ---


def test_feed_lists_the_selected_accounts_events_newest_first_escaped(client, owner, account):
    record(account, "1")
    record(account, "2", text=HOSTILE)
    client.force_login(owner)
    response = client.get(PAGE, {"account": account.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert HOSTILE not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert body.index("hello 1") > body.index("Mia wrote")
    assert f'data-stream-url="{STREAM}?account={account.pk}&amp;after=' in body


def test_feed_filters_by_type_and_pages(client, owner, account):
    for n in range(55):
        record(account, str(n))
    record(account, "t", EventType.NEW_TIP, amount_cents=1250)
    client.force_login(owner)
    tips = client.get(PAGE, {"account": account.pk, "type": "new_tip"}).content.decode()
    assert "Mia tipped $12.50." in tips
    assert "hello" not in tips
    first = client.get(PAGE, {"account": account.pk}).content.decode()
    assert first.count('data-event-id="') == 50
    assert 'id="page-next"' in first


def test_feed_refuses_bad_filters_with_a_422(client, owner, account):
    client.force_login(owner)
    assert client.get(PAGE, {"type": "nonsense"}).status_code == 422
    response = client.get(PAGE, {"cursor": "not-a-cursor"})
    assert response.status_code == 422
    assert "This cursor is not valid" in response.content.decode()


def test_feed_never_shows_another_tenants_account(client, account):
    intruder = make_user("intruder")
    own = make_account(make_team("B", owner=intruder))
    record(account, "secret", text="their secret")
    client.force_login(intruder)
    body = client.get(PAGE, {"account": account.pk}).content.decode()  # falls back to their own
    assert "their secret" not in body
    assert f"@{own.username}" in body


def test_a_chatter_sees_only_assigned_accounts(client, team, account, one_poll):
    other = make_account(team)
    record(other, "x", text="not assigned")
    chatter = make_member(team, Role.CHATTER, accounts=[account])
    client.force_login(chatter)
    assert "not assigned" not in client.get(PAGE, {"account": other.pk}).content.decode()
    status, body = read_stream(client, HTTP_LAST_EVENT_ID="0")
    assert status == 200
    assert frames(body) == []


def test_feed_needs_a_login(client):
    assert client.get(PAGE).status_code == 302
    assert client.get(STREAM).status_code == 302


# --- the stream ---


def test_stream_resumes_after_last_event_id_with_the_users_events_only(client, owner, account, one_poll):
    first = record(account, "1")
    second = record(account, "2", text=HOSTILE)
    stranger = make_account(make_team("B"))
    record(stranger, "3")
    client.force_login(owner)
    status, body = read_stream(client, HTTP_LAST_EVENT_ID=str(first.pk))
    assert status == 200
    assert body.startswith("retry: ")
    sent = frames(body)
    assert [(f["id"], f["type"]) for f in sent] == [(second.pk, "new_message")]
    assert sent[0]["summary"] == f"Mia wrote: “{HOSTILE}”"  # JSON text; the page sets it as text only
    assert sent[0]["account_id"] == account.pk


def test_stream_starts_now_without_a_last_event_id(client, owner, account, one_poll):
    record(account, "old")
    client.force_login(owner)
    assert frames(read_stream(client)[1]) == []
    _, body = read_stream(client, data={"after": "0"})
    assert [f["payload"]["text"] for f in frames(body)] == ["hello old"]


def test_stream_of_another_tenants_account_is_a_404(client, account, one_poll):
    intruder = make_user("intruder")
    make_account(make_team("B", owner=intruder))
    client.force_login(intruder)
    assert read_stream(client, data={"account": account.pk})[0] == 404
    assert read_stream(client, data={"account": "abc"})[0] == 404
    record(account, "secret")
    assert frames(read_stream(client, HTTP_LAST_EVENT_ID="0")[1]) == []


def test_stream_refuses_a_malformed_last_event_id(client, owner, one_poll):
    client.force_login(owner)
    assert read_stream(client, HTTP_LAST_EVENT_ID="-1")[0] == 422
    assert read_stream(client, HTTP_LAST_EVENT_ID="1" * 30)[0] == 422


def test_stream_pushes_new_events_beats_and_ends_after_its_lifetime(owner, account, monkeypatch):
    monkeypatch.setattr(stream_module, "LIFETIME_SECONDS", 30)
    now = [0.0]
    sleeps = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 2:
            record(account, "live")  # recorded while the stream sleeps
        now[0] += seconds

    lines = list(event_stream(user=owner, after_id=0, language="en", sleep=sleep, clock=lambda: now[0]))
    body = "".join(lines)
    assert [f["payload"]["text"] for f in frames(body)] == ["hello live"]
    assert frames(body)[0]["type_label"] == "New message"
    assert body.count(": heartbeat") == 1  # one 15 s quiet spell after the event, within 30 s
    assert sum(sleeps) == pytest.approx(30)
