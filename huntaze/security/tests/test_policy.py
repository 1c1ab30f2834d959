"""A team's mandatory 2FA: owners set it; members without 2FA are held on the set-up page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from huntaze.api.services import api_token_create
from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError
from huntaze.core.tests.factories import make_member, make_team, make_user
from huntaze.security.exceptions import TwoFactorStateError
from huntaze.security.models import TeamSecurityPolicy
from huntaze.security.selectors import totp_enrolment_get
from huntaze.security.services import team_2fa_require
from huntaze.security.tests.conftest import code_at, enable_2fa, password_step


@pytest.fixture
def strict_team(owner, team):
    enable_2fa(owner)
    team_2fa_require(actor=owner, team_id=team.pk, required=True)
    return team


def test_only_owners_with_2fa_can_require_it_and_changes_are_audited(owner, team):
    with pytest.raises(TwoFactorStateError):
        team_2fa_require(actor=owner, team_id=team.pk, required=True)
    enable_2fa(owner)
    team_2fa_require(actor=owner, team_id=team.pk, required=True)
    team_2fa_require(actor=owner, team_id=team.pk, required=True)  # unchanged: no second event
    team_2fa_require(actor=owner, team_id=team.pk, required=False)
    events = AuditEvent.objects.filter(action="team.two_factor_policy").order_by("id")
    assert [(e.before, e.after) for e in events] == [
        ({"require_2fa": False}, {"require_2fa": True}),
        ({"require_2fa": True}, {"require_2fa": False}),
    ]
    assert {e.team_id for e in events} == {team.pk}


def test_managers_get_403_and_other_teams_404(team):
    manager = make_member(team, "manager")
    enable_2fa(manager)
    with pytest.raises(PermissionDeniedError):
        team_2fa_require(actor=manager, team_id=team.pk, required=True)
    stranger = make_user()
    enable_2fa(stranger)
    make_team("B", owner=stranger)
    with pytest.raises(NotFoundError):
        team_2fa_require(actor=stranger, team_id=team.pk, required=True)
    assert not TeamSecurityPolicy.objects.filter(require_2fa=True).exists()


def test_the_policy_form_on_the_overview(client, owner, team):
    enable_2fa(owner)
    client.force_login(owner)
    html = client.get(reverse("security:index")).content.decode()
    assert f'for="require-2fa-{team.pk}"' in html
    response = client.post(reverse("security:team_policy", args=[team.pk]), {"require_2fa": "on"})
    assert response["Location"] == reverse("security:index")
    assert TeamSecurityPolicy.objects.get(team=team).require_2fa
    client.post(reverse("security:team_policy", args=[team.pk]), {})
    assert not TeamSecurityPolicy.objects.get(team=team).require_2fa


def test_an_owner_without_2fa_gets_a_clear_refusal(client, owner, team):
    client.force_login(owner)
    response = client.post(reverse("security:team_policy", args=[team.pk]), {"require_2fa": "on"})
    assert response.status_code == 422
    assert "Turn on two-factor authentication for yourself" in response.content.decode()


def test_a_member_without_2fa_is_sent_to_the_set_up_and_held_there(strict_team):
    chatter = make_member(strict_team, "chatter")
    client = Client()
    response = password_step(client, chatter.username)
    enrol = reverse("security:totp_enrol")
    assert client.get(response["Location"])["Location"] == enrol
    for url in (
        reverse("web:hub"),
        reverse("fans:list"),
        reverse("security:index"),
        reverse("settings:index"),
    ):
        assert client.get(url)["Location"] == enrol
    htmx = client.get(reverse("web:hub"), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 403
    assert htmx["HX-Redirect"] == enrol
    api = client.get("/api/accounts")
    assert api.status_code == 403
    assert api.json()["code"] == "two_factor_required"
    assert "Your team requires two-factor authentication" in client.get(enrol).content.decode()

    # The set-up itself works, and once done every page opens again.
    assert client.post(reverse("security:totp_start"))["Location"] == enrol
    secret = totp_enrolment_get(user=chatter).secret
    assert client.post(enrol, {"code": code_at(secret)}).status_code == 200
    assert client.get(reverse("web:hub")).status_code == 200
    assert client.get("/api/accounts").status_code == 200


def test_requiring_2fa_applies_to_sessions_already_open(owner, team):
    chatter = make_member(team, "chatter")
    client = Client()
    password_step(client, chatter.username)
    assert client.get(reverse("web:hub")).status_code == 200
    enable_2fa(owner)
    team_2fa_require(actor=owner, team_id=team.pk, required=True)
    assert client.get(reverse("web:hub"))["Location"] == reverse("security:totp_enrol")


def test_members_of_other_teams_are_not_affected(strict_team):
    elsewhere = make_user()
    make_team("Relaxed", owner=elsewhere)
    client = Client()
    password_step(client, elsewhere.username)
    assert client.get(reverse("web:hub")).status_code == 200


def test_api_tokens_keep_working_for_a_member_without_2fa(client, strict_team):
    manager = make_member(strict_team, "manager")
    _, secret = api_token_create(user=manager, team_id=strict_team.pk, name="script")
    response = client.get("/api/accounts", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    # Even with the member's blocked session cookie alongside, the token decides.
    client.force_login(manager)
    assert client.get("/api/accounts", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert client.get("/api/accounts").status_code == 403
