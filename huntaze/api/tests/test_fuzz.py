"""Property-based: whatever query string or body the read and write routes get, never a 5xx.

Hypothesis fuzzes parameters around the real ones (wrong types, huge and negative numbers,
NUL, lone surrogates, deep JSON, unknown keys) against the real routes and database. Errors
must come in the house shape.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huntaze.api.services import api_token_create
from huntaze.api.tests.conftest import bearer

# Routes with ``{id}`` filled from the world (or fuzzed), and the parameters they know.
READS = {
    "/api/onlyfans/chats": ["account_id", "unread", "assigned_to", "cursor", "limit"],
    "/api/onlyfans/chats/{chat}/messages": ["cursor", "limit"],
    "/api/onlyfans/fans": ["account_id", "status", "tag", "sort", "cursor", "limit"],
    "/api/onlyfans/content": ["account_id", "kind", "cursor", "limit"],
    "/api/onlyfans/earnings": ["account_id", "kind", "since", "until", "cursor", "limit"],
    "/api/tokens": [],
    "/api/accounts": [],
}
WRITES = {
    ("put", "/api/onlyfans/fans/{fan}/tags"): ["tags"],
    ("put", "/api/onlyfans/fans/{fan}/notes"): ["notes"],
    ("post", "/api/onlyfans/chats/{chat}/read"): [],
    ("post", "/api/onlyfans/chats/{chat}/assign"): ["user_id"],
    ("post", "/api/tokens"): ["team_id", "name"],
    ("delete", "/api/tokens/{spare_token}"): [],
}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.sampled_from(
        ["active", "vault", "tip", "spend", "last_activity", "2026-05-20T18:00:00+00:00", "", "\x00"]
    ),
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
)
# Query strings are text: no lone surrogates (they cannot be percent-encoded), NUL allowed.
query_text = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=80),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        ["true", "false", "active", "post", "tip", "last_activity", "2026-01-01", "2026-01-01T00:00Z"]
    ),
)


def _check(response) -> None:
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400 and response.get("Content-Type", "").startswith("application/json"):
        assert set(response.json()) == {"code", "message", "extra"}


def _path(template: str, ids: dict[str, int], fuzzed_id: int | None) -> str:
    for key, value in ids.items():
        template = template.replace(f"{{{key}}}", str(fuzzed_id if fuzzed_id is not None else value))
    return template


@pytest.fixture
def world(client, tenants, token_a):
    """Team A's world, a session of its owner and a token; the delete route revokes a spare token."""
    spare, _ = api_token_create(user=tenants["owner_a"], team_id=tenants["team_a"].pk, name="spare")
    client.force_login(tenants["owner_a"])
    a = tenants["a"]
    return {
        "client": client,
        "token": token_a,
        "ids": {"chat": a["chat"].pk, "fan": a["fan"].pk, "spare_token": spare.pk},
    }


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    route=st.sampled_from(sorted(READS)),
    use_token=st.booleans(),
    fuzzed_id=st.none() | st.integers(min_value=0, max_value=2**70),
    params=st.data(),
)
def test_read_routes_never_answer_5xx(world, route, use_token, fuzzed_id, params):
    names = st.sampled_from([*READS[route], "unknown"]) | st.text(max_size=10)
    query = params.draw(st.dictionaries(names, query_text, max_size=5))
    url = _path(route, world["ids"], fuzzed_id)
    headers = bearer(world["token"]) if use_token else {}
    _check(world["client"].get(f"{url}?{urlencode(query)}", headers=headers))


@FUZZ
@given(
    route=st.sampled_from(sorted(WRITES)),
    use_token=st.booleans(),
    fuzzed_id=st.none() | st.integers(min_value=0, max_value=2**70),
    params=st.data(),
)
def test_write_routes_never_answer_5xx(world, route, use_token, fuzzed_id, params):
    method, template = route
    names = st.sampled_from([*WRITES[route], "unknown"]) | st.text(max_size=10)
    body = params.draw(st.dictionaries(names, json_values, max_size=4) | json_values)
    url = _path(template, world["ids"], fuzzed_id)
    headers = bearer(world["token"]) if use_token else {}
    response = getattr(world["client"], method)(
        url, json.dumps(body), content_type="application/json", headers=headers
    )
    _check(response)
