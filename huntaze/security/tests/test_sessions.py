"""Session security: idle timeout, log out everywhere, password change ending the other sessions."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huntaze.audit.models import AuditEvent
from huntaze.security.tests.conftest import PASSWORD, is_logged_in, password_step

NEW_PASSWORD = "a-much-longer-new-passphrase"


def test_an_idle_session_is_logged_out_with_a_message(client, owner, clock, settings):
    settings.HUNTAZE_SESSION_IDLE_MINUTES = 30
    password_step(client, "owner")
    clock.advance(minutes=29)
    assert is_logged_in(client)  # activity: the idle time starts again
    clock.advance(minutes=29)
    assert is_logged_in(client)
    clock.advance(minutes=31)
    response = client.get(reverse("web:hub"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))
    page = client.get(response["Location"]).content.decode()
    assert "logged out after 30 minutes without activity" in page
    assert not is_logged_in(client)


def test_the_idle_time_is_counted_for_the_session_api_too(client, owner, clock):
    password_step(client, "owner")
    clock.advance(minutes=61)
    assert client.get("/api/accounts").status_code == 401


def test_log_out_everywhere_ends_every_session(owner, team):
    phone, laptop = Client(), Client()
    password_step(phone, "owner")
    password_step(laptop, "owner")
    response = laptop.post(reverse("security:logout_everywhere"))
    assert response["Location"] == reverse("web:login")
    assert not is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert "logged out on every device" in phone.get(reverse("web:login")).content.decode()
    event = AuditEvent.objects.get(action="auth.logout_everywhere")
    assert (event.actor_id, event.team_id) == (owner.pk, team.pk)
    # A new login works as before.
    password_step(phone, "owner")
    assert is_logged_in(phone)


def test_log_out_everywhere_needs_a_post_with_csrf(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.get(reverse("security:logout_everywhere")).status_code == 405
    assert client.post(reverse("security:logout_everywhere")).status_code == 403
    assert is_logged_in(client)


def test_a_password_change_ends_the_other_sessions_only(owner, team):
    current, other = Client(), Client()
    password_step(current, "owner")
    password_step(other, "owner")
    response = current.post(
        reverse("security:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("security:index")
    assert is_logged_in(current)
    assert not is_logged_in(other)
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(
        action="auth.password_change", actor_id=owner.pk, team_id=team.pk
    ).exists()


def test_a_wrong_old_password_changes_nothing(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("security:password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 422
    assert 'for="id_old_password"' in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="auth.password_change").exists()


def test_a_session_not_made_by_login_is_refused(client, owner):
    client.force_login(owner)
    session = client.session
    for key in ("huntaze_session_epoch", "huntaze_session_seen"):
        del session[key]
    session.save()
    assert not is_logged_in(client)


def test_the_checks_cost_no_query_of_their_own(client, owner):
    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/tokens").status_code == 200
    security = [q["sql"] for q in queries.captured_queries if "security_" in q["sql"]]
    assert len(security) == 1
    assert '"auth_user"' in security[0]
    assert not any(q["sql"].startswith("UPDATE") for q in queries.captured_queries)  # no session write


def test_background_polls_do_not_keep_a_session_alive(client, owner, clock):
    password_step(client, "owner")
    for _ in range(5):
        clock.advance(minutes=10)
        poll = client.get(reverse("web:hub"), HTTP_X_HUNTAZE_BACKGROUND="1")
        assert poll.status_code == 200
    clock.advance(minutes=11)  # 61 minutes after the login, the last real use
    assert client.get(reverse("web:hub"), HTTP_X_HUNTAZE_BACKGROUND="1").status_code == 302
