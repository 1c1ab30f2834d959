"""The approval of one message: ``outbound_approve``, and the checks every approval shares.

Only a logged-in human's request approves (``approver_from_request``): it records who approved exactly which
text, price, media, recipient and send time, in which request, as an ``OutboundMessage`` whose
digest binds the approval to that content, plus an audit event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from huntaze.accounts.access import require_team_role
from huntaze.accounts.choices import Role
from huntaze.audit.services import audit_record_for_account_row
from huntaze.content.models import Content, ContentKind
from huntaze.core.exceptions import ValidationError
from huntaze.inbox.choices import SuggestionStatus
from huntaze.inbox.compliance import compliance_enforce
from huntaze.inbox.exceptions import (
    ApprovalOutsideRequestError,
    ApprovalRequiredError,
    IdempotencyConflictError,
)
from huntaze.inbox.models import OutboundMessage, Suggestion
from huntaze.inbox.selectors import chat_get

SEND_ROLES = (Role.OWNER, Role.MANAGER, Role.CHATTER)
SCHEDULE_MIN = timedelta(minutes=1)
SCHEDULE_MAX = timedelta(days=30)
TEXT_MAX = 5_000
PRICE_MAX_CENTS = 200_00  # OnlyFans' highest message price
MEDIA_MAX = 20
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,80}$")


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
    send_at: datetime | None = None,
) -> OutboundMessage:
    """Record a human's approval of exactly this message, or return the one already recorded
    under ``idempotency_key``. With ``send_at`` the message is scheduled: the approval (and its
    digest) names that time and ``outbound_send_due`` sends it then.

    Raises ``ApprovalOutsideRequestError`` without a logged-in human's session request,
    ``ApprovalRequiredError`` unless ``approved``, ``NotFoundError`` for a chat the user cannot
    see, ``PermissionDeniedError`` for a role that may not send, ``ValidationError`` for bad
    input, ``ComplianceBlockedError``/``ComplianceOverrideRequiredError`` from the guard and
    ``IdempotencyConflictError`` when the key was used for other content.
    """
    user, request_id = approver_from_request(request, approved=approved)
    chat = chat_get(user=user, chat_id=chat_id)
    require_team_role(user, team_id=chat.account.team_id, roles=SEND_ROLES)
    text, media_ids = outbound_content_check(
        account_id=chat.account_id, text=text, price_cents=price_cents, media_ids=media_ids
    )
    send_at = _send_at_check(send_at)
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
        send_at=send_at,
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
                    "send_at": send_at.isoformat() if send_at else None,
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
    same = first is not None and (
        first.chat_id,
        first.text,
        first.price_cents,
        first.media_ids,
        first.send_at,
    ) == (chat_id, outbound.text, outbound.price_cents, outbound.media_ids, outbound.send_at)
    if not same:
        raise IdempotencyConflictError(extra={"idempotency_key": idempotency_key})
    return first


def approver_from_request(request: HttpRequest | None, *, approved: object) -> tuple[AbstractBaseUser, str]:
    """The logged-in human making ``request`` and its request id; refuses anything else (a job, a
    timer, a script token) and anything short of an explicit ``approved=True``."""
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
    return user, request_id


def _send_at_check(send_at: datetime | None) -> datetime | None:
    """A scheduled time at least a minute and at most ``SCHEDULE_MAX`` ahead, to the second."""
    if send_at is None:
        return None
    if not isinstance(send_at, datetime) or timezone.is_naive(send_at):
        raise ValidationError(
            "The send time needs a date, a time and a time zone.", extra={"field": "send_at"}
        )
    send_at = send_at.astimezone(UTC).replace(microsecond=0)
    now = timezone.now()
    if not now + SCHEDULE_MIN <= send_at <= now + SCHEDULE_MAX:
        raise ValidationError(
            f"The send time must be between one minute and {SCHEDULE_MAX.days} days from now.",
            extra={"field": "send_at", "max_days": SCHEDULE_MAX.days},
        )
    return send_at


def outbound_content_check(
    *, account_id: int, text: str, price_cents: int, media_ids: Sequence[int]
) -> tuple[str, list[int]]:
    """The text as it would be sent and the media ids, or ``ValidationError``: the checks every
    approval makes (a campaign's draft is checked the same way when it is written)."""
    text = _text_clean(text)
    _price_check(price_cents)
    return text, _media_check(account_id=account_id, media_ids=media_ids, price_cents=price_cents)


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
