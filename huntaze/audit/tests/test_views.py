"""The audit log page: owners only, newest first, filtered and paged; approvals show the draft next
to the approved text and sends say whose approval they carried out. Fan-written text stays inert."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from huntaze.accounts.services import membership_set
from huntaze.audit.models import AuditEvent
from huntaze.audit.services import audit_record
from huntaze.core.tests.factories import make_member, make_team, make_user, make_world
from huntaze.inbox.models import Chat, Suggestion
from huntaze.inbox.sending import outbound_approve, outbound_send
from huntaze.sync.tests.conftest import sync

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def _approve(user, chat, *, text, suggestion=None, key="key-audit-1"):
    request = RequestFactory().post("/onlyfans/inbox/")
    request.user, request.request_id = user, "req-audit-0001"
    return outbound_approve(
        request=request,
        chat_id=chat.pk,
        text=text,
        price_cents=0,
        idempotency_key=key,
        approved=True,
        suggestion_id=suggestion.pk if suggestion else None,
    )


def _log(client, **query):
    return client.get(reverse("audit:log"), query)


def test_an_approval_shows_who_approved_the_draft_and_the_final_text_escaped(client, owner, team):
    world = make_world(team)
    suggestion = world["suggestion"]
    Suggestion.objects.filter(pk=suggestion.pk).update(text=f"Draft for you {HOSTILE}")
    suggestion.refresh_from_db()
    _approve(owner, world["chat"], text=f"Edited by a human {HOSTILE}", suggestion=suggestion)
    client.force_login(owner)
    response = _log(client, action="outbound.approve")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Suggested draft" in html
    assert "Approved text" in html
    assert "Suggestion edited before approval" in html
    assert "By owner" in html
    assert "Draft for you &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "Edited by a human &lt;script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html


def test_a_hand_written_approval_says_so(client, owner, team):
    world = make_world(team)
    _approve(owner, world["chat"], text="typed myself")
    client.force_login(owner)
    html = _log(client).content.decode()
    assert "Written by hand" in html
    assert "typed myself" in html


@pytest.mark.django_db(transaction=True)
def test_a_send_shows_the_text_sent_and_whose_approval_it_carried_out(client, owner, sim_account):
    assert sync(sim_account, streams=["chats"]).status == "succeeded"
    chat = Chat.objects.filter(account=sim_account).order_by("pk").first()
    outbound_send(outbound=_approve(owner, chat, text="See you tonight"))
    client.force_login(owner)
    html = _log(client, action="outbound.send").content.decode()
    assert "Text sent to OnlyFans" in html
    assert "See you tonight" in html
    assert "Sent by Huntaze on owner's approval" in html
    assert 'data-action="outbound.approve"' not in html  # the filter applies


def test_only_owners_read_the_log(client, team, account):
    for role in ("manager", "chatter"):
        client.force_login(make_member(team, role, accounts=[account] if role == "chatter" else ()))
        response = _log(client)
        assert response.status_code == 403
        assert "Only the team" in response.content.decode()
    client.force_login(make_user())
    assert _log(client).status_code == 403


def test_another_teams_events_never_show(client, owner, team):
    other = make_team("B")
    audit_record(action="secret.thing", team_id=other.pk, actor_label="them")
    client.force_login(owner)
    response = _log(client, team=other.pk)
    assert response.status_code == 200
    assert "secret.thing" not in response.content.decode()
    membership_set(team=other, user=owner, role="manager")
    refused = _log(client, team=other.pk)  # a member of B, but not its owner
    assert refused.status_code == 403
    html = refused.content.decode()
    assert 'id="team-switch"' in html  # they own team A: they can switch to it from here
    assert "secret.thing" not in html


def test_filters_by_account_actor_and_action(client, owner, team):
    world = make_world(team)
    account = world["account"]
    audit_record(action="fan.tags_set", team_id=team.pk, account_id=account.pk, actor=owner, after={"t": "a"})
    audit_record(action="fan.tags_set", team_id=team.pk, actor_label="system:sync", after={"t": "b"})
    audit_record(action="chat.read", team_id=team.pk, account_id=account.pk, actor=owner, after={"t": "c"})
    client.force_login(owner)

    def shown(**query):
        html = _log(client, **query).content.decode()
        return {t for t in "abc" if f"<dd>{t}</dd>" in html}

    assert shown() == {"a", "b", "c"}
    assert shown(account=account.pk) == {"a", "c"}
    assert shown(actor="system:sync") == {"b"}
    assert shown(action="fan.tags_set") == {"a", "b"}
    assert shown(action="fan.tags_set", account=account.pk, actor="owner") == {"a"}
    html = _log(client).content.decode()
    assert '<option value="system:sync">' in html
    assert "Edited a fan&#x27;s tags" in html


def test_fifty_events_a_page_newest_first(client, owner, team):
    for i in range(60):
        audit_record(action="test.step", team_id=team.pk, actor=owner, after={"n": f"step-{i:02d}"})
    client.force_login(owner)
    first = _log(client, action="test.step")
    html = first.content.decode()
    assert html.count('data-action="test.step"') == 50
    assert html.index("step-59") < html.index("step-58")
    assert "step-09" not in html
    cursor = first.context["next_cursor"]
    second = _log(client, action="test.step", cursor=cursor).content.decode()
    assert second.count('data-action="test.step"') == 10
    assert "step-09" in second
    assert "Newest events" in second


@pytest.mark.parametrize("query", [{"cursor": "not-a-cursor"}, {"account": "abc"}])
def test_bad_filters_are_a_422(client, owner, team, query):
    client.force_login(owner)
    assert _log(client, **query).status_code == 422


def test_fan_text_in_any_event_stays_escaped(client, owner, team):
    world = make_world(team)
    audit_record(
        action="fan.notes_set",
        team_id=team.pk,
        account_id=world["account"].pk,
        actor=owner,
        before={"notes": HOSTILE},
        after={"notes": f"again {HOSTILE}", "tags": [HOSTILE]},
    )
    client.force_login(owner)
    html = _log(client).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "again &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_role_changes_show_before_and_after(client, owner, team):
    member = make_member(team, "chatter")
    client.force_login(owner)
    membership_set(team=team, user=member, role="manager", actor=owner)
    html = _log(client, action="membership.set").content.decode()
    assert "<del>chatter</del>" in html
    assert "<ins>manager</ins>" in html


def test_the_log_costs_a_fixed_number_of_queries(client, owner, team, django_assert_max_num_queries):
    world = make_world(team)
    for i in range(30):
        audit_record(
            action="a.b", team_id=team.pk, account_id=world["account"].pk, actor=owner, after={"i": i}
        )
        audit_record(
            action="outbound.send", team_id=team.pk, actor_label=f"user:{owner.pk}", after={"text": "x"}
        )
    client.force_login(owner)
    _log(client)
    with django_assert_max_num_queries(10):
        assert _log(client).status_code == 200
    assert AuditEvent.objects.count() > 50
