"""Connect and disconnect routes: session material checked with OnlyFans (the simulator), stored
encrypted, wiped on disconnect; owners and managers only; never echoed back."""

from __future__ import annotations

import pytest

from huntaze.accounts.choices import AccountStatus
from huntaze.accounts.models import OnlyFansAccount
from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_account, make_member, make_team, make_world
from huntaze.fans.models import Fan
from huntaze.inbox.models import Chat
from huntaze.simulator.server import SIM_AUTH_ID, SIM_SESSION


def _connect(client, team_id, session):
    return client.post(
        "/api/onlyfans/auth/connect",
        {"team_id": team_id, "session": session},
        content_type="application/json",
    )


def test_connect_checks_the_session_and_stores_it_encrypted(client, owner, team, sim_settings):
    client.force_login(owner)
    response = _connect(client, team.pk, SIM_SESSION)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["onlyfans_user_id"], body["has_session"], body["status"]) == (SIM_AUTH_ID, True, "active")
    for secret in (SIM_SESSION["sess"], SIM_SESSION["x_bc"]):
        assert secret not in response.content.decode()
    assert SIM_SESSION["sess"].encode() not in bytes(OnlyFansAccount.objects.get().session_ciphertext)
    assert AuditEvent.objects.filter(action="account.connect", account_id=body["id"]).exists()


def test_connect_refuses_a_bad_session_chatters_and_foreign_teams(client, owner, team, sim_settings):
    client.force_login(owner)
    refused = _connect(client, team.pk, {**SIM_SESSION, "sess": "expired-session"})
    assert (refused.status_code, refused.json()["code"]) == (409, "onlyfans_session_expired")
    assert _connect(client, team.pk, {**SIM_SESSION, "sess": ""}).status_code == 422
    assert _connect(client, make_team("B").pk, SIM_SESSION).status_code == 404
    client.force_login(make_member(team, "chatter"))
    assert _connect(client, team.pk, SIM_SESSION).status_code == 403
    assert not OnlyFansAccount.objects.exists()


def test_disconnect_wipes_the_session_and_keeps_the_data(client, owner, team):
    world = make_world(team)
    client.force_login(owner)
    body = {"account_id": world["account"].pk}
    response = client.post("/api/onlyfans/auth/disconnect", body, content_type="application/json")
    assert response.json() == {
        "account_id": world["account"].pk,
        "status": "disconnected",
        "data_deleted": False,
    }
    account = OnlyFansAccount.objects.get(pk=world["account"].pk)
    assert (account.status, account.has_session) == (AccountStatus.DISCONNECTED, False)
    assert Fan.objects.filter(account=account).exists()
    assert AuditEvent.objects.filter(action="account.disconnect", account_id=account.pk).count() == 1


def test_disconnect_can_delete_the_data(client, owner, team):
    world = make_world(team)
    client.force_login(owner)
    body = {"account_id": world["account"].pk, "delete_data": True}
    response = client.post("/api/onlyfans/auth/disconnect", body, content_type="application/json")
    assert response.json()["data_deleted"] is True
    assert not OnlyFansAccount.objects.filter(pk=world["account"].pk).exists()
    assert not Chat.objects.filter(account_id=world["account"].pk).exists()
    assert AuditEvent.objects.filter(action="account.disconnect", account_id=world["account"].pk).exists()


@pytest.mark.parametrize("delete_data", ["true", 1, "yes"])
def test_deleting_data_needs_a_json_true(client, owner, account, delete_data):
    client.force_login(owner)
    body = {"account_id": account.pk, "delete_data": delete_data}
    assert (
        client.post("/api/onlyfans/auth/disconnect", body, content_type="application/json").status_code == 422
    )
    assert OnlyFansAccount.objects.filter(pk=account.pk).exists()


def test_disconnect_is_for_owners_and_managers_of_the_team(client, team, account):
    client.force_login(make_member(team, "chatter", accounts=[account]))
    body = {"account_id": account.pk}
    assert (
        client.post("/api/onlyfans/auth/disconnect", body, content_type="application/json").status_code == 403
    )
    client.force_login(make_member(make_team("B"), "owner"))
    assert (
        client.post("/api/onlyfans/auth/disconnect", body, content_type="application/json").status_code == 404
    )
    assert OnlyFansAccount.objects.get(pk=account.pk).status == AccountStatus.ACTIVE
    assert make_account(team).status == AccountStatus.ACTIVE
