from __future__ import annotations

import logging

import httpx

from huntaze.onlyfans.tests.conftest import SESS, X_BC, Script, load, ok


async def test_requests_are_logged_without_any_secret(make_client, caplog):
    script = Script(httpx.Response(502), ok(load("users_me")))
    with caplog.at_level(logging.DEBUG):
        client = make_client(script)
        me = await client.authenticate()
        logging.getLogger("test").debug("client=%r session=%r me=%r", client, client.session, me)
    text = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert SESS not in text
    assert X_BC not in text
    assert "WS-TOKEN-SECRET" not in text
    lines = [r for r in caplog.records if r.name == "huntaze.onlyfans.http"]
    assert [(r.levelno, r.of_status, r.of_attempt) for r in lines] == [
        (logging.INFO, 502, 1),
        (logging.INFO, 200, 2),
    ]
    assert lines[0].getMessage().startswith("GET /api2/v2/users/me -> 502 in ")
