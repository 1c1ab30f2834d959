"""Settings pages for the team: members and roles (owners), API tokens (owners and managers) and
one's own password. Roles are checked by the services: a page hidden from a chatter is also a 403."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from huntaze.accounts.models import Membership
from huntaze.api.models import ApiToken
from huntaze.api.services import api_token_create
from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_account, make_member, make_team, make_user

HTMX = {"HTTP_HX_REQUEST": "true"}


def _membership(team, user):
    return Membership.objects.get(team=team, user=user)


def _role(client, membership, role, **headers):
    url = reverse("settings:member_role", args=[membership.pk])
    return client.post(url, {f"member-{membership.pk}-role": role}, **headers)


# --- members ---


def test_owner_sees_members_with_roles_and_assigned_accounts(client, owner, team, account):
    chatter = make_member(team, "chatter", accounts=[account])
    client.force_login(owner)
    response = client.get(reverse("settings:members"))
    assert response.status_code == 200
    html = response.content.decode()
    membership = _membership(team, chatter)
    assert chatter.get_username() in html
    assert f'id="member-{membership.pk}"' in html
    assert f'value="{account.pk}" id="id_member-{membership.pk}-accounts_0" checked>' in html


def test_managers_and_chatters_get_a_403_on_member_pages_and_actions(client, owner, team, account):
    target = _membership(team, make_member(team, "chatter"))
    for role in ("manager", "chatter"):
        client.force_login(make_member(team, role, accounts=[account] if role == "chatter" else ()))
        assert client.get(reverse("settings:members")).status_code == 403
        assert _role(client, target, "owner").status_code == 403
        assert client.post(reverse("settings:member_remove", args=[target.pk])).status_code == 403
        body = {"create-team": team.pk, "create-username": "intruder", "create-role": "owner"}
        assert client.post(reverse("settings:member_create"), body).status_code == 403
    target.refresh_from_db()
    assert target.role == "chatter"
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_another_teams_members_are_not_found(client, team):
    foreign = make_team("B")
    target = _membership(foreign, make_member(foreign, "chatter"))
    client.force_login(Membership.objects.get(team=team, role="owner").user)
    assert _role(client, target, "owner").status_code == 404
    assert client.get(reverse("settings:member_remove", args=[target.pk])).status_code == 404
    assert client.post(reverse("settings:member_remove", args=[target.pk])).status_code == 404
    body = {"add-team": foreign.pk, "add-username": "owner", "add-role": "owner"}
    assert client.post(reverse("settings:member_add"), body).status_code == 404
    target.refresh_from_db()
    assert target.role == "chatter"


def test_role_change_is_audited_and_answers_the_row_to_htmx(client, owner, team):
    member = make_member(team, "chatter")
    membership = _membership(team, member)
    client.force_login(owner)
    assert _role(client, membership, "manager").status_code == 302
    membership.refresh_from_db()
    assert membership.role == "manager"
    event = AuditEvent.objects.filter(action="membership.set", target_id=str(membership.pk)).latest("id")
    assert (event.actor_id, event.before, event.after["role"]) == (owner.pk, {"role": "chatter"}, "manager")
    response = _role(client, membership, "chatter", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<tr")
    assert 'hx-swap-oob="innerHTML"' in html
    assert "Saved" in html


def test_the_last_owner_cannot_be_demoted_or_removed(client, owner, team):
    membership = _membership(team, owner)
    client.force_login(owner)
    response = _role(client, membership, "chatter")
    assert response.status_code == 422
    assert "at least one owner" in response.content.decode()
    assert _role(client, membership, "chatter", **HTMX).status_code == 422
    removed = client.post(reverse("settings:member_remove", args=[membership.pk]))
    assert removed.status_code == 422
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_add_an_existing_user_and_an_unknown_name_keeps_what_was_typed(client, owner, team):
    newcomer = make_user("newcomer")
    client.force_login(owner)
    body = {"add-team": team.pk, "add-username": "nobody-by-that-name", "add-role": "manager"}
    refused = client.post(reverse("settings:member_add"), body)
    assert refused.status_code == 422
    assert 'value="nobody-by-that-name"' in refused.content.decode()
    body["add-username"] = "newcomer"
    assert client.post(reverse("settings:member_add"), body).status_code == 302
    assert _membership(team, newcomer).role == "manager"
    assert client.post(reverse("settings:member_add"), body).status_code == 422  # already a member


def test_create_a_login_shows_its_temporary_password_once(client, owner, team):
    client.force_login(owner)
    body = {"create-team": team.pk, "create-username": "new_chatter", "create-role": "chatter"}
    response = client.post(reverse("settings:member_create"), body)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    password = html.split('id="new-password" type="text" value="', 1)[1].split('"', 1)[0]
    assert len(password) >= 12
    assert password not in client.get(reverse("settings:members")).content.decode()
    assert AuditEvent.objects.filter(action="user.create", team_id=team.pk, actor_id=owner.pk).exists()
    assert Client().login(username="new_chatter", password=password)
    taken = client.post(reverse("settings:member_create"), body)
    assert taken.status_code == 422
    assert "taken" in taken.content.decode()


def test_assign_accounts_to_a_chatter_and_refuse_a_foreign_account(client, owner, team, account):
    chatter = make_member(team, "chatter")
    membership = _membership(team, chatter)
    foreign = make_account(make_team("B"))
    client.force_login(owner)
    url = reverse("settings:member_accounts", args=[membership.pk])
    field = f"member-{membership.pk}-accounts"
    assert client.post(url, {field: [account.pk]}).status_code == 302
    assert list(membership.accounts.all()) == [account]
    assert AuditEvent.objects.filter(
        action="membership.assign_accounts", target_id=str(membership.pk)
    ).exists()
    refused = client.post(url, {field: [foreign.pk]}, **HTMX)
    assert refused.status_code == 422
    assert list(membership.accounts.all()) == [account]


def test_remove_a_member_after_confirming(client, owner, team):
    member = make_member(team, "manager")
    membership = _membership(team, member)
    client.force_login(owner)
    url = reverse("settings:member_remove", args=[membership.pk])
    assert member.get_username() in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="membership.remove", team_id=team.pk).exists()


def test_member_names_are_escaped(client, owner, team):
    hostile = make_user("x<script>alert(1)</script>")
    Membership.objects.create(team=team, user=hostile, role="chatter")
    client.force_login(owner)
    html = client.get(reverse("settings:members")).content.decode()
    assert "<script>alert(1)" not in html
    assert "x&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_members_page_costs_a_fixed_number_of_queries(client, owner, team, django_assert_max_num_queries):
    accounts = [make_account(team) for _ in range(3)]
    for _ in range(8):
        make_member(team, "chatter", accounts=accounts[:2])
    client.force_login(owner)
    client.get(reverse("settings:members"))
    with django_assert_max_num_queries(11):
        assert client.get(reverse("settings:members")).status_code == 200


# --- API tokens ---


def test_token_secret_is_shown_once_then_only_its_prefix(client, owner, team):
    client.force_login(owner)
    response = client.post(reverse("settings:token_create"), {"team": team.pk, "name": "nightly export"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(team=team)
    html = response.content.decode()
    secret = html.split('id="new-token" type="text" value="', 1)[1].split('"', 1)[0]
    assert secret.startswith(token.prefix)
    assert len(secret) > 20
    listed = client.get(reverse("settings:tokens")).content.decode()
    assert secret not in listed
    assert f"{token.prefix}…" in listed
    assert "nightly export" in listed


def test_token_created_through_htmx_answers_the_section(client, owner, team):
    client.force_login(owner)
    response = client.post(reverse("settings:token_create"), {"team": team.pk, "name": "ci"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="tokens"')
    assert 'id="new-token"' in html


def test_token_without_name_is_a_422(client, owner, team):
    client.force_login(owner)
    response = client.post(reverse("settings:token_create"), {"team": team.pk, "name": "   "})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_revoke_a_token(client, owner, team):
    token, _ = api_token_create(user=owner, team_id=team.pk, name="old script")
    client.force_login(owner)
    response = client.post(reverse("settings:token_revoke", args=[token.pk]), **HTMX)
    assert response.status_code == 200
    assert "Revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke", target_id=str(token.pk)).exists()


def test_managers_manage_tokens_chatters_get_403_and_other_teams_404(client, owner, team, account):
    token, _ = api_token_create(user=owner, team_id=team.pk, name="owner's")
    client.force_login(make_member(team, "manager"))
    assert client.get(reverse("settings:tokens")).status_code == 200
    assert client.post(reverse("settings:token_create"), {"team": team.pk, "name": "m"}).status_code == 200
    client.force_login(make_member(team, "chatter", accounts=[account]))
    assert client.get(reverse("settings:tokens")).status_code == 403
    assert client.post(reverse("settings:token_create"), {"team": team.pk, "name": "c"}).status_code == 403
    assert client.post(reverse("settings:token_revoke", args=[token.pk])).status_code == 404
    client.force_login(make_member(make_team("B"), "owner"))
    assert client.post(reverse("settings:token_create"), {"team": team.pk, "name": "x"}).status_code == 404
    assert client.post(reverse("settings:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 2


def test_token_names_are_escaped(client, owner, team):
    api_token_create(user=owner, team_id=team.pk, name="<img src=x onerror=alert(2)>")
    client.force_login(owner)
    html = client.get(reverse("settings:tokens")).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_token_create_needs_the_csrf_token(owner, team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(reverse("settings:token_create"), {"team": team.pk, "name": "x"})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()
