"""A local OpenAI-compatible chat-completions server for the LLM engine's tests."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class FakeLlm:
    """Answers with ``content`` (or ``status``, or after ``delay`` seconds); keeps the requests."""

    content: str = ""
    status: int = 200
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""

    def answer_with(self, suggestions: list[dict[str, Any]]) -> None:
        self.content = "Here you go:\n```json\n" + json.dumps({"suggestions": suggestions}) + "\n```"

    async def completions(self, request: Request) -> Response:
        self.requests.append({"headers": dict(request.headers), "body": await request.json()})
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status != 200:
            return JSONResponse({"error": {"message": "boom"}}, status_code=self.status)
        return JSONResponse(
            {
                "id": "cmpl-1",
                "object": "chat.completion",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": self.content}}],
            }
        )


@contextmanager
def fake_llm_server() -> Iterator[FakeLlm]:
    fake = FakeLlm()
    app = Starlette(routes=[Route("/v1/chat/completions", fake.completions, methods=["POST"])])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    fake.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()
