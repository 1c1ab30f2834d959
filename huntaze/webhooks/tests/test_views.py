"""The webhooks page: list, create, details with secret and delivery log, actions; roles,
tenants, errors and escaping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from huntaze.accounts.choices import Role
from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_member, make_team, make_user
from huntaze.webhooks.models import Webhook, WebhookDelivery
from huntaze.webhooks.selectors import webhook_secret
from huntaze.webhooks.services import webhook_create, webhook_deliveries_create

pytestmark = pytest.mark.django_db
INDEX, CREATE = reverse("webhooks:index"), reverse("webhooks:create")
XSS = "<script>alert(1)</script>"


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_the_page_lists_the_teams_webhooks_with_a_nav_link(logged_in, webhook):
    html = logged_in.get(INDEX).content.decode()
    assert f'href="{reverse("webhooks:detail", args=[webhook.pk])}"' in html
    assert webhook.url.replace("&", "&amp;") in html
    assert "New tip" in html
    assert '"page">Webhooks</a>' in html


def test_create_adds_a_webhook_and_shows_its_page(logged_in, owner, team, receiver):
    data = {"team": team.pk, "name": "CRM", "url": receiver.url, "event_types": ["new_tip", "renewed"]}
    response = logged_in.post(CREATE, data)
    webhook = Webhook.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("webhooks:detail", args=[webhook.pk])
    assert webhook.event_types == ["new_tip", "renewed"]
    page = logged_in.get(response["Location"]).content.decode()
    assert webhook_secret(user=owner, webhook_id=webhook.pk) in page
    assert "Webhook “CRM” added." in page


def test_a_refused_url_comes_back_with_the_error_and_nothing_saved(settings, logged_in, team):
    settings.HUNTAZE_WEBHOOKS_ALLOW_PRIVATE = False
    for url, message in (
        ("ftp://example.com/", "Enter a full http:// or https:// address."),
        ("http://169.254.169.254/", "private network"),
        ("https://me:pw@example.com/", "Remove the user name and password"),
    ):
        response = logged_in.post(
            CREATE, {"team": team.pk, "name": "x", "url": url, "event_types": ["new_tip"]}
        )
        assert response.status_code == 422
        assert message in response.content.decode()
    response = logged_in.post(CREATE, {"team": team.pk, "name": "x", "url": "https://example.com"})
    assert response.status_code == 422  # no event type
    assert not Webhook.objects.exists()


def test_chatters_get_a_403_page_and_cannot_create(client, team, account):
    chatter = make_member(team, Role.CHATTER, accounts=[account])
    client.force_login(chatter)
    response = client.get(INDEX)
    assert response.status_code == 403
    assert "Only a team's owners and managers manage its webhooks." in response.content.decode()
    data = {"team": team.pk, "name": "x", "url": "https://example.com", "event_types": ["new_tip"]}
    assert client.post(CREATE, data).status_code == 403
    assert not Webhook.objects.exists()


def test_another_teams_webhook_is_a_404_everywhere(client, webhook):
    stranger = make_user()
    make_team("Other", owner=stranger)
    client.force_login(stranger)
    assert client.get(reverse("webhooks:detail", args=[webhook.pk])).status_code == 404
    for name in ("update", "enabled", "test", "secret", "delete"):
        assert (
            client.post(reverse(f"webhooks:{name}", args=[webhook.pk]), {"enabled": "0"}).status_code == 404
        )
    webhook.refresh_from_db()
    assert webhook.enabled
    create = {"team": webhook.team_id, "name": "x", "url": "https://example.com", "event_types": ["new_tip"]}
    assert client.post(CREATE, create).status_code == 404
    assert Webhook.objects.count() == 1


def test_hostile_text_is_escaped(logged_in, owner, team, receiver):
    webhook = webhook_create(
        user=owner, team_id=team.pk, name=XSS, url=f"{receiver.url}&q=<b>x</b>", event_types=["new_tip"]
    )
    WebhookDelivery.objects.create(webhook=webhook, event_type="new_tip", last_error=XSS, status="failed")
    for url in (INDEX, reverse("webhooks:detail", args=[webhook.pk])):
        html = logged_in.get(url).content.decode()
        assert XSS not in html
        assert "<b>x</b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_send_a_test_event_shows_the_result_and_the_log(logged_in, webhook, receiver):
    receiver.statuses.extend([200, 500])
    response = logged_in.post(reverse("webhooks:test", args=[webhook.pk]), follow=True)
    html = response.content.decode()
    assert "Test event delivered (HTTP 200)." in html
    html = logged_in.post(reverse("webhooks:test", args=[webhook.pk]), follow=True).content.decode()
    assert "The test event was not delivered: HTTP 500 Internal Server Error. It will be retried." in html
    assert "HTTP 500" in html
    assert "Failed, will retry" in html
    assert len(receiver.received) == 2
    filtered = logged_in.get(reverse("webhooks:detail", args=[webhook.pk]), {"status": "succeeded"})
    assert filtered.content.decode().count('class="badge delivery-status-') == 1
    assert "delivery-status-failed" not in filtered.content.decode()


def test_the_delivery_log_pages(logged_in, account, webhook, make_event):
    events = [make_event(account, source_id=f"tx-{n}") for n in range(55)]
    webhook_deliveries_create(event_ids=[event.pk for event in events])
    detail = reverse("webhooks:detail", args=[webhook.pk])
    first = logged_in.get(detail).content.decode()
    assert first.count("Not tried yet") == 50
    assert "Older deliveries" in first
    cursor = first.split("cursor=")[1].split('"')[0]
    second = logged_in.get(f"{detail}?cursor={cursor}").content.decode()
    assert second.count("Not tried yet") == 5
    assert logged_in.get(f"{detail}?cursor=garbage").status_code == 422


def test_an_automatic_turn_off_shows_a_banner_and_turning_on_clears_it(logged_in, webhook):
    Webhook.objects.filter(pk=webhook.pk).update(enabled=False, disabled_reason="Turned off automatically")
    assert "was turned off on" in logged_in.get(INDEX).content.decode()
    detail = logged_in.get(reverse("webhooks:detail", args=[webhook.pk])).content.decode()
    assert "was turned off on" in detail
    response = logged_in.post(reverse("webhooks:enabled", args=[webhook.pk]), {"enabled": "1"}, follow=True)
    assert "Webhook turned on." in response.content.decode()
    assert "was turned off on" not in logged_in.get(INDEX).content.decode()
    assert AuditEvent.objects.filter(action="webhook.enable").count() == 1


def test_edit_secret_and_delete(logged_in, owner, webhook):
    detail = reverse("webhooks:detail", args=[webhook.pk])
    data = {"name": "Renamed", "url": webhook.url, "event_types": ["expired"]}
    assert logged_in.post(reverse("webhooks:update", args=[webhook.pk]), data).status_code == 302
    webhook.refresh_from_db()
    assert (webhook.name, webhook.event_types) == ("Renamed", ["expired"])
    bad = logged_in.post(reverse("webhooks:update", args=[webhook.pk]), data | {"url": "gopher://x"})
    assert bad.status_code == 422
    old = webhook_secret(user=owner, webhook_id=webhook.pk)
    assert logged_in.post(reverse("webhooks:secret", args=[webhook.pk])).status_code == 302
    assert webhook_secret(user=owner, webhook_id=webhook.pk) != old
    assert logged_in.get(detail).status_code == 200
    response = logged_in.post(reverse("webhooks:delete", args=[webhook.pk]))
    assert response.status_code == 302
    assert not Webhook.objects.exists()
