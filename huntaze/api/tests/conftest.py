"""Two tenants with one row in every table, and bearer-token helpers."""

from __future__ import annotations

import pytest

from huntaze.accounts.services import membership_set
from huntaze.core.tests.factories import make_member, make_team, make_token_secret, make_user, make_world


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def tenants(db):
    """Teams A and B. ``both`` owns A and manages B, so only a token can tell them apart."""
    owner_a, owner_b, both = make_user("owner_a"), make_user("owner_b"), make_user("both")
    team_a, team_b = make_team("A", owner=owner_a), make_team("B", owner=owner_b)
    membership_set(team=team_a, user=both, role="owner")
    membership_set(team=team_b, user=both, role="manager")
    return {
        "team_a": team_a,
        "team_b": team_b,
        "a": make_world(team_a),
        "b": make_world(team_b),
        "owner_a": owner_a,
        "both": both,
        "chatter_a": make_member(team_a, "chatter"),
    }


@pytest.fixture
def token_a(tenants) -> str:
    """The secret of a token of team A, created by the user who is in both teams."""
    return make_token_secret(tenants["both"], tenants["team_a"])
