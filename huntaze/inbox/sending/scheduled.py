"""Scheduled messages: cancel, edit (a cancel plus a new approval), and the job that sends them.

The time is part of the approval (``OutboundMessage.send_at``); ``outbound_send_due`` only sends what
a human approved, and fails — never retries — what it cannot send (missed time, dead session).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from huntaze.accounts.access import get_for_user, require_team_role
from huntaze.accounts.choices import AccountStatus, Role
from huntaze.accounts.models import OnlyFansAccount
from huntaze.audit.services import audit_record_for_account_row
from huntaze.campaigns.exceptions import OutboundNotCancellableError
from huntaze.core.exceptions import PermissionDeniedError, ValidationError
from huntaze.inbox.choices import OutboundStatus
from huntaze.inbox.exceptions import (
    OutboundNotSendableError,
    OutboundSendFailedError,
)
from huntaze.inbox.models import OutboundMessage
from huntaze.inbox.sending.approval import (
    SEND_ROLES,
    approver_from_request,
    outbound_approve,
)
from huntaze.inbox.sending.delivery import outbound_send

# A scheduled message found later than this (the worker was down) fails instead of arriving at
# an hour nobody chose.
SCHEDULE_GRACE = timedelta(hours=12)
DUE_BATCH = 200  # scheduled messages per run of the minute job
CLOSE_BATCH = 500


def outbound_cancel(*, user: AbstractBaseUser, outbound_id: int) -> OutboundMessage:
    """Cancel an approved message not sent yet (a scheduled one, one campaign recipient).

    Chatters cancel their own approvals; owners and managers any of the account's. Raises
    ``NotFoundError``, ``PermissionDeniedError`` and ``OutboundNotCancellableError`` once a
    worker took it (sending, sent) or it was cancelled already.
    """
    outbound = get_for_user(OutboundMessage.objects.select_related("account"), user=user, pk=outbound_id)
    role = require_team_role(user, team_id=outbound.account.team_id, roles=SEND_ROLES)
    if role == Role.CHATTER and outbound.approved_by_id != user.pk:
        raise PermissionDeniedError(extra={"reason": "not_your_approval"})
    with transaction.atomic():
        if not outbounds_close(outbound_ids=[outbound.pk], status=OutboundStatus.CANCELLED):
            raise OutboundNotCancellableError(extra={"status": outbound.status})
        audit_record_for_account_row(
            action="outbound.cancel",
            actor=user,
            target=outbound,
            before={"status": outbound.status},
            after={"status": OutboundStatus.CANCELLED},
        )
    outbound.refresh_from_db()
    return outbound


def outbound_edit(
    *,
    request: HttpRequest,
    outbound_id: int,
    text: str,
    price_cents: int,
    send_at: datetime | None,
    idempotency_key: str,
    approved: bool,
    media_ids: Sequence[int] = (),
    override_reason: str = "",
) -> OutboundMessage:
    """Change a scheduled message: its approval is cancelled and the new content is a new
    approval by this human, both or neither (a refused new version leaves the old one as it was).

    Raises what ``outbound_cancel`` and ``outbound_approve`` raise; ``ValidationError`` for a
    message that was not scheduled or belongs to a campaign.
    """
    user, _request_id = approver_from_request(request, approved=approved)
    old = get_for_user(OutboundMessage.objects.all(), user=user, pk=outbound_id)
    if old.send_at is None or hasattr(old, "campaign_recipient"):
        raise ValidationError("Only a scheduled message can be edited.", extra={"field": "outbound_id"})
    with transaction.atomic():
        outbound_cancel(user=user, outbound_id=old.pk)
        return outbound_approve(
            request=request,
            chat_id=old.chat_id,
            text=text,
            price_cents=price_cents,
            media_ids=media_ids,
            send_at=send_at,
            idempotency_key=idempotency_key,
            approved=approved,
            override_reason=override_reason,
        )


def outbounds_close(*, outbound_ids: Sequence[int], status: str, code: str = "", message: str = "") -> int:
    """Mark approved messages not taken by a worker yet ``cancelled`` or ``failed`` (with the
    reason); returns how many. A conditional update: one a worker claimed meanwhile is left alone."""
    if status not in (OutboundStatus.CANCELLED, OutboundStatus.FAILED):
        raise ValueError(f"cannot close a message as {status}")
    closed = 0
    ids = list(outbound_ids)
    for start in range(0, len(ids), CLOSE_BATCH):
        closed += OutboundMessage.objects.filter(
            pk__in=ids[start : start + CLOSE_BATCH], status=OutboundStatus.APPROVED
        ).update(status=status, error_code=code, error_message=message[:500], updated_at=timezone.now())
    return closed


def account_unsendable_reason(account: OnlyFansAccount) -> str:
    """Why nothing may be sent on the account now ("" when it may): an expired or missing session
    is not tried again, a retry into a dead session can get the creator's session killed."""
    if account.status != AccountStatus.ACTIVE or not account.has_session:
        return gettext("The OnlyFans session of @%(username)s is not active (%(status)s): reconnect it.") % {
            "username": account.username,
            "status": account.get_status_display(),
        }
    return ""


def outbound_send_due(*, now: datetime | None = None, limit: int = DUE_BATCH) -> int:
    """Send the scheduled messages whose time has come (the minute job); returns how many were
    handed to the connector. Each goes through ``outbound_send``, whose conditional claim lets
    two workers run this at once without sending anything twice. One later than
    ``SCHEDULE_GRACE``, or on an account whose session is not active, fails with the reason and
    is never retried."""
    now = now or timezone.now()
    due = list(
        OutboundMessage.objects.filter(status=OutboundStatus.APPROVED, send_at__lte=now)
        .select_related("account")
        .order_by("send_at", "pk")[:limit]
    )
    handed = 0
    for outbound in due:
        outbound.account.refresh_from_db(fields=["status", "session_ciphertext"])  # a send may flag it
        reason = account_unsendable_reason(outbound.account)
        code = "account_not_active"
        if outbound.send_at < now - SCHEDULE_GRACE:
            reason, code = gettext("Missed its time: the worker was not running."), "schedule_missed"
        if reason:
            with transaction.atomic():
                if outbounds_close(
                    outbound_ids=[outbound.pk], status=OutboundStatus.FAILED, code=code, message=reason
                ):
                    audit_record_for_account_row(
                        action="outbound.send_failed",
                        actor_label="system:schedule",
                        target=outbound,
                        after={"error": code, "message": reason, "ambiguous": False},
                    )
            continue
        outbound_send_job(outbound=outbound)
        handed += 1
    return handed


def outbound_send_job(*, outbound: OutboundMessage) -> OutboundMessage:
    """``outbound_send`` for a job: every outcome is recorded on the row, nothing is raised. A
    message changed since its approval fails (``outbound_not_sendable``) before any request, so
    no later run picks it up again."""
    try:
        return outbound_send(outbound=outbound)
    except OutboundSendFailedError:
        pass  # recorded on the row: failed, or still sending when the answer was lost
    except OutboundNotSendableError as exc:
        with transaction.atomic():
            if outbounds_close(
                outbound_ids=[outbound.pk], status=OutboundStatus.FAILED, code=exc.code, message=exc.message
            ):
                audit_record_for_account_row(
                    action="outbound.send_refused",
                    actor_label="system:send",
                    target=OutboundMessage.objects.select_related("account").get(pk=outbound.pk),
                    after={"error": exc.code, "message": exc.message},
                )
    return OutboundMessage.objects.get(pk=outbound.pk)
