"""Webhook writes: validation (URLs, SSRF, event types), roles and tenants, audit, the secret,
the test event."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from huntaze.accounts.choices import Role
from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError, ValidationError
from huntaze.core.tests.factories import make_member, make_team, make_user
from huntaze.webhooks.choices import DeliveryStatus
from huntaze.webhooks.exceptions import (
    WebhookAddressRefusedError,
    WebhookDisabledError,
    WebhookLimitError,
    WebhookUrlInvalidError,
)
from huntaze.webhooks.models import Webhook
from huntaze.webhooks.selectors import webhook_get, webhook_secret
from huntaze.webhooks.services import (
    WEBHOOKS_PER_TEAM_MAX,
    webhook_create,
    webhook_delete,
    webhook_enabled_set,
    webhook_secret_regenerate,
    webhook_secrets_rotate,
    webhook_test_send,
    webhook_update,
)

pytestmark = pytest.mark.django_db
PUBLIC = "https://93.184.215.14/hooks"  # a global address: no DNS needed


def _create(user, team, **kwargs):
    args = {"name": "CRM", "url": PUBLIC, "event_types": ["new_tip"]} | kwargs
    return webhook_create(user=user, team_id=team.pk, **args)


def test_create_stores_an_encrypted_secret_and_audits(owner, team):
    webhook = _create(
        owner, team, name="  CRM  ", url=f" {PUBLIC} ", event_types=["new_tip", "expired", "new_tip"]
    )
    assert (webhook.name, webhook.url, webhook.event_types, webhook.enabled) == (
        "CRM",
        PUBLIC,
        ["expired", "new_tip"],
        True,
    )
    secret = webhook_secret(user=owner, webhook_id=webhook.pk)
    assert secret.startswith("whsec_")
    assert len(secret) > 40
    assert secret.encode() not in bytes(webhook.secret_ciphertext)
    assert secret not in repr(webhook)
    audit = AuditEvent.objects.get(action="webhook.create")
    assert (audit.actor_id, audit.team_id, audit.target_id) == (owner.pk, team.pk, str(webhook.pk))
    assert secret not in str(audit.after)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/hook",
        "javascript:alert(1)",
        "example.com/hook",
        "http://",
        "https://user:password@example.com/hook",
        "https://token@example.com/hook",
        "http://exa mple.com/",
        "http://example.com/\nX-Injected: 1",
        "http://[::1/",
        "http://example.com:99999/",
        "http://example.com:0/",
        "https://" + "a" * 2000 + ".com/",
        "",
    ],
)
def test_create_refuses_urls_huntaze_will_not_post_to(owner, team, url):
    with pytest.raises(WebhookUrlInvalidError) as caught:
        _create(owner, team, url=url)
    assert caught.value.extra["field"] == "url"
    assert caught.value.http_status == 422
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/",
        "http://192.168.1.10/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
    ],
)
def test_private_addresses_are_refused_unless_allowed(settings, owner, team, url):
    settings.HUNTAZE_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(WebhookAddressRefusedError) as caught:
        _create(owner, team, url=url)
    assert "private network" in caught.value.message
    assert not Webhook.objects.exists()


def test_private_addresses_are_accepted_when_the_setting_allows_them(owner, team):
    assert _create(owner, team, url="http://127.0.0.1:9/hook").url == "http://127.0.0.1:9/hook"


def test_an_unresolvable_host_is_refused_clearly(settings, owner, team):
    settings.HUNTAZE_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(WebhookAddressRefusedError, match="could not find this host"):
        _create(owner, team, url="https://no-such-host.invalid/hook")


@pytest.mark.parametrize("event_types", [[], ["new_tip", "nope"], ["<script>"]])
def test_event_types_must_be_known_and_not_empty(owner, team, event_types):
    with pytest.raises(ValidationError) as caught:
        _create(owner, team, event_types=event_types)
    assert caught.value.extra["field"] == "event_types"


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_name_is_required(owner, team, name):
    with pytest.raises(ValidationError):
        _create(owner, team, name=name)


def test_a_team_has_at_most_twenty_webhooks(owner, team):
    for n in range(WEBHOOKS_PER_TEAM_MAX):
        _create(owner, team, name=f"hook {n}")
    with pytest.raises(WebhookLimitError):
        _create(owner, team, name="one too many")


def test_managers_manage_webhooks_chatters_and_other_teams_cannot(owner, team, account):
    manager = make_member(team, Role.MANAGER)
    chatter = make_member(team, Role.CHATTER, accounts=[account])
    webhook = _create(manager, team)
    with pytest.raises(PermissionDeniedError):
        _create(chatter, team)
    stranger = make_user()
    make_team("Other", owner=stranger)
    with pytest.raises(NotFoundError):
        _create(stranger, team)
    for user in (chatter, stranger):
        with pytest.raises(NotFoundError):
            webhook_get(user=user, webhook_id=webhook.pk)
        with pytest.raises(NotFoundError):
            webhook_secret(user=user, webhook_id=webhook.pk)
        with pytest.raises(NotFoundError):
            webhook_update(user=user, webhook_id=webhook.pk, name="x", url=PUBLIC, event_types=["new_tip"])
        with pytest.raises(NotFoundError):
            webhook_delete(user=user, webhook_id=webhook.pk)
    assert Webhook.objects.get().name == "CRM"


def test_update_audits_what_changed_and_validates(owner, team):
    webhook = _create(owner, team)
    webhook_update(user=owner, webhook_id=webhook.pk, name="CRM", url=PUBLIC + "/v2", event_types=["renewed"])
    audit = AuditEvent.objects.get(action="webhook.update")
    assert audit.before == {"url": PUBLIC, "event_types": ["new_tip"]}
    assert audit.after == {"url": PUBLIC + "/v2", "event_types": ["renewed"]}
    with pytest.raises(WebhookUrlInvalidError):
        webhook_update(user=owner, webhook_id=webhook.pk, name="CRM", url="ftp://x", event_types=["renewed"])
    webhook.refresh_from_db()
    assert webhook.url == PUBLIC + "/v2"
    webhook_update(user=owner, webhook_id=webhook.pk, name="CRM", url=PUBLIC + "/v2", event_types=["renewed"])
    assert AuditEvent.objects.filter(action="webhook.update").count() == 1  # no change, no row


def test_turning_a_webhook_back_on_clears_the_automatic_turn_off(owner, team):
    webhook = _create(owner, team)
    Webhook.objects.filter(pk=webhook.pk).update(
        enabled=False, disabled_reason="Turned off automatically", consecutive_failures=10
    )
    webhook = webhook_enabled_set(user=owner, webhook_id=webhook.pk, enabled=True)
    assert (webhook.enabled, webhook.disabled_reason, webhook.consecutive_failures) == (True, "", 0)
    webhook_enabled_set(user=owner, webhook_id=webhook.pk, enabled=True)  # no change
    assert list(
        AuditEvent.objects.filter(action__startswith="webhook.e").values_list("action", flat=True)
    ) == ["webhook.enable"]
    webhook = webhook_enabled_set(user=owner, webhook_id=webhook.pk, enabled=False)
    assert (webhook.enabled, webhook.disabled_reason) == (False, "")
    assert AuditEvent.objects.filter(action="webhook.disable").count() == 1


def test_delete_removes_the_webhook_and_audits(owner, team):
    webhook = _create(owner, team)
    webhook_delete(user=owner, webhook_id=webhook.pk)
    assert not Webhook.objects.exists()
    assert AuditEvent.objects.get(action="webhook.delete").before["url"] == PUBLIC


def test_a_new_secret_replaces_the_old_one(owner, team):
    webhook = _create(owner, team)
    old = webhook_secret(user=owner, webhook_id=webhook.pk)
    webhook_secret_regenerate(user=owner, webhook_id=webhook.pk)
    assert webhook_secret(user=owner, webhook_id=webhook.pk) not in (old, "")
    assert AuditEvent.objects.filter(action="webhook.secret_regenerate").count() == 1


def test_secrets_survive_a_fernet_key_rotation(settings, owner, team):
    webhook = _create(owner, team)
    secret = webhook_secret(user=owner, webhook_id=webhook.pk)
    settings.FERNET_KEYS = [Fernet.generate_key().decode(), *settings.FERNET_KEYS]
    assert webhook_secrets_rotate() == 1
    settings.FERNET_KEYS = settings.FERNET_KEYS[:1]  # the old key is gone
    assert webhook_secret(user=owner, webhook_id=webhook.pk) == secret


def test_a_test_event_goes_through_the_same_path(owner, team, webhook, receiver):
    delivery = webhook_test_send(user=owner, webhook_id=webhook.pk)
    assert (delivery.status, delivery.event_id, delivery.event_type, delivery.attempts) == (
        DeliveryStatus.SUCCEEDED,
        None,
        "test",
        1,
    )
    [request] = receiver.received
    body = request.json()
    assert (body["id"], body["type"], body["account"]) == (None, "test", None)
    assert request.headers["X-Huntaze-Delivery"] == str(delivery.pk)
    assert request.headers["X-Huntaze-Signature"].startswith("sha256=")
    assert AuditEvent.objects.filter(action="webhook.test", actor_id=owner.pk).count() == 1
    webhook_test_send(user=owner, webhook_id=webhook.pk)  # tests are not deduplicated
    assert len(receiver.received) == 2


def test_a_failed_test_event_is_logged_and_retried_later(owner, webhook, receiver):
    receiver.statuses.append(502)
    delivery = webhook_test_send(user=owner, webhook_id=webhook.pk)
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.FAILED, 502)
    assert delivery.next_attempt_at is not None


def test_a_turned_off_webhook_sends_no_test_event(owner, webhook, receiver):
    webhook_enabled_set(user=owner, webhook_id=webhook.pk, enabled=False)
    with pytest.raises(WebhookDisabledError):
        webhook_test_send(user=owner, webhook_id=webhook.pk)
    assert receiver.received == []
    assert not webhook.deliveries.exists()
