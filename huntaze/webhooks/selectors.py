"""Reads of webhooks: a team's owners and managers see its webhooks, secrets and delivery log;
chatters and other teams see none of it (404 for one webhook, as for API tokens)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Prefetch, QuerySet

from huntaze.accounts.access import FULL_ACCESS_ROLES, require_team_role, teams_of
from huntaze.accounts.crypto import secret_decrypt
from huntaze.core.exceptions import NotFoundError
from huntaze.core.pagination import LIMIT_DEFAULT, Page, paginate
from huntaze.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery


def webhook_list(*, user: AbstractBaseUser | None, team_id: int) -> QuerySet[Webhook]:
    """A team's webhooks by name: ``NotFoundError`` outside the user's teams,
    ``PermissionDeniedError`` for a chatter of it."""
    require_team_role(user, team_id=team_id, roles=FULL_ACCESS_ROLES)
    return Webhook.objects.filter(team_id=team_id).select_related("created_by")


def webhook_get(*, user: AbstractBaseUser | None, webhook_id: int, for_update: bool = False) -> Webhook:
    """One webhook of a team the user owns or manages, or ``NotFoundError``."""
    webhooks = Webhook.objects.filter(team__in=teams_of(user, roles=FULL_ACCESS_ROLES).values("pk"))
    if for_update:
        webhooks = webhooks.select_for_update(of=("self",))
    webhook = webhooks.select_related("team", "created_by").filter(pk=webhook_id).first()
    if webhook is None:
        raise NotFoundError()
    return webhook


def webhook_secret_read(*, webhook: Webhook) -> str:
    """The signing secret. ``webhook`` must come from ``webhook_get`` (or a worker's own load):
    this adds no access check."""
    return secret_decrypt(webhook.secret_ciphertext)["secret"]


def webhook_secret(*, user: AbstractBaseUser | None, webhook_id: int) -> str:
    """A webhook's signing secret, for its team's owners and managers (``NotFoundError`` otherwise)."""
    return webhook_secret_read(webhook=webhook_get(user=user, webhook_id=webhook_id))


def webhook_delivery_page(
    *,
    user: AbstractBaseUser | None,
    webhook_id: int,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = LIMIT_DEFAULT,
) -> Page[WebhookDelivery]:
    """A webhook's deliveries, newest first, each with its attempts (two queries a page).

    Raises ``NotFoundError`` for a webhook the user may not manage, ``InvalidCursorError``.
    """
    webhook = webhook_get(user=user, webhook_id=webhook_id)
    deliveries = WebhookDelivery.objects.filter(webhook_id=webhook.pk).prefetch_related(
        Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("number"))
    )
    if status:
        deliveries = deliveries.filter(status=status)
    return paginate(deliveries, sort="id", cursor=cursor, limit=limit)
