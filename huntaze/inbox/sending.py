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

The other approvals live here too, each taking the human's request: a scheduled message is an
``outbound_approve`` with ``send_at`` (part of the digest; ``outbound_send_due`` sends it then,
``outbound_edit`` cancels it and approves the new version); ``campaign_approve`` freezes a
campaign's recipients as one approved message each; ``sequence_drafts_approve`` turns reviewed
sequence drafts into approved messages. Jobs only send what these recorded (docs/campaigns.md).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from huntaze.accounts.access import FULL_ACCESS_ROLES, get_for_user, require_team_role
from huntaze.accounts.choices import AccountStatus, Role
from huntaze.accounts.connector import onlyfans_client
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.services import account_session_get, account_status_set
from huntaze.audit.services import audit_record_for_account_row
from huntaze.campaigns.choices import CampaignStatus, DraftStatus, EnrollmentStatus
from huntaze.campaigns.exceptions import (
    CampaignStateError,
    CampaignTooLargeError,
    OutboundNotCancellableError,
    RecipientsChangedError,
)
from huntaze.campaigns.models import Campaign, CampaignRecipient, SequenceDraft, SequenceEnrollment
from huntaze.campaigns.selectors import campaign_recipients, drafts_answered, drafts_for_user
from huntaze.content.models import Content, ContentKind
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError, ValidationError
from huntaze.inbox.choices import Direction, OutboundStatus, SuggestionStatus
from huntaze.inbox.compliance import compliance_enforce
from huntaze.inbox.exceptions import (
    ApprovalOutsideRequestError,
    ApprovalRequiredError,
    IdempotencyConflictError,
    OutboundNotSendableError,
    OutboundSendFailedError,
)
from huntaze.inbox.models import Chat, Message, OutboundMessage, Suggestion
from huntaze.inbox.selectors import chat_get
from huntaze.inbox.services import message_upsert_many
from huntaze.onlyfans.exceptions import OnlyFansError, SessionExpiredError, VerificationRequiredError
from huntaze.sync.mapping import message_row

SEND_ROLES = (Role.OWNER, Role.MANAGER, Role.CHATTER)
SCHEDULE_MIN = timedelta(minutes=1)
SCHEDULE_MAX = timedelta(days=30)
# A scheduled message found later than this (the worker was down) fails instead of arriving at
# an hour nobody chose.
SCHEDULE_GRACE = timedelta(hours=12)
SESSION_DEAD = (SessionExpiredError, VerificationRequiredError)
SESSION_DEAD_CODES = frozenset(error.code for error in SESSION_DEAD)
DUE_BATCH = 200  # scheduled messages per run of the minute job
CLOSE_BATCH = 500
CAMPAIGN_RECIPIENTS_MAX = 10_000
DRAFTS_APPROVE_MAX = 100
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
    user, request_id = _approver(request, approved=approved)
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


def _approver(request: HttpRequest | None, *, approved: object) -> tuple[AbstractBaseUser, str]:
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


# --- Scheduled messages: cancel, edit (cancel + a new approval), and the job that sends them. ---


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
    user, _request_id = _approver(request, approved=approved)
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


# --- Campaigns and sequences: approvals of many messages in one human request. ---


def campaign_approve(
    *,
    request: HttpRequest,
    campaign_id: int,
    approved: bool,
    recipient_count_seen: int,
    override_reason: str = "",
) -> Campaign:
    """Approve a draft campaign as the logged-in human: one ``OutboundMessage`` per recipient as
    of now (the segment's fans minus the exclusions), each with its digest, all under this
    request's id, linked by ``CampaignRecipient`` rows. Fans who join the segment later are not
    in it. ``recipient_count_seen`` is the count the review page showed: a different count now
    means the list changed under the human, who must look again.

    Raises ``ApprovalOutsideRequestError``, ``ApprovalRequiredError``, ``NotFoundError``,
    ``PermissionDeniedError`` (owners and managers approve campaigns), ``CampaignStateError``
    unless it is a draft, ``RecipientsChangedError``, ``CampaignTooLargeError``,
    ``ValidationError`` and the compliance errors.
    """
    user, request_id = _approver(request, approved=approved)
    campaign = get_for_user(Campaign.objects.select_related("account", "segment"), user=user, pk=campaign_id)
    require_team_role(user, team_id=campaign.account.team_id, roles=FULL_ACCESS_ROLES)
    if campaign.status != CampaignStatus.DRAFT:
        raise CampaignStateError(extra={"status": campaign.status})
    text, media_ids = outbound_content_check(
        account_id=campaign.account_id,
        text=campaign.text,
        price_cents=campaign.price_cents,
        media_ids=campaign.media_ids,
    )
    checked = compliance_enforce(text=text, override_reason=override_reason)
    now = timezone.now()
    fan_ids = list(
        campaign_recipients(campaign=campaign, now=now).order_by("pk").values_list("pk", flat=True)
    )
    if len(fan_ids) != recipient_count_seen:
        raise RecipientsChangedError(extra={"seen": recipient_count_seen, "now": len(fan_ids)})
    if not fan_ids:
        raise ValidationError("The campaign has no recipients.", extra={"field": "segment"})
    if len(fan_ids) > CAMPAIGN_RECIPIENTS_MAX:
        raise CampaignTooLargeError(extra={"max": CAMPAIGN_RECIPIENTS_MAX, "count": len(fan_ids)})
    with transaction.atomic():
        taken = Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.DRAFT).update(
            status=CampaignStatus.APPROVED,
            text=text,
            media_ids=media_ids,
            approved_by=user,
            approved_at=now,
            approval_request_id=request_id,
            recipient_count=len(fan_ids),
            updated_at=now,
        )
        if not taken:  # approved or cancelled by someone else since it was read
            raise CampaignStateError(extra={"status": "changed"})
        chats = chats_ensure(account_id=campaign.account_id, fan_ids=fan_ids)
        key = f"campaign-{campaign.pk}-"
        rows = [
            OutboundMessage(
                account_id=campaign.account_id,
                chat_id=chats[fan_id],
                fan_id=fan_id,
                text=text,
                price_cents=campaign.price_cents,
                media_ids=media_ids,
                idempotency_key=f"{key}{fan_id}",
                approved_by=user,
                approved_at=now,
                approval_request_id=request_id,
            )
            for fan_id in fan_ids
        ]
        for row in rows:
            row.approval_digest = row.content_digest()
        OutboundMessage.objects.bulk_create(rows, batch_size=CLOSE_BATCH)
        created = (
            OutboundMessage.objects.filter(account_id=campaign.account_id, idempotency_key__startswith=key)
            .order_by("pk")
            .values_list("fan_id", "pk")
        )
        CampaignRecipient.objects.bulk_create(
            [
                CampaignRecipient(campaign_id=campaign.pk, fan_id=fan_id, outbound_id=pk)
                for fan_id, pk in created
            ],
            batch_size=CLOSE_BATCH,
        )
        campaign.refresh_from_db()
        audit_record_for_account_row(
            action="campaign.approve",
            actor=user,
            target=campaign,
            after={
                "text": text,
                "price_cents": campaign.price_cents,
                "media_ids": media_ids,
                "recipient_count": len(fan_ids),
                "segment": campaign.segment_name,
                "exclusions": campaign.exclusions,
                "warnings_overridden": [hit.rule_id for hit in checked.warnings],
                "override_reason": override_reason.strip() if checked.warnings else "",
            },
            request=request,
        )
    return campaign


def chats_ensure(*, account_id: int, fan_ids: Sequence[int]) -> dict[int, int]:
    """``{fan id: chat id}``, making the empty chat of a fan who has none yet (a new subscriber
    messaged first): an outgoing message always belongs to a chat, which the sync fills later."""
    existing = dict(
        Chat.objects.filter(account_id=account_id, fan_id__in=fan_ids).values_list("fan_id", "pk")
    )
    missing = [fan_id for fan_id in fan_ids if fan_id not in existing]
    if missing:
        Chat.objects.bulk_create(
            [Chat(account_id=account_id, fan_id=fan_id) for fan_id in missing],
            batch_size=CLOSE_BATCH,
            ignore_conflicts=True,
        )
        existing.update(
            Chat.objects.filter(account_id=account_id, fan_id__in=missing).values_list("fan_id", "pk")
        )
    return existing


def sequence_drafts_approve(
    *,
    request: HttpRequest,
    draft_ids: Sequence[int],
    approved: bool,
    texts: Mapping[int, str] | None = None,
    override_reason: str = "",
) -> list[SequenceDraft]:
    """Approve the sequence drafts the human reviewed, as they read them (or with ``texts``
    edited per draft id): each becomes an ``OutboundMessage`` approved by this human in this
    request, to send now. A draft no longer waiting is left as it is; a no-reply follow-up whose
    fan wrote meanwhile is cancelled instead. Returns the drafts with their new state.

    Raises ``ApprovalOutsideRequestError``, ``ApprovalRequiredError``, ``NotFoundError`` (one id
    the user cannot see fails them all), ``PermissionDeniedError``, ``ValidationError`` and the
    compliance errors (nothing is approved then).
    """
    user, request_id = _approver(request, approved=approved)
    ids = list(dict.fromkeys(draft_ids))
    if not ids or len(ids) > DRAFTS_APPROVE_MAX:
        raise ValidationError(
            f"Choose 1 to {DRAFTS_APPROVE_MAX} drafts.",
            extra={"field": "draft_ids", "max": DRAFTS_APPROVE_MAX},
        )
    drafts = drafts_for_user(user=user, draft_ids=ids)
    if len(drafts) != len(ids):
        raise NotFoundError()
    for team_id in {draft.account.team_id for draft in drafts}:
        require_team_role(user, team_id=team_id, roles=SEND_ROLES)
    texts = texts or {}
    checked = {}
    for draft in drafts:
        text, _ = outbound_content_check(
            account_id=draft.account_id, text=texts.get(draft.pk, draft.text), price_cents=0, media_ids=()
        )
        checked[draft.pk] = (text, compliance_enforce(text=text, override_reason=override_reason))
    now = timezone.now()
    with transaction.atomic():
        answered = drafts_answered(drafts=drafts)
        chats: dict[int, int] = {}
        for account_id in {draft.account_id for draft in drafts}:
            fans = [draft.fan_id for draft in drafts if draft.account_id == account_id]
            chats |= chats_ensure(account_id=account_id, fan_ids=fans)
        for draft in drafts:
            if draft.status != DraftStatus.PENDING:
                continue
            if draft.pk in answered:
                sequence_draft_cancel(draft=draft, reason=gettext("The fan replied before it was approved."))
                continue
            text, compliance = checked[draft.pk]
            outbound = OutboundMessage(
                account_id=draft.account_id,
                chat_id=chats[draft.fan_id],
                fan_id=draft.fan_id,
                draft_text=draft.text,
                text=text,
                idempotency_key=f"sequence-draft-{draft.pk}",
                approved_by=user,
                approved_at=now,
                approval_request_id=request_id,
            )
            outbound.approval_digest = outbound.content_digest()
            outbound.save()
            draft.status, draft.outbound = DraftStatus.APPROVED, outbound
            draft.decided_by, draft.decided_at = user, now
            draft.save(update_fields=["status", "outbound", "decided_by", "decided_at", "updated_at"])
            audit_record_for_account_row(
                action="outbound.approve",
                actor=user,
                target=outbound,
                before={"draft_text": draft.text},
                after={
                    "text": text,
                    "price_cents": 0,
                    "sequence_draft_id": draft.pk,
                    "warnings_overridden": [hit.rule_id for hit in compliance.warnings],
                    "override_reason": override_reason.strip() if compliance.warnings else "",
                },
                request=request,
            )
    return drafts


def sequence_draft_cancel(*, draft: SequenceDraft, reason: str) -> None:
    """Cancel a waiting draft and its enrollment (a no-reply follow-up whose fan answered)."""
    SequenceDraft.objects.filter(pk=draft.pk, status=DraftStatus.PENDING).update(
        status=DraftStatus.CANCELLED, cancel_reason=reason[:200], updated_at=timezone.now()
    )
    SequenceEnrollment.objects.filter(pk=draft.enrollment_id).update(status=EnrollmentStatus.CANCELLED)
    draft.status, draft.cancel_reason = DraftStatus.CANCELLED, reason[:200]
