"""A real webhook receiver on 127.0.0.1 and the webhooks' test data."""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from huntaze.events.models import Event
from huntaze.webhooks.services import webhook_create


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """Records every POST; answers each with the next of ``statuses`` (then ``default_status``;
    ``path_status`` first).
    While ``hold`` is clear, requests wait for it (a receiver still working on a POST)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.statuses: deque[int] = deque()
        self.default_status = 200
        self.path_status: dict[str, int] = {}  # a fixed answer for one path (e.g. the operator alert)
        self.hold = threading.Event()
        self.hold.set()
        self.arrived = threading.Event()
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    receiver.received.append(Received(self.path, dict(self.headers.items()), body))
                    if self.path in receiver.path_status:
                        status = receiver.path_status[self.path]
                    else:
                        status = receiver.statuses.popleft() if receiver.statuses else receiver.default_status
                receiver.arrived.set()
                receiver.hold.wait(10)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/huntaze?source=test"

    def delivery_ids(self) -> list[str]:
        return [request.headers["X-Huntaze-Delivery"] for request in self.received]


@pytest.fixture(autouse=True)
def allow_private(settings):
    """The receiver is on loopback: refused by default (SSRF), allowed here as in the demo."""
    settings.HUNTAZE_WEBHOOKS_ALLOW_PRIVATE = True
    return settings


@pytest.fixture
def receiver():
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.hold.set()
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def webhook(owner, team, receiver):
    return webhook_create(
        user=owner, team_id=team.pk, name="CRM", url=receiver.url, event_types=["new_tip", "new_subscriber"]
    )


def _event(account, *, type: str = "new_tip", source_id: str = "tx-1", payload: dict | None = None) -> Event:
    return Event.objects.create(
        account=account,
        type=type,
        source_id=source_id,
        occurred_at=datetime(2026, 5, 20, 18, 0, tzinfo=UTC),
        payload=payload if payload is not None else {"amount_cents": 1500, "fan": {"id": 7, "name": "Sam"}},
    )


@pytest.fixture
def make_event():
    """Events as the sync records them (the log is written by the sync only)."""
    return _event
