"""The shifts page, its forms and API routes; the team workflow settings form."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse

from huntaze.accounts.choices import Role
from huntaze.accounts.models import Membership, Team
from huntaze.accounts.services import membership_accounts_assign, membership_set, user_create
from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_account, make_member, make_team
from huntaze.shifts.models import ClockEvent, Shift, ShiftExtension
from huntaze.shifts.services import shift_add
from huntaze.shifts.tests.conftest import paris_time


@pytest.fixture
def shift(owner, membership, paris):
    return shift_add(
        actor=owner,
        membership_id=membership.pk,
        account_id=paris.pk,
        weekday=0,
        start_time=time(22),
        end_time=time(2),
    )


def test_the_owner_page_shows_the_schedule_and_adds_removes_and_extends(
    client, owner, team, membership, paris
):
    client.force_login(owner)
    response = client.get(reverse("shifts:index"))
    assert response.status_code == 200
    assert "No shifts: works any time" in response.content.decode()
    form = {
        "membership": membership.pk,
        "account": paris.pk,
        "weekday": 4,
        "start_time": "18:00",
        "end_time": "23:30",
    }
    assert client.post(reverse("shifts:add"), form).status_code == 302
    shift = Shift.objects.get()
    assert (shift.weekday, shift.start_time, shift.end_time) == (4, time(18), time(23, 30))
    page = client.get(reverse("shifts:index")).content.decode()
    assert "Friday" in page
    assert "18:00\N{EN DASH}23:30" in page
    extend = {"membership": membership.pk, "account": paris.pk, "hours": 3}
    assert client.post(reverse("shifts:extend"), extend).status_code == 302
    assert ShiftExtension.objects.count() == 1
    assert client.post(reverse("shifts:remove", args=[shift.pk])).status_code == 302
    assert not Shift.objects.exists()


def test_bad_form_input_comes_back_as_a_message_and_saves_nothing(client, owner, membership, paris):
    client.force_login(owner)
    form = {
        "membership": membership.pk,
        "account": paris.pk,
        "weekday": 1,
        "start_time": "9:00",
        "end_time": "9:00",
    }
    response = client.post(reverse("shifts:add"), form, follow=True)
    assert "cannot start and end at the same time" in response.content.decode()
    response = client.post(reverse("shifts:add"), form | {"start_time": "noon"}, follow=True)
    assert "Starts" in response.content.decode()
    assert not Shift.objects.exists()


def test_a_chatter_sees_their_shifts_and_clocks_in_and_out(frozen, client, chatter, shift, paris):
    frozen(paris_time(0, 23))
    client.force_login(chatter)
    page = client.get(reverse("shifts:index")).content.decode()
    assert "Open: on shift" in page
    assert "Add shift" not in page
    client.post(reverse("shifts:clock"), {"account": paris.pk, "kind": "in"})
    assert "Clocked in since" in client.get(reverse("shifts:index")).content.decode()
    client.post(reverse("shifts:clock"), {"account": paris.pk, "kind": "out"})
    assert list(ClockEvent.objects.values_list("kind", flat=True)) == ["out", "in"]
    frozen(paris_time(1, 12))
    client.force_login(chatter)  # hours later: the idle timeout ended the session
    page = client.get(reverse("shifts:index")).content.decode()
    assert "Closed: next shift Monday 22:00 (Europe/Paris)" in page


def test_a_chatter_cannot_change_shifts_from_the_page(client, chatter, membership, paris, shift):
    client.force_login(chatter)
    form = {
        "membership": membership.pk,
        "account": paris.pk,
        "weekday": 4,
        "start_time": "18:00",
        "end_time": "20:00",
    }
    assert client.post(reverse("shifts:add"), form).status_code == 403
    assert client.post(reverse("shifts:remove", args=[shift.pk])).status_code == 403
    assert Shift.objects.count() == 1


def test_hostile_usernames_are_escaped(client, owner, team, paris):
    evil = user_create(username="<img src=x onerror=alert(1)>", password="correct-horse-battery")
    membership_accounts_assign(
        membership=membership_set(team=team, user=evil, role=Role.CHATTER), accounts=[paris]
    )
    client.force_login(owner)
    page = client.get(reverse("shifts:index")).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_api_lists_shifts_and_clock_events_and_clocks(frozen, client, owner, chatter, shift, paris):
    frozen(paris_time(0, 23))
    client.force_login(chatter)
    assert (
        client.post(
            "/api/onlyfans/clock/in", {"account_id": paris.pk}, content_type="application/json"
        ).json()["kind"]
        == "in"
    )
    again = client.post("/api/onlyfans/clock/in", {"account_id": paris.pk}, content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (422, "clock_state")
    rows = client.get("/api/onlyfans/shifts").json()
    assert [(r["weekday"], r["start_time"], r["end_time"], r["username"]) for r in rows] == [
        (0, "22:00:00", "02:00:00", chatter.username)
    ]
    client.force_login(owner)
    events = client.get(f"/api/onlyfans/clock-events?account_id={paris.pk}").json()["items"]
    assert [(e["user_id"], e["kind"]) for e in events] == [(chatter.pk, "in")]


def test_api_writes_need_an_owner_or_manager(client, chatter, membership, paris):
    client.force_login(chatter)
    body = {
        "membership_id": membership.pk,
        "account_id": paris.pk,
        "weekday": 0,
        "start_time": "09:00",
        "end_time": "10:00",
    }
    assert client.post("/api/onlyfans/shifts", body, content_type="application/json").status_code == 403
    extend = {"membership_id": membership.pk, "account_id": paris.pk, "hours": 2}
    assert (
        client.post("/api/onlyfans/shift-extensions", extend, content_type="application/json").status_code
        == 403
    )


def test_api_manages_shifts_for_owners(client, owner, membership, paris):
    client.force_login(owner)
    body = {
        "membership_id": membership.pk,
        "account_id": paris.pk,
        "weekday": 2,
        "start_time": "09:00",
        "end_time": "17:00",
    }
    created = client.post("/api/onlyfans/shifts", body, content_type="application/json")
    assert created.status_code == 201
    assert (
        client.post(
            "/api/onlyfans/shifts", body | {"weekday": 9}, content_type="application/json"
        ).status_code
        == 422
    )
    assert client.delete(f"/api/onlyfans/shifts/{created.json()['id']}").status_code == 204
    assert not Shift.objects.exists()


def test_api_is_not_found_across_tenants(client, paris, shift):
    outsider_team = make_team("Team B")
    outsider = Membership.objects.get(team=outsider_team, role=Role.OWNER).user
    make_account(outsider_team)
    client.force_login(outsider)
    assert client.get(f"/api/onlyfans/shifts?account_id={paris.pk}").status_code == 404
    assert client.get(f"/api/onlyfans/clock-events?account_id={paris.pk}").status_code == 404
    assert client.get("/api/onlyfans/shifts").json() == []
    assert client.delete(f"/api/onlyfans/shifts/{shift.pk}").status_code == 404
    assert (
        client.post(
            "/api/onlyfans/clock/in", {"account_id": paris.pk}, content_type="application/json"
        ).status_code
        == 404
    )


def test_owners_set_the_team_workflow_audited(client, owner, team):
    client.force_login(owner)
    form = {
        "team": team.pk,
        "assignment_mode": "capacity",
        "max_open_chats": 12,
        "first_response_target_minutes": 20,
        "next_response_target_minutes": 8,
        "attribution_model": "on_shift",
    }
    assert client.post(reverse("settings:team_workflow"), form).status_code == 302
    team = Team.objects.get(pk=team.pk)
    assert (team.assignment_mode, team.max_open_chats, team.attribution_model) == ("capacity", 12, "on_shift")
    event = AuditEvent.objects.get(action="team.workflow_set")
    assert event.before == {
        "assignment_mode": "manual",
        "max_open_chats": 30,
        "first_response_target_minutes": 15,
        "next_response_target_minutes": 10,
        "attribution_model": "sender",
    }
    assert client.post(reverse("settings:team_workflow"), form | {"max_open_chats": 0}).status_code == 422
    assert Team.objects.get(pk=team.pk).max_open_chats == 12
    assert 'value="capacity" selected' in client.get(reverse("settings:members")).content.decode()


def test_managers_cannot_set_the_team_workflow(client, team):
    client.force_login(make_member(team, Role.MANAGER))
    form = {
        "team": team.pk,
        "assignment_mode": "round_robin",
        "max_open_chats": 12,
        "first_response_target_minutes": 20,
        "next_response_target_minutes": 8,
        "attribution_model": "sender",
    }
    assert client.post(reverse("settings:team_workflow"), form).status_code == 403
    assert Team.objects.get(pk=team.pk).assignment_mode == "manual"
