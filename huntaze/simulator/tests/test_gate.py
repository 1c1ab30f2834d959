"""Signing, session and rate limiting in front of /api2/v2."""

from __future__ import annotations

import time

import httpx

from huntaze.onlyfans.signing import rules_parse, sign
from huntaze.simulator.server import SIM_AUTH_ID, SimulatorConfig, run_in_thread
from huntaze.simulator.tests.conftest import Api

STALE = {"error": {"code": 401, "message": "Please refresh the page"}}
DENIED = {"error": {"code": 401, "message": "Access denied."}}


def test_signed_request_is_accepted(api: Api) -> None:
    me = api.ok("/users/me")
    assert me["id"] == SIM_AUTH_ID
    assert me["isPerformer"] is True
    assert me["username"] == "luna_creates"


def test_wrong_signature_is_refused_as_stale_rules(api: Api) -> None:
    good = api.get("/users/me")
    assert good.status_code == 200
    response = api.request("GET", "/users/me", signature="1:" + "0" * 40 + ":abc:ffff")
    assert response.status_code == 400
    assert response.json() == STALE


def test_signature_covers_the_query_exactly_as_sent(api: Api) -> None:
    stamp = str(int(time.time() * 1000))
    signed_other_order = sign(api.rules, "/api2/v2/chats?offset=0&limit=5", SIM_AUTH_ID, stamp)
    response = api.request("GET", "/chats?limit=5&offset=0", time_ms=int(stamp), signature=signed_other_order)
    assert response.status_code == 400


def test_missing_sign_or_skewed_time_is_refused(api: Api) -> None:
    no_sign = api.request("GET", "/users/me", headers={"sign": ""})
    assert no_sign.status_code == 400
    assert no_sign.json() == STALE
    old = api.request("GET", "/users/me", time_ms=int(time.time() * 1000) - 6 * 60 * 1000)
    assert old.status_code == 400
    assert old.json() == STALE


def test_rotated_rules_turn_cached_rules_stale_until_refetched(api: Api) -> None:
    cached = api.rules
    new_rules = api.sim.control.rotate_rules()
    assert rules_parse(new_rules) != rules_parse(cached)
    assert api.request("GET", "/users/me").json() == STALE
    api.rules = httpx.get(api.sim.rules_url).json()
    assert api.get("/users/me").status_code == 200
    layout_a = httpx.get(api.sim.rules_url, params={"layout": "A"}).json()
    assert "format" in layout_a
    assert "prefix" not in layout_a
    assert api.request("GET", "/users/me", rules=layout_a).status_code == 200


def test_wrong_cookie_or_user_agent_or_x_bc_is_access_denied(api: Api) -> None:
    for headers in (
        {"cookie": f"sess=stolen; auth_id={SIM_AUTH_ID}"},
        {"cookie": "sess=x"},
        {"user-agent": "curl/8.0"},
        {"x-bc": "other-device"},
    ):
        response = api.request("GET", "/chats", headers=headers)
        assert response.status_code == 401, headers
        assert response.json() == DENIED


def test_users_me_without_any_session_cookie_says_not_logged_in(api: Api) -> None:
    response = api.request("GET", "/users/me", headers={"cookie": ""})
    assert response.status_code == 200
    assert response.json() == {"isAuth": False}


def test_session_expires_now_or_after_n_more_requests(api: Api) -> None:
    api.sim.control.expire_session(after=2)
    assert [api.get("/users/me").status_code for _ in range(3)] == [200, 200, 401]
    api.sim.control.reset_session()
    assert api.get("/users/me").status_code == 200
    api.sim.control.expire_session()
    assert api.get("/users/me").json() == DENIED


def test_two_factor_mode_answers_code_101_with_otp_state(api: Api) -> None:
    api.sim.control.require_otp()
    response = api.get("/chats")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == 101
    assert "otpState" in error["payload"]


def test_token_bucket_answers_429_with_retry_after() -> None:
    with run_in_thread(SimulatorConfig(rate_limit=(0.5, 3))) as sim:
        api = Api(sim)
        statuses = [api.get("/users/me") for _ in range(4)]
        assert [r.status_code for r in statuses] == [200, 200, 200, 429]
        assert int(statuses[-1].headers["retry-after"]) >= 1
        sim.control.rate_limit(0.5, 1, retry_after=False)
        api.get("/users/me")
        limited = api.get("/users/me")
        assert limited.status_code == 429
        assert "retry-after" not in limited.headers
        sim.control.rate_limit(None)
        assert all(api.get("/users/me").status_code == 200 for _ in range(5))
        api.close()


def test_unknown_api_path_is_404_with_error_body(api: Api) -> None:
    response = api.get("/no/such/thing")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Not found"
