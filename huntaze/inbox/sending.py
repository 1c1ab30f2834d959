"""Human-approved sending: the only way a message leaves Huntaze.

``outbound_approve`` is the approval gate. It takes the ``HttpRequest`` of a logged-in human
(a session, not a script token) and records who approved exactly which text, price and
recipient, when, in which request — as an ``OutboundMessage`` whose digest binds the approval
to that content, plus an audit event. Jobs, timers and suggestion engines have no request, so
they cannot call it; ``huntaze/inbox/tests/test_sending.py`` also fails if any other module
creates an ``OutboundMessage``.

``outbound_send`` hands an approved message to the connector, which re-checks the approval
before any network use. A retried request with the same idempotency key returns the first
result and never sends twice. When OnlyFans may have received a send whose answer was lost,
the message stays ``sending`` and ``outbound_reconcile`` (run by the sync on that chat) matches
it to the synced copy instead of sending it again.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from huntaze.accounts.access import require_team_role
from huntaze.accounts.choices import Role
from huntaze.accounts.connector import onlyfans_client
from huntaze.accounts.services import account_session_get
from huntaze.audit.services import audit_record_for_account_row
from huntaze.content.models import Content, ContentKind
from huntaze.core.exceptions import ValidationError
from huntaze.inbox.choices import Direction, OutboundStatus, SuggestionStatus
from huntaze.inbox.compliance import compliance_enforce
from huntaze.inbox.exceptions import (
    ApprovalOutsideRequestError,
    ApprovalRequiredError,
    IdempotencyConflictError,
    OutboundSendFailedError,
)
from huntaze.inbox.models import Message, OutboundMessage, Suggestion
from huntaze.inbox.selectors import chat_get
from huntaze.inbox.services import message_upsert_many
from huntaze.onlyfans.exceptions import OnlyFansError
from huntaze.sync.mapping import message_row

SEND_ROLES = (Role.OWNER, Role.MANAGER, Role.CHATTER)
TEXT_MAX = 5_000
PRICE_MAX_CENTS = 200_00  # OnlyFans' highest message price
MEDIA_MAX = 20
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,80}$")
RECONCILE_SLACK = timedelta(minutes=5)  # clock skew between Huntaze and OnlyFans


def outbound_approve(
    *,
    request: HttpRequest,
    chat_id: int,
    text: str,
    price_cents: int,
    idempotency_key: str,
    approved: bool,
    media_ids: Sequence[int] = (),
    suggestion_id: int | None = None,
    override_reason: str = "",
) -> OutboundMessage:
    """Record a human's approval of exactly this message, or return the one already recorded
    under ``idempotency_key``.

    Raises ``ApprovalOutsideRequestError`` without a logged-in human's session request,
    ``ApprovalRequiredError`` unless ``approved``, ``NotFoundError`` for a chat the user cannot
    see, ``PermissionDeniedError`` for a role that may not send, ``ValidationError`` for bad
    input, ``ComplianceBlockedError``/``ComplianceOverrideRequiredError`` from the guard and
    ``IdempotencyConflictError`` when the key was used for other content.
    """
    user = getattr(request, "user", None)
    request_id = getattr(request, "request_id", "")
    if (
        not isinstance(request, HttpRequest)
        or user is None
        or not user.is_authenticated
        or not request_id
        or getattr(request, "auth_token", None) is not None
    ):
        raise ApprovalOutsideRequestError()
    if approved is not True:
        raise ApprovalRequiredError()
    chat = chat_get(user=user, chat_id=chat_id)
    require_team_role(user, team_id=chat.account.team_id, roles=SEND_ROLES)
    text = _text_clean(text)
    _price_check(price_cents)
    media_ids = _media_check(account_id=chat.account_id, media_ids=media_ids, price_cents=price_cents)
    if not IDEMPOTENCY_KEY.match(idempotency_key or ""):
        raise ValidationError(
            "The idempotency key must be 8-80 letters, digits or . _ : -", extra={"field": "idempotency_key"}
        )
    suggestion = None
    if suggestion_id is not None:
        suggestion = Suggestion.objects.filter(pk=suggestion_id, chat=chat).first()
        if suggestion is None:
            raise ValidationError(
                "That suggestion is not one of this chat's.", extra={"field": "suggestion_id"}
            )
    checked = compliance_enforce(text=text, override_reason=override_reason)
    outbound = OutboundMessage(
        account=chat.account,
        chat=chat,
        fan=chat.fan,
        suggestion=suggestion,
        draft_text=suggestion.text if suggestion else "",
        text=text,
        price_cents=price_cents,
        media_ids=media_ids,
        idempotency_key=idempotency_key,
        approved_by=user,
        approved_at=timezone.now(),
        approval_request_id=request_id,
    )
    outbound.approval_digest = outbound.content_digest()
    try:
        with transaction.atomic():
            outbound.save()
            if suggestion is not None:
                unchanged = suggestion.text == text and (suggestion.price_cents or 0) == price_cents
                suggestion.status = SuggestionStatus.APPROVED if unchanged else SuggestionStatus.EDITED
                suggestion.decided_by, suggestion.decided_at = user, outbound.approved_at
                suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
            audit_record_for_account_row(
                action="outbound.approve",
                actor=user,
                target=outbound,
                before={"draft_text": outbound.draft_text} if suggestion else None,
                after={
                    "text": text,
                    "price_cents": price_cents,
                    "media_ids": media_ids,
                    "suggestion_id": suggestion_id,
                    "warnings_overridden": [hit.rule_id for hit in checked.warnings],
                    "override_reason": override_reason.strip() if checked.warnings else "",
                },
                request=request,
            )
    except IntegrityError:
        return _outbound_replayed(chat_id=chat.pk, idempotency_key=idempotency_key, outbound=outbound)
    return outbound


def _outbound_replayed(*, chat_id: int, idempotency_key: str, outbound: OutboundMessage) -> OutboundMessage:
    """The message first approved under this key, if it is the same content; else a conflict."""
    first = OutboundMessage.objects.filter(
        account_id=outbound.account_id, idempotency_key=idempotency_key
    ).first()
    same = first is not None and (first.chat_id, first.text, first.price_cents, first.media_ids) == (
        chat_id,
        outbound.text,
        outbound.price_cents,
        outbound.media_ids,
    )
    if not same:
        raise IdempotencyConflictError(extra={"idempotency_key": idempotency_key})
    return first


def _text_clean(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError("The message is empty.", extra={"field": "text"})
    if "\x00" in text:
        raise ValidationError("The message contains a NUL character.", extra={"field": "text"})
    if len(text) > TEXT_MAX:
        raise ValidationError(
            f"The message is longer than {TEXT_MAX} characters.", extra={"field": "text", "max": TEXT_MAX}
        )
    return text


def _price_check(price_cents: int) -> None:
    if isinstance(price_cents, bool) or not isinstance(price_cents, int):
        raise ValidationError("The price must be a whole number of cents.", extra={"field": "price_cents"})
    if not 0 <= price_cents <= PRICE_MAX_CENTS:
        raise ValidationError(
            f"The price must be between $0 and ${PRICE_MAX_CENTS // 100}.",
            extra={"field": "price_cents", "max": PRICE_MAX_CENTS},
        )


def _media_check(*, account_id: int, media_ids: Sequence[int], price_cents: int) -> list[int]:
    """Media must be the account's own synced vault items; a priced message (PPV) needs some."""
    ids = list(dict.fromkeys(media_ids))
    if any(isinstance(m, bool) or not isinstance(m, int) for m in ids) or len(ids) > MEDIA_MAX:
        raise ValidationError(
            f"Media must be up to {MEDIA_MAX} vault item ids.", extra={"field": "media_ids", "max": MEDIA_MAX}
        )
    known = set(
        Content.objects.filter(
            account_id=account_id, kind=ContentKind.VAULT, onlyfans_id__in=ids
        ).values_list("onlyfans_id", flat=True)
    )
    if unknown := [m for m in ids if m not in known]:
        raise ValidationError("Unknown vault media.", extra={"field": "media_ids", "unknown": unknown})
    if price_cents and not ids:
        raise ValidationError("A priced message needs media to unlock.", extra={"field": "media_ids"})
    return ids


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
        outbound.assert_sendable()
        # Claimed in the database (a concurrent retry now returns above); the object handed to
        # the connector still reads "approved", which its own check requires.
        OutboundMessage.objects.filter(pk=outbound.pk).update(status=OutboundStatus.SENDING)
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
