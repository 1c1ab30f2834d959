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

The gate is split by what is approved: ``approval`` (one message and the shared checks),
``delivery`` (sending and reconciling), ``scheduled`` (cancel, edit, the due-message job) and ``bulk``
(campaigns and sequence drafts). Import from this package.
"""

from huntaze.inbox.sending.approval import (
    IDEMPOTENCY_KEY,
    MEDIA_MAX,
    PRICE_MAX_CENTS,
    SCHEDULE_MAX,
    SCHEDULE_MIN,
    SEND_ROLES,
    TEXT_MAX,
    outbound_approve,
    outbound_content_check,
)
from huntaze.inbox.sending.bulk import (
    CAMPAIGN_RECIPIENTS_MAX,
    DRAFTS_APPROVE_MAX,
    campaign_approve,
    chats_ensure,
    sequence_draft_cancel,
    sequence_drafts_approve,
)
from huntaze.inbox.sending.delivery import (
    RECONCILE_SLACK,
    SESSION_DEAD,
    SESSION_DEAD_CODES,
    outbound_reconcile,
    outbound_send,
)
from huntaze.inbox.sending.scheduled import (
    CLOSE_BATCH,
    DUE_BATCH,
    SCHEDULE_GRACE,
    account_unsendable_reason,
    outbound_cancel,
    outbound_edit,
    outbound_send_due,
    outbound_send_job,
    outbounds_close,
)

__all__ = [
    "CAMPAIGN_RECIPIENTS_MAX",
    "CLOSE_BATCH",
    "DRAFTS_APPROVE_MAX",
    "DUE_BATCH",
    "IDEMPOTENCY_KEY",
    "MEDIA_MAX",
    "PRICE_MAX_CENTS",
    "RECONCILE_SLACK",
    "SCHEDULE_GRACE",
    "SCHEDULE_MAX",
    "SCHEDULE_MIN",
    "SEND_ROLES",
    "SESSION_DEAD",
    "SESSION_DEAD_CODES",
    "TEXT_MAX",
    "account_unsendable_reason",
    "campaign_approve",
    "chats_ensure",
    "outbound_approve",
    "outbound_cancel",
    "outbound_content_check",
    "outbound_edit",
    "outbound_reconcile",
    "outbound_send",
    "outbound_send_due",
    "outbound_send_job",
    "outbounds_close",
    "sequence_draft_cancel",
    "sequence_drafts_approve",
]
