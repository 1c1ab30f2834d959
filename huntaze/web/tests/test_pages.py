"""The dashboard pages: login, hub scoping, escaping and security headers."""

from __future__ import annotations

from django.urls import reverse

from huntaze.core.tests.factories import make_account, make_member, make_team


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("web:hub"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_login_then_hub_shows_the_accounts_of_the_team(client, owner, account):
    response = client.post(reverse("web:login"), {"username": "owner", "password": "correct-horse-battery"})
    assert response.status_code == 302
    page = client.get(reverse("web:hub"))
    assert page.status_code == 200
    assert "@luna_creates" in page.content.decode()


def test_wrong_password_shows_an_error(client, owner):
    response = client.post(reverse("web:login"), {"username": "owner", "password": "nope"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_chatter_hub_lists_only_assigned_accounts(client, team, account):
    other = make_account(team, username="other_creator")
    chatter = make_member(team, "chatter", accounts=[account])
    foreign = make_account(make_team("B"), username="foreign_creator")
    client.force_login(chatter)
    html = client.get(reverse("web:hub")).content.decode()
    assert "@luna_creates" in html
    assert other.username not in html
    assert foreign.username not in html


def test_hostile_account_names_are_escaped(client, owner, team):
    make_account(team, username="x", display_name='<script>alert(1)</script><img src=x onerror="alert(2)">')
    client.force_login(owner)
    html = client.get(reverse("web:hub")).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pages_carry_a_csp_without_inline_scripts_and_a_request_id(client):
    response = client.get(reverse("web:login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert len(response["X-Request-ID"]) >= 8


def test_french_is_available(client):
    response = client.get(reverse("web:login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Se connecter" in response.content.decode()
