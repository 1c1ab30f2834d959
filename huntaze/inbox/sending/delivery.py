"""Sending approved messages through the connector, once, and reconciling lost answers.

``outbound_send`` claims the message (approved → sending) before the connector, which re-checks the
approval before any network use. When OnlyFans may have received a send whose answer was lost, the
message stays ``sending`` and ``outbound_reconcile`` (run by the sync on that chat) matches it to the
synced copy instead of sending it again. An expired session fails the message and flags the account.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from huntaze.accounts.choices import AccountStatus
from huntaze.accounts.connector import onlyfans_client
from huntaze.accounts.services import account_session_get, account_status_set
from huntaze.audit.services import audit_record_for_account_row
from huntaze.inbox.choices import Direction, OutboundStatus, SuggestionStatus
from huntaze.inbox.exceptions import OutboundSendFailedError
from huntaze.inbox.models import Message, OutboundMessage, Suggestion
from huntaze.inbox.services import message_upsert_many
from huntaze.onlyfans.exceptions import OnlyFansError, SessionExpiredError, VerificationRequiredError
from huntaze.sync.mapping import message_row

SESSION_DEAD = (SessionExpiredError, VerificationRequiredError)
SESSION_DEAD_CODES = frozenset(error.code for error in SESSION_DEAD)
RECONCILE_SLACK = timedelta(minutes=5)  # clock skew between Huntaze and OnlyFans


def outbound_send(*, outbound: OutboundMessage) -> OutboundMessage:
    """Send an approved message through the connector (once: a sent or in-flight one is returned
    as it is). The returned message is stored at once, so the sync updates that row instead of
    adding a second. Raises ``OutboundSendFailedError`` when OnlyFans refused or failed it."""
    with transaction.atomic():
        outbound = (
            OutboundMessage.objects.select_for_update(of=("self",))
            .select_related("account", "fan", "chat")
            .get(pk=outbound.pk)
        )
        if outbound.status != OutboundStatus.APPROVED:
            return outbound
        if outbound.send_at is not None and outbound.send_at > timezone.now():
            return outbound  # scheduled: ``outbound_send_due`` sends it at its time
        outbound.assert_sendable()
        # Claimed in the database, only if still approved (a concurrent worker or retry finds it
        # taken); the object handed to the connector still reads "approved", which its check requires.
        claimed = OutboundMessage.objects.filter(pk=outbound.pk, status=OutboundStatus.APPROVED).update(
            status=OutboundStatus.SENDING
        )
        if not claimed:
            return outbound
    account = outbound.account
    try:
        sent = asyncio.run(_connector_send(outbound, session=account_session_get(account=account)))
    except OnlyFansError as exc:
        return _send_failed(outbound, exc)
    row = message_row(sent, me_id=account.onlyfans_user_id)
    with transaction.atomic():
        message_upsert_many(
            account_id=account.pk, chat_id=outbound.chat_id, fan_id=outbound.fan_id, rows=[row], window=None
        )
        _mark_sent(outbound, onlyfans_message_id=sent.id, actor_label=f"user:{outbound.approved_by_id}")
    return outbound


async def _connector_send(outbound: OutboundMessage, *, session: dict[str, str]):
    async with onlyfans_client(session) as client:
        return await client.message_send(outbound)


def _send_failed(outbound: OutboundMessage, exc: OnlyFansError) -> OutboundMessage:
    ambiguous = bool(exc.extra.get("ambiguous"))
    outbound.status = OutboundStatus.SENDING if ambiguous else OutboundStatus.FAILED
    outbound.error_code, outbound.error_message = exc.code, exc.message[:500]
    with transaction.atomic():
        outbound.save(update_fields=["status", "error_code", "error_message", "updated_at"])
        audit_record_for_account_row(
            action="outbound.send_unknown" if ambiguous else "outbound.send_failed",
            actor_label="system:send",
            target=outbound,
            after={"error": exc.code, "message": exc.message, "ambiguous": ambiguous},
        )
        if isinstance(exc, SESSION_DEAD):
            # As the sync does: nothing more is sent on this session until someone reconnects it.
            account_status_set(
                account=outbound.account,
                status=AccountStatus.NEEDS_REAUTH,
                reason=exc.message,
                actor_label="system:send",
            )
    raise OutboundSendFailedError(
        exc.message, extra={"outbound_id": outbound.pk, "ambiguous": ambiguous, "cause": exc.code}
    ) from exc


def _mark_sent(outbound: OutboundMessage, *, onlyfans_message_id: int, actor_label: str) -> None:
    outbound.status, outbound.sent_at = OutboundStatus.SENT, timezone.now()
    outbound.onlyfans_message_id = onlyfans_message_id
    outbound.save(update_fields=["status", "sent_at", "onlyfans_message_id", "updated_at"])
    if outbound.suggestion_id:
        Suggestion.objects.filter(pk=outbound.suggestion_id).update(status=SuggestionStatus.SENT)
    audit_record_for_account_row(
        action="outbound.send",
        actor_label=actor_label,
        target=outbound,
        after={"onlyfans_message_id": onlyfans_message_id, "text": outbound.text},
    )


def outbound_reconcile(*, chat_id: int) -> int:
    """Match this chat's sends whose answer was lost to the outgoing messages the sync stored:
    same text and price, sent after the approval, not already claimed. Returns how many."""
    pending = list(
        OutboundMessage.objects.filter(
            chat_id=chat_id, status=OutboundStatus.SENDING, onlyfans_message_id__isnull=True
        )
        .select_related("account")
        .order_by("approved_at")
    )
    if not pending:
        return 0
    claimed = set(
        OutboundMessage.objects.filter(chat_id=chat_id, onlyfans_message_id__isnull=False).values_list(
            "onlyfans_message_id", flat=True
        )
    )
    candidates = list(
        Message.objects.filter(
            chat_id=chat_id,
            direction=Direction.OUTGOING,
            sent_at__gte=pending[0].approved_at - RECONCILE_SLACK,
        )
        .exclude(onlyfans_id__in=claimed)
        .order_by("sent_at", "onlyfans_id")
        .only("onlyfans_id", "text", "price_cents", "sent_at")
    )
    matched = 0
    for outbound in pending:
        for message in candidates:
            if (
                message.text == outbound.text
                and message.price_cents == outbound.price_cents
                and message.sent_at >= outbound.approved_at - RECONCILE_SLACK
            ):
                candidates.remove(message)
                with transaction.atomic():
                    _mark_sent(outbound, onlyfans_message_id=message.onlyfans_id, actor_label="system:sync")
                matched += 1
                break
    return matched
