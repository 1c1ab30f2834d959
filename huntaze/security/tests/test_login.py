"""The two-step login, its throttling per username and per address, and owners' unlock."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_member, make_team, make_user
from huntaze.security.models import LoginFailure
from huntaze.security.selectors import MAX_FAILURES_PER_IP, MAX_FAILURES_PER_USERNAME
from huntaze.security.tests.conftest import (
    PASSWORD,
    code_at,
    code_step,
    enable_2fa,
    is_logged_in,
    password_step,
)

LOCKED = "Too many failed attempts"


def test_login_without_2fa_is_one_step_and_audited(client, owner, team):
    response = password_step(client, "owner")
    assert response["Location"] == reverse("web:hub")
    assert is_logged_in(client)
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.actor_id, event.team_id, event.after) == (owner.pk, team.pk, {"method": "password"})
    assert event.ip == "127.0.0.1"


def test_with_2fa_no_session_is_logged_in_until_the_code(client, owner):
    secret, _ = enable_2fa(owner)
    response = password_step(client, "owner")
    assert response["Location"].startswith(reverse("security:login_code"))

    # Between the steps nothing is authenticated: pages and the session API refuse.
    hub = client.get(reverse("web:hub"))
    assert hub.status_code == 302
    assert hub["Location"].startswith(reverse("web:login"))
    assert client.get("/api/accounts").status_code == 401
    assert "_auth_user_id" not in client.session

    page = client.get(response["Location"])
    assert 'for="id_code"' in page.content.decode()
    done = code_step(client, code_at(secret))
    assert done["Location"] == reverse("web:hub")
    assert is_logged_in(client)
    assert AuditEvent.objects.get(action="auth.login").after == {"method": "totp"}


def test_code_step_keeps_a_local_next_and_drops_a_foreign_one(client, owner, clock):
    secret, _ = enable_2fa(owner)
    client.post(reverse("web:login"), {"username": "owner", "password": PASSWORD, "next": "/onlyfans/fans/"})
    response = client.post(
        reverse("security:login_code"), {"code": code_at(secret), "next": "/onlyfans/fans/"}
    )
    assert response["Location"] == "/onlyfans/fans/"
    client.post(reverse("web:logout"))
    clock.advance(seconds=30)
    password_step(client, "owner")
    response = client.post(
        reverse("security:login_code"), {"code": code_at(secret), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("web:hub")


def test_a_wrong_code_is_refused_and_a_recovery_code_logs_in(client, owner):
    _, codes = enable_2fa(owner)
    password_step(client, "owner")
    code_step(client, "12345x")
    wrong = code_step(client, "abcd-efgh-jkmn-pqrs")
    assert wrong.status_code == 422
    assert 'role="alert"' in wrong.content.decode()
    assert not is_logged_in(client)
    assert code_step(client, codes[0])["Location"] == reverse("web:hub")
    assert AuditEvent.objects.get(action="auth.login").after == {"method": "recovery_code"}
    assert AuditEvent.objects.filter(action="auth.login_failed", after__stage="code").count() == 2


def test_a_replayed_code_cannot_log_in_a_second_client(client, owner):
    secret, _ = enable_2fa(owner)
    code = code_at(secret)
    password_step(client, "owner")
    code_step(client, code)
    assert is_logged_in(client)
    attacker = Client()
    password_step(attacker, "owner")
    assert code_step(attacker, code).status_code == 422
    assert not is_logged_in(attacker)


def test_the_code_step_expires_after_five_minutes(client, owner, clock):
    secret, _ = enable_2fa(owner)
    password_step(client, "owner")
    clock.advance(minutes=5, seconds=1)
    response = code_step(client, code_at(secret))
    assert response["Location"] == reverse("web:login")
    assert not is_logged_in(client)
    assert "took too long" in client.get(reverse("web:login")).content.decode()


def test_the_code_step_without_a_password_step_goes_back_to_login(client, owner):
    enable_2fa(owner)
    assert client.get(reverse("security:login_code"))["Location"] == reverse("web:login")
    assert code_step(client, "123456")["Location"] == reverse("web:login")


def test_failed_logins_are_audited_with_the_username_and_address(client, owner, team):
    password_step(client, "owner", password="wrong", REMOTE_ADDR="198.51.100.7")
    password_step(client, "nobody-here", password="wrong", REMOTE_ADDR="198.51.100.7")
    known, unknown = AuditEvent.objects.filter(action="auth.login_failed").order_by("id")
    assert (known.team_id, known.target_id, known.actor_label) == (team.pk, str(owner.pk), "anonymous")
    assert known.after == {"username": "owner", "stage": "password"}
    assert known.ip == "198.51.100.7"
    assert (unknown.team_id, unknown.after["username"]) == (None, "nobody-here")


# -- throttling --------------------------------------------------------------------------------------


def test_five_failures_lock_the_username_even_for_the_right_password(client, owner, team):
    for _ in range(MAX_FAILURES_PER_USERNAME):
        assert password_step(client, "Owner", password="wrong").status_code == 200
    locked = password_step(Client(REMOTE_ADDR="203.0.113.9"), "owner")  # right password, other address
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    assert not is_logged_in(client)
    assert LoginFailure.objects.count() == MAX_FAILURES_PER_USERNAME  # refusals are not counted
    lock = AuditEvent.objects.get(action="auth.lock")
    assert lock.after["scope"] == "username"
    assert lock.team_id == team.pk


def test_the_lock_lifts_when_the_failures_age_out(client, owner, clock):
    for _ in range(MAX_FAILURES_PER_USERNAME):
        password_step(client, "owner", password="wrong")
    clock.advance(minutes=14)
    response = password_step(client, "owner")
    assert response.status_code == 429
    assert "1 minute" in response.content.decode()
    clock.advance(minutes=1, seconds=1)
    assert password_step(client, "owner")["Location"] == reverse("web:hub")


def test_twenty_failures_from_one_address_lock_it_for_every_username(db):
    make_user("someone")
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    for n in range(MAX_FAILURES_PER_IP):
        password_step(attacker, f"guess{n}", password="wrong")
    assert password_step(attacker, "someone").status_code == 429
    assert password_step(Client(REMOTE_ADDR="198.51.100.67"), "someone")["Location"] == reverse("web:hub")
    lock = AuditEvent.objects.get(action="auth.lock", after__scope="ip")
    assert lock.after["ip"] == "198.51.100.66"


def test_the_code_step_is_throttled_too(client, owner):
    secret, _ = enable_2fa(owner)
    password_step(client, "owner")
    for _ in range(MAX_FAILURES_PER_USERNAME):
        code_step(client, "000000")
    response = code_step(client, code_at(secret))
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not is_logged_in(client)


def test_an_owner_unlocks_a_member(client, owner, team):
    member = make_member(team, "chatter")
    for _ in range(MAX_FAILURES_PER_USERNAME):
        password_step(Client(), member.username, password="wrong")
    client.force_login(owner)
    overview = client.get(reverse("security:index")).content.decode()
    assert member.username in overview
    assert "Unlock" in overview
    membership = member.memberships.get()
    response = client.post(
        reverse("security:member_unlock", args=[membership.pk]), {"next": reverse("settings:members")}
    )
    assert response["Location"] == reverse("settings:members")
    assert password_step(Client(), member.username)["Location"] == reverse("web:hub")
    event = AuditEvent.objects.get(action="auth.unlock")
    assert (event.actor_id, event.team_id, event.target_id) == (owner.pk, team.pk, str(member.pk))


@pytest.mark.parametrize(("role", "status"), [("manager", 403), ("chatter", 403)])
def test_managers_and_chatters_cannot_unlock(client, team, role, status):
    member = make_member(team, "chatter")
    for _ in range(MAX_FAILURES_PER_USERNAME):
        password_step(Client(), member.username, password="wrong")
    client.force_login(make_member(team, role))
    response = client.post(reverse("security:member_unlock", args=[member.memberships.get().pk]))
    assert response.status_code == status
    assert password_step(Client(), member.username).status_code == 429


def test_another_teams_owner_gets_a_404(client, team):
    member = make_member(team, "chatter")
    stranger = make_user()
    make_team("B", owner=stranger)
    client.force_login(stranger)
    response = client.post(reverse("security:member_unlock", args=[member.memberships.get().pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()


# -- the pages around the login ----------------------------------------------------------------------


def test_login_page_fields_are_labelled_and_csrf_protected(owner):
    client = Client(enforce_csrf_checks=True)
    html = client.get(reverse("web:login")).content.decode()
    assert 'for="id_username"' in html
    assert 'for="id_password"' in html
    assert password_step(client, "owner").status_code == 403
    assert not is_logged_in(client)


def test_logged_in_users_skip_the_login_page(client, owner):
    client.force_login(owner)
    assert client.get(reverse("web:login"))["Location"] == reverse("web:hub")


def test_logout_needs_a_post(client, owner):
    client.force_login(owner)
    assert client.get(reverse("web:logout")).status_code == 405
    assert client.post(reverse("web:logout"))["Location"] == reverse("web:login")
    assert not is_logged_in(client)


def test_the_admin_login_form_goes_through_our_login(client, owner):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response["Location"] == f"{reverse('web:login')}?next=%2Fadmin%2F"
    posted = client.post(reverse("admin:login"), {"username": "owner", "password": PASSWORD})
    assert posted.status_code == 302
    assert not is_logged_in(client)
