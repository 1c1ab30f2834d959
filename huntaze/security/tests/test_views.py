"""The account security overview: what each role sees, escaping, query count, language."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from huntaze.accounts.services import membership_set
from huntaze.core.tests.factories import make_member, make_team, make_user
from huntaze.security.selectors import MAX_FAILURES_PER_USERNAME
from huntaze.security.tests.conftest import enable_2fa, password_step

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("security:index"))
    assert response["Location"].startswith(reverse("web:login"))


def test_a_chatter_sees_their_own_security_but_no_team_policy(client, team):
    chatter = make_member(team, "chatter")
    client.force_login(chatter)
    html = client.get(reverse("security:index")).content.decode()
    assert "Enable two-factor authentication" in html
    assert "Log out everywhere" in html
    assert "Change password" in html
    assert "require-2fa-" not in html
    assert (
        client.post(reverse("security:team_policy", args=[team.pk]), {"require_2fa": "on"}).status_code == 403
    )


def test_an_owner_sees_each_team_they_own_and_who_lacks_2fa(client, owner, team):
    enable_2fa(owner)
    make_member(team, "manager")
    other = make_team("Other", owner=make_user())
    client.force_login(owner)
    html = client.get(reverse("security:index")).content.decode()
    assert f'id="require-2fa-{team.pk}"' in html
    assert f"require-2fa-{other.pk}" not in html
    assert "Members without two-factor authentication" in html
    assert "unused recovery codes" in html


def test_hostile_names_are_escaped(client, owner):
    team = make_team(HOSTILE, owner=owner)
    member = make_user(HOSTILE[:150])
    membership_set(team=team, user=member, role="chatter")
    for _ in range(MAX_FAILURES_PER_USERNAME):
        password_step(Client(), member.username, password="wrong")
    client.force_login(owner)
    html = client.get(reverse("security:index")).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_overview_costs_a_fixed_number_of_queries(client, owner, team, django_assert_max_num_queries):
    client.force_login(owner)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("security:index"))
    baseline = len(few.captured_queries)  # read now: every request resets the connection's log
    for n in range(10):
        chatter = make_member(team, "chatter")
        if n % 2:
            enable_2fa(chatter)
        for _ in range(MAX_FAILURES_PER_USERNAME if n % 3 == 0 else 1):  # some locked out
            password_step(Client(REMOTE_ADDR=f"192.0.2.{n}"), chatter.username, password="wrong")
    with django_assert_max_num_queries(baseline):
        html = client.get(reverse("security:index")).content.decode()
    assert html.count('>Unlock<span class="visually-hidden">') == 4


def test_pages_are_in_french(client, owner):
    client.force_login(owner)
    response = client.get(reverse("security:index"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()
