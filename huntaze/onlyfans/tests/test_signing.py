"""Signing vectors worked out by hand, and the headers ``OnlyFansAuth`` sets (spec §1).

Each vector below was computed in a scratch shell with ``hashlib.sha1`` directly, not with
``sign()``: msg = static_param + "\\n" + time + "\\n" + path + "\\n" + user_id.
"""

from __future__ import annotations

import httpx

from huntaze.onlyfans import APP_TOKEN, OnlyFansAuth, RulesProvider, rules_parse, sign
from huntaze.onlyfans.tests.conftest import FIXED_TIME_MS, ME_ID, SESS, USER_AGENT, X_BC, load, make_session

# Vector 1 — layout A ("format": "29714:{}:{:x}:68301a2f"), /users/me, user 412345678, t=1748000000123
#   sha1 = 101828ffa389d55362b2087a859a630dd412fd9a
#   h[i] for the 32 indexes = "18f3d53b28785a630dd412fd9a0128fa"
#   ASCII sum = 49+56+102+51+100+53+51+98+50+56+55+56+53+97+54+51+48+100+100+52+49+50+102+100+57+97
#               +48+49+50+56+102+97 = 2189; 2189 + (-1712) = 477 = 0x1dd
VECTOR_A = "29714:101828ffa389d55362b2087a859a630dd412fd9a:1dd:68301a2f"

# Vector 2 — layout B, deviint spelling (start/end), a messages page with a query, t=1748000001000
#   path = /api2/v2/chats/98765432/messages?limit=50&order=desc&skip_users=all&id=8099903898601
#   sha1 = c0ceba94ec57f9fc264b2d289834d8d5265e05ea
#   h[i] = "aa7688eac0ceb94ec5f9fc24b2d29834" (index 5 twice: repeats are allowed)
#   ASCII sum = 97+97+55+54+56+56+101+97+99+48+99+101+98+57+52+101+99+53+102+57+102+99+50+52+98+50
#               +100+50+57+56+51+52 = 2396; 2396 + 203 = 2599 = 0xa27
VECTOR_B_DEVIINT = "32139:c0ceba94ec57f9fc264b2d289834d8d5265e05ea:a27:683d7b01"
MESSAGES_PATH = "/api2/v2/chats/98765432/messages?limit=50&order=desc&skip_users=all&id=8099903898601"

# Vector 3 — layout B, SneakyOvis spelling (prefix/suffix, "app-token"), logged out (user 0),
#   t=1748000002500, path = /api2/v2/payouts/transactions?limit=100&startDate=2026-05-01+00%3A00%3A00
#   sha1 = 134115a250bc747f8caa9aaca28c967e80e297b4
#   h[i] = "4b792e08e769c82acaa9aac8f747cb05"
#   ASCII sum = 52+98+55+57+50+101+48+56+101+55+54+57+99+56+50+97+99+97+97+57+97+97+99+56+102+55
#               +52+55+99+98+48+53 = 2347; 2347 + (-5000) = -2653 -> abs -> 2653 = 0xa5d
VECTOR_B_SNEAKY = "27001:134115a250bc747f8caa9aaca28c967e80e297b4:a5d:6833bc10"


def test_sign_layout_a_format_string():
    assert sign(load("rules_layout_a"), "/api2/v2/users/me", 412345678, 1748000000123) == VECTOR_A


def test_sign_layout_b_deviint_start_end():
    assert sign(load("rules_deviint"), MESSAGES_PATH, 412345678, "1748000001000") == VECTOR_B_DEVIINT


def test_sign_layout_b_sneakyovis_prefix_suffix_with_negative_checksum():
    path = "/api2/v2/payouts/transactions?limit=100&startDate=2026-05-01+00%3A00%3A00"
    assert sign(load("rules_sneaky"), path, 0, 1748000002500) == VECTOR_B_SNEAKY


def test_rules_parse_reads_app_token_in_both_spellings():
    assert rules_parse(load("rules_sneaky")).app_token == APP_TOKEN
    assert rules_parse(load("rules_deviint")).app_token == APP_TOKEN


async def _signed(rules_name: str, url: str) -> httpx.Request:
    auth = OnlyFansAuth(make_session(), RulesProvider(static=load(rules_name)), time_ms=lambda: FIXED_TIME_MS)
    flow = auth.async_auth_flow(httpx.Request("GET", url, headers={"cookie": "__cf_bm=cf1"}))
    return await flow.__anext__()


async def test_auth_sets_every_header_and_signs_the_path_with_query_as_sent():
    request = await _signed("rules_deviint", "https://onlyfans.com" + MESSAGES_PATH)
    headers = request.headers
    assert headers["sign"] == VECTOR_B_DEVIINT
    assert headers["time"] == str(FIXED_TIME_MS)
    assert headers["user-id"] == str(ME_ID)
    assert headers["x-bc"] == X_BC
    assert headers["user-agent"] == USER_AGENT
    assert headers["app-token"] == APP_TOKEN
    assert headers["accept"] == "application/json, text/plain, */*"
    assert headers["referer"] == "https://onlyfans.com/"
    assert headers["x-of-rev"] == "202605200901-0a1b2c3d4e"
    assert headers["cookie"] == f"sess={SESS}; auth_id={ME_ID}; fp=fp-0042; __cf_bm=cf1"


async def test_auth_drops_headers_listed_in_remove_headers():
    request = await _signed("rules_layout_a", "https://onlyfans.com/api2/v2/users/me")
    assert "user-id" not in request.headers
    assert request.headers["sign"].startswith("29714:")


async def test_auth_falls_back_to_the_web_app_token_when_rules_have_none():
    rules = {k: v for k, v in load("rules_deviint").items() if k != "app_token"}
    auth = OnlyFansAuth(make_session(), RulesProvider(static=rules))
    request = await auth.async_auth_flow(
        httpx.Request("GET", "https://onlyfans.com/api2/v2/init")
    ).__anext__()
    assert request.headers["app-token"] == APP_TOKEN
