"""Tenant isolation: nobody sees another team's data, chatters see only assigned accounts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from huntaze.accounts.access import accessible_accounts, require_team_role
from huntaze.accounts.selectors import account_get, account_list
from huntaze.accounts.services import membership_set
from huntaze.audit.selectors import audit_event_list
from huntaze.content.selectors import content_get, content_list
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError
from huntaze.core.tests.factories import make_member, make_team, make_world
from huntaze.earnings.selectors import earnings_entry_get, earnings_list, stats_snapshot_list
from huntaze.fans.selectors import fan_get, fan_list
from huntaze.fans.services import fan_notes_set, fan_tags_set
from huntaze.inbox.selectors import (
    chat_get,
    chat_list,
    message_get,
    message_list,
    outbound_get,
    suggestion_get,
)
from huntaze.sync.selectors import sync_run_get, sync_state_list

# Every "get one" service: (callable, key of the object in make_world, keyword name).
GETTERS = [
    (account_get, "account", "account_id"),
    (fan_get, "fan", "fan_id"),
    (chat_get, "chat", "chat_id"),
    (message_get, "message", "message_id"),
    (message_list, "chat", "chat_id"),
    (suggestion_get, "suggestion", "suggestion_id"),
    (outbound_get, "outbound", "outbound_id"),
    (content_get, "content", "content_id"),
    (earnings_entry_get, "entry", "entry_id"),
    (sync_run_get, "run", "run_id"),
]
# Every list service and the world object whose pk must (not) appear in it.
LISTS = [
    (account_list, "account"),
    (fan_list, "fan"),
    (chat_list, "chat"),
    (content_list, "content"),
    (earnings_list, "entry"),
    (stats_snapshot_list, "snapshot"),
    (sync_state_list, "state"),
]
WRITES = [
    (lambda user, world: fan_tags_set(user=user, fan_id=world["fan"].pk, tags=["vip"])),
    (lambda user, world: fan_notes_set(user=user, fan_id=world["fan"].pk, notes="x")),
]


@pytest.fixture
def two_teams(db):
    team_a, team_b = make_team("A"), make_team("B")
    world_a, world_b = make_world(team_a), make_world(team_b)
    chatter_a = make_member(team_a, "chatter", accounts=[world_a["account"]])
    return {"team_a": team_a, "team_b": team_b, "a": world_a, "b": world_b, "chatter_a": chatter_a}


@pytest.mark.parametrize(("getter", "key", "kwarg"), GETTERS, ids=[g[0].__name__ for g in GETTERS])
def test_chatter_of_team_a_gets_not_found_for_team_b_objects(two_teams, getter, key, kwarg):
    chatter = two_teams["chatter_a"]
    own = two_teams["a"][key]
    assert getter(user=chatter, **{kwarg: own.pk}) is not None
    with pytest.raises(NotFoundError):
        getter(user=chatter, **{kwarg: two_teams["b"][key].pk})


@pytest.mark.parametrize(("lister", "key"), LISTS, ids=[item[0].__name__ for item in LISTS])
def test_lists_show_only_accessible_rows(two_teams, lister, key):
    rows = set(lister(user=two_teams["chatter_a"]).values_list("pk", flat=True))
    assert two_teams["a"][key].pk in rows
    assert two_teams["b"][key].pk not in rows


@pytest.mark.parametrize("write", WRITES)
def test_writes_to_another_team_are_not_found_and_change_nothing(two_teams, write):
    fan_b = two_teams["b"]["fan"]
    with pytest.raises(NotFoundError):
        write(two_teams["chatter_a"], two_teams["b"])
    fan_b.refresh_from_db()
    assert fan_b.notes == ""
    assert not fan_b.tags.exists()


def test_chatter_sees_only_assigned_accounts_of_their_team(two_teams):
    team_a = two_teams["team_a"]
    other_world = make_world(team_a)
    chatter = two_teams["chatter_a"]
    assert list(accessible_accounts(chatter)) == [two_teams["a"]["account"]]
    with pytest.raises(NotFoundError):
        fan_get(user=chatter, fan_id=other_world["fan"].pk)
    manager = make_member(team_a, "manager")
    assert set(accessible_accounts(manager)) == {two_teams["a"]["account"], other_world["account"]}


def test_chatter_assignment_in_another_team_grants_nothing(two_teams):
    chatter = two_teams["chatter_a"]
    # A membership in team B as chatter with no assignment shows nothing of B.
    membership_set(team=two_teams["team_b"], user=chatter, role="chatter")
    assert two_teams["b"]["account"] not in accessible_accounts(chatter)


def test_anonymous_and_inactive_users_see_nothing(two_teams):
    assert not accessible_accounts(AnonymousUser()).exists()
    chatter = two_teams["chatter_a"]
    chatter.is_active = False
    chatter.save()
    assert not accessible_accounts(chatter).exists()


def test_audit_log_is_for_owners_of_the_team_only(two_teams):
    owner_a = two_teams["team_a"].memberships.get(role="owner").user
    team_ids = set(audit_event_list(user=owner_a).values_list("team_id", flat=True))
    assert team_ids == {two_teams["team_a"].pk}
    assert not audit_event_list(user=two_teams["chatter_a"]).exists()


def test_require_team_role_hides_foreign_teams_and_refuses_small_roles(two_teams):
    chatter = two_teams["chatter_a"]
    with pytest.raises(NotFoundError):
        require_team_role(chatter, team_id=two_teams["team_b"].pk, roles=("owner",))
    with pytest.raises(PermissionDeniedError):
        require_team_role(chatter, team_id=two_teams["team_a"].pk, roles=("owner", "manager"))
