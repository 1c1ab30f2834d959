"""Settings pages for connected accounts: the guided connect form against the simulator, re-auth,
disconnect, per-account preferences, the team switcher; roles enforced, secrets never echoed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from huntaze.accounts.choices import AccountStatus
from huntaze.accounts.connector import client_options
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.services import account_status_set, membership_set
from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_account, make_member, make_team, make_user, make_world
from huntaze.fans.models import Fan
from huntaze.simulator.server import SIM_AUTH_ID, SIM_SESSION
from huntaze.web.selection import TEAM_SESSION_KEY

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
SECRETS = (SIM_SESSION["sess"], SIM_SESSION["x_bc"])


def _connect(client, team, **session):
    return client.post(reverse("settings:connect"), {"team": team.pk, **SIM_SESSION, **session})


def _assert_no_secret(response, secrets=SECRETS):
    html = response.content.decode()
    for secret in secrets:
        assert secret not in html


def test_connect_page_guides_the_creator_through_each_value(client, owner, team):
    client.force_login(owner)
    response = client.get(reverse("settings:connect"), {"team": team.pk})
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("sess", "auth_id", "x_bc", "user_agent"):
        assert f'for="id_{field}"' in html
        assert f'aria-describedby="id_{field}_helptext' in html
    assert "Application (Chrome, Edge)" in html
    assert "x-bc" in html
    assert 'type="password" name="sess"' in html
    assert 'type="password" name="x_bc"' in html


def test_connect_checks_the_session_with_onlyfans_then_lists_the_account(client, owner, team, sim_settings):
    client.force_login(owner)
    response = _connect(client, team)
    assert response.status_code == 302, response.content.decode()
    account = OnlyFansAccount.objects.get(team=team)
    assert (account.onlyfans_user_id, account.status, account.has_session) == (SIM_AUTH_ID, "active", True)
    assert AuditEvent.objects.filter(
        action="account.connect", account_id=account.pk, actor_id=owner.pk
    ).exists()
    page = client.get(response["Location"])
    assert f"@{account.username}" in page.content.decode()
    _assert_no_secret(page)


def test_connect_accepts_a_whole_cookie_header(client, owner, team, sim_settings):
    client.force_login(owner)
    cookie = f"Cookie: fp=abc; sess={SIM_SESSION['sess']}; auth_id={SIM_SESSION['auth_id']}"
    assert _connect(client, team, sess=cookie, auth_id="").status_code == 302
    assert OnlyFansAccount.objects.filter(team=team, onlyfans_user_id=SIM_AUTH_ID).exists()


def test_an_expired_session_is_explained_and_the_secrets_are_not_echoed(client, owner, team, sim_settings):
    client.force_login(owner)
    response = _connect(client, team, sess="expired-" + SIM_SESSION["sess"])
    assert response.status_code == 409
    html = response.content.decode()
    assert "did not accept this session" in html
    assert SIM_SESSION["user_agent"] in html
    assert SIM_SESSION["auth_id"] in html
    _assert_no_secret(response, (*SECRETS, "expired-" + SIM_SESSION["sess"]))
    assert not OnlyFansAccount.objects.exists()


def test_a_pending_two_factor_check_is_explained(client, owner, team, simulator, sim_settings):
    simulator.control.require_otp(True)
    client.force_login(owner)
    response = _connect(client, team)
    assert response.status_code == 409
    assert "two-factor" in response.content.decode()
    _assert_no_secret(response)
    assert not OnlyFansAccount.objects.exists()


def test_onlyfans_out_of_reach_is_explained(client, owner, team, sim_settings, monkeypatch):
    sim_settings.ONLYFANS_BASE_URL = "http://127.0.0.1:9/api2/v2"  # discard port: nothing listens
    fast = client_options().__class__(base_url=sim_settings.ONLYFANS_BASE_URL, backoff_base=0.01)
    monkeypatch.setattr("huntaze.accounts.connector.client_options", lambda: fast)
    client.force_login(owner)
    response = _connect(client, team)
    assert response.status_code == 502
    assert "could not reach OnlyFans" in response.content.decode()
    _assert_no_secret(response)
    assert not OnlyFansAccount.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"x_bc": ""}, "x_bc"), ({"auth_id": "12ab"}, "auth_id"), ({"sess": "fp=1; auth_id=3"}, "sess")],
)
def test_incomplete_input_is_a_422_on_its_field_without_calling_onlyfans(client, owner, team, change, field):
    client.force_login(owner)
    response = _connect(client, team, **change)
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.content.decode()
    _assert_no_secret(response)
    assert not OnlyFansAccount.objects.exists()


def test_chatters_cannot_connect_and_other_teams_are_not_found(client, team, account):
    client.force_login(make_member(team, "chatter", accounts=[account]))
    assert client.get(reverse("settings:connect"), {"team": team.pk}).status_code == 403
    assert _connect(client, team).status_code == 403
    client.force_login(make_member(make_team("B"), "owner"))
    assert _connect(client, team).status_code == 404
    assert OnlyFansAccount.objects.count() == 1


def test_reauth_renews_an_expired_session(client, owner, team, sim_settings):
    account = make_account(team, onlyfans_user_id=SIM_AUTH_ID, session={**SIM_SESSION, "sess": "old"})
    account_status_set(account=account, status=AccountStatus.NEEDS_REAUTH, reason="401")
    client.force_login(owner)
    index = client.get(reverse("settings:index")).content.decode()
    assert reverse("settings:reauth", args=[account.pk]) in index
    response = client.post(reverse("settings:reauth", args=[account.pk]), SIM_SESSION)
    assert response.status_code == 302, response.content.decode()
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE
    assert AuditEvent.objects.filter(action="account.session_set", account_id=account.pk).exists()


def test_reauth_refuses_another_accounts_session(client, owner, team, sim_settings):
    account = make_account(team)
    client.force_login(owner)
    response = client.post(reverse("settings:reauth", args=[account.pk]), SIM_SESSION)
    assert response.status_code == 422
    assert "another OnlyFans account" in response.content.decode()
    _assert_no_secret(response)
    assert OnlyFansAccount.objects.count() == 1


def test_disconnect_asks_then_keeps_the_data(client, owner, team):
    world = make_world(team)
    account = world["account"]
    client.force_login(owner)
    url = reverse("settings:disconnect", args=[account.pk])
    assert "Keep it" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 422  # no choice made: nothing happens
    assert OnlyFansAccount.objects.get(pk=account.pk).status == AccountStatus.ACTIVE
    assert client.post(url, {"synced_data": "keep"}).status_code == 302
    account.refresh_from_db()
    assert (account.status, account.has_session) == (AccountStatus.DISCONNECTED, False)
    assert Fan.objects.filter(account=account).exists()


def test_disconnect_can_delete_the_data(client, owner, team):
    account = make_world(team)["account"]
    client.force_login(owner)
    response = client.post(reverse("settings:disconnect", args=[account.pk]), {"synced_data": "delete"})
    assert response.status_code == 302
    assert not OnlyFansAccount.objects.filter(pk=account.pk).exists()
    assert not Fan.objects.filter(account_id=account.pk).exists()


def test_chatters_cannot_disconnect_and_other_teams_accounts_are_not_found(client, team, account):
    client.force_login(make_member(team, "chatter", accounts=[account]))
    url = reverse("settings:disconnect", args=[account.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"synced_data": "delete"}).status_code == 403
    client.force_login(make_member(make_team("B"), "owner"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"synced_data": "delete"}).status_code == 404
    assert client.post(reverse("settings:reauth", args=[account.pk]), SIM_SESSION).status_code == 404
    assert OnlyFansAccount.objects.get(pk=account.pk).status == AccountStatus.ACTIVE


def _preferences(client, account, htmx=False, **values):
    data = {"preset_slug": "fitness", "timezone": "Europe/Paris", "suggestion_engine": "local", **values}
    body = {f"account-{account.pk}-{key}": value for key, value in data.items()}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("settings:account_preferences", args=[account.pk]), body, **headers)


def test_preferences_set_the_preset_timezone_and_engine_and_are_audited(client, owner, account):
    client.force_login(owner)
    assert _preferences(client, account).status_code == 302
    account.refresh_from_db()
    assert (account.preset_slug, account.timezone, account.suggestion_engine) == (
        "fitness",
        "Europe/Paris",
        "local",
    )
    event = AuditEvent.objects.get(action="account.preferences_set", account_id=account.pk)
    assert (event.before["preset_slug"], event.after["preset_slug"]) == ("", "fitness")
    response = _preferences(client, account, htmx=True, preset_slug="gamer", suggestion_engine="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved." in html
    assert "<html" not in html
    account.refresh_from_db()
    assert (account.preset_slug, account.suggestion_engine) == ("gamer", "")


def test_the_settings_page_describes_every_preset(client, owner, account):
    client.force_login(owner)
    html = client.get(reverse("settings:index")).content.decode()
    assert html.count("<dt>") >= 11
    assert "Girlfriend experience" in html
    assert "Couple" in html
    assert 'id="preset-summaries"' in html


@pytest.mark.parametrize(
    "bad", [{"timezone": "Mars/Olympus"}, {"preset_slug": "nope"}, {"suggestion_engine": "gpt"}]
)
def test_bad_preferences_are_a_422_and_change_nothing(client, owner, account, bad):
    client.force_login(owner)
    response = _preferences(client, account, **bad)
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()
    account.refresh_from_db()
    assert (account.preset_slug, account.timezone) == ("", "UTC")
    assert not AuditEvent.objects.filter(action="account.preferences_set").exists()


def test_managers_change_preferences_chatters_cannot(client, team, account):
    client.force_login(make_member(team, "manager"))
    assert _preferences(client, account).status_code == 302
    chatter = make_member(team, "chatter", accounts=[account])
    client.force_login(chatter)
    assert _preferences(client, account, timezone="UTC").status_code == 403
    assert _preferences(client, account, htmx=True, timezone="UTC").status_code == 403
    account.refresh_from_db()
    assert account.timezone == "Europe/Paris"
    page = client.get(reverse("settings:index")).content.decode()
    assert "@luna_creates" in page
    assert reverse("settings:account_preferences", args=[account.pk]) not in page
    assert reverse("settings:connect") not in page
    assert reverse("settings:members") not in page


def test_chatters_see_only_their_assigned_accounts(client, team, account):
    other = make_account(team, username="not_assigned")
    client.force_login(make_member(team, "chatter", accounts=[account]))
    html = client.get(reverse("settings:index")).content.decode()
    assert "@luna_creates" in html
    assert other.username not in html


def test_team_switcher_changes_the_team_and_never_reaches_a_foreign_one(client, owner, team, account):
    second = make_team("Second agency", owner=owner)
    other = make_account(second, username="second_creator")
    foreign = make_account(make_team("Foreign"), username="foreign_creator")
    client.force_login(owner)

    def cards(**query):
        html = client.get(reverse("settings:index"), query).content.decode()
        assert 'id="team-switch"' in html
        return {a.pk for a in (account, other, foreign) if f'data-account="{a.pk}"' in html}

    assert cards() == {account.pk}
    assert cards(team=second.pk) == {other.pk}
    assert client.session[TEAM_SESSION_KEY] == second.pk
    assert cards() == {other.pk}  # remembered
    assert cards(team=foreign.team_id) == {other.pk}  # a foreign team is never chosen
    assert client.session[TEAM_SESSION_KEY] == second.pk


def test_account_names_from_onlyfans_are_escaped(client, owner, team):
    account = make_account(team, username="x", display_name=HOSTILE)
    account_status_set(account=account, status=AccountStatus.NEEDS_REAUTH, reason=HOSTILE)
    client.force_login(owner)
    for url in (
        reverse("settings:index"),
        reverse("settings:disconnect", args=[account.pk]),
        reverse("settings:reauth", args=[account.pk]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(reverse("settings:index")).content.decode()


def test_settings_page_costs_a_fixed_number_of_queries(client, owner, team, django_assert_max_num_queries):
    for _ in range(8):
        make_account(team)
    client.force_login(owner)
    client.get(reverse("settings:index"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("settings:index"))
    assert response.status_code == 200


def test_posts_need_the_csrf_token(owner, account):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(
        reverse("settings:account_preferences", args=[account.pk]),
        {f"account-{account.pk}-timezone": "Europe/Paris"},
    )
    assert response.status_code == 403
    account.refresh_from_db()
    assert account.timezone == "UTC"


def test_a_user_in_no_team_gets_an_empty_state(client, db):
    client.force_login(make_user())
    response = client.get(reverse("settings:index"))
    assert response.status_code == 200
    assert "not a member of any team" in response.content.decode()


def test_owners_of_two_teams_act_on_the_posted_team(client, owner, team, sim_settings):
    manager_team = make_team("Managed")
    membership_set(team=manager_team, user=owner, role="manager")
    client.force_login(owner)
    assert _connect(client, manager_team).status_code == 302
    assert OnlyFansAccount.objects.get().team_id == manager_team.pk
