"""Writes of the analytics domain: chat turns derived from messages, and the stored recommendations."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.calibration import calibration_compute
from huntaze.analytics.choices import Period
from huntaze.analytics.forms import PeriodForm
from huntaze.analytics.models import AnalyticsState, ChatTurn, Recommendation
from huntaze.analytics.selectors import analytics_page
from huntaze.inbox.choices import Direction, OutboundStatus
from huntaze.inbox.models import Message, OutboundMessage

CHAT_BATCH = 500


def _seconds_between(later: str, earlier: str) -> str:
    """SQL for the seconds from ``earlier`` to ``later`` (two timestamp columns)."""
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    # SQLite keeps Django's UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]', which julianday reads.
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"


def _turns_insert(account_id: int, chat_ids: list[int] | None) -> None:
    """Insert the turns of ``chat_ids`` (every chat of the account if ``None``) in one statement.

    A chat's messages are numbered by how many outgoing ones precede them, so a fan turn and the
    reply that ends it share a number: one GROUP BY pairs the turn's first message with its reply.
    """
    chats_sql = f"AND chat_id IN ({', '.join(['%s'] * len(chat_ids))})" if chat_ids else ""
    # Only table names, an integer id and a vendor expression are interpolated; values are parameters.
    sql = f"""
        INSERT INTO {ChatTurn._meta.db_table}
            (account_id, chat_id, asked_at, replied_at, response_seconds, reply_onlyfans_id)
        SELECT {int(account_id)}, chat_id, asked_at, replied_at,
               {_seconds_between("replied_at", "asked_at")}, reply_id
        FROM (
            SELECT chat_id,
                   MIN(CASE WHEN direction = %s THEN sent_at END) AS asked_at,
                   MIN(CASE WHEN direction = %s THEN sent_at END) AS replied_at,
                   MIN(CASE WHEN direction = %s THEN onlyfans_id END) AS reply_id
            FROM (
                SELECT chat_id, direction, sent_at, onlyfans_id,
                       COALESCE(SUM(CASE WHEN direction = %s THEN 1 ELSE 0 END) OVER (
                           PARTITION BY chat_id ORDER BY sent_at, onlyfans_id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                       ), 0) AS turn
                FROM {Message._meta.db_table}
                WHERE account_id = %s AND is_deleted = %s {chats_sql}
            ) numbered
            GROUP BY chat_id, turn
        ) turns
        WHERE asked_at IS NOT NULL
    """  # noqa: S608
    incoming, outgoing = Direction.INCOMING.value, Direction.OUTGOING.value
    params = [incoming, outgoing, outgoing, outgoing, account_id, False, *(chat_ids or [])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _turns_credit(account_id: int, chat_ids: list[int] | None) -> None:
    """Credit replies sent through Huntaze to who approved them (``OutboundMessage.approved_by``).

    Matched in Python by OnlyFans message id: a SQL join had no index to probe on either side and
    SQLite compared every turn with every Huntaze-sent message (6 minutes on the large set).
    """
    sent = OutboundMessage.objects.filter(
        account_id=account_id, status=OutboundStatus.SENT, onlyfans_message_id__isnull=False
    ).order_by()
    turns = ChatTurn.objects.filter(
        account_id=account_id, reply_onlyfans_id__in=sent.values("onlyfans_message_id")
    )
    if chat_ids is not None:
        turns = turns.filter(chat_id__in=chat_ids)
    by_reply = dict(turns.order_by().values_list("reply_onlyfans_id", "pk"))
    by_author: dict[int, list[int]] = {}
    reply_ids = list(by_reply)
    for start in range(0, len(reply_ids), CHAT_BATCH):
        batch = sent.filter(onlyfans_message_id__in=reply_ids[start : start + CHAT_BATCH])
        for reply_id, user_id in batch.values_list("onlyfans_message_id", "approved_by_id"):
            by_author.setdefault(user_id, []).append(by_reply[reply_id])
    for user_id, turn_ids in by_author.items():
        for start in range(0, len(turn_ids), CHAT_BATCH):
            ChatTurn.objects.filter(pk__in=turn_ids[start : start + CHAT_BATCH]).update(replied_by_id=user_id)


def chat_turns_refresh(*, account: OnlyFansAccount) -> None:
    """Bring ``ChatTurn`` up to date with the account's messages.

    Chats that received a message row since the last refresh (a higher id: new rows, whatever their
    date, so backfilled history counts too) get all their turns recomputed; the first refresh does
    every chat. A message deleted on OnlyFans later changes its chat's turns only when the chat
    next receives a message.
    """
    newest = Message.objects.aggregate(newest=Max("pk"))["newest"] or 0
    state, _created = AnalyticsState.objects.get_or_create(account=account)
    if state.turns_message_id >= newest:
        return
    chat_ids: list[int] | None = None
    if state.turns_message_id:
        # The id range is read by primary key (it is small); filtering on the account first would
        # make the database walk every message of the account.
        rows = Message.objects.filter(pk__gt=state.turns_message_id, pk__lte=newest).order_by()
        pairs = rows.values_list("account_id", "chat_id")
        chat_ids = sorted({chat_id for account_id, chat_id in pairs if account_id == account.pk})
    with transaction.atomic():
        turns = ChatTurn.objects.filter(account=account)
        if chat_ids is None:
            turns.delete()
            _turns_insert(account.pk, None)
            _turns_credit(account.pk, None)
        else:
            for start in range(0, len(chat_ids), CHAT_BATCH):
                batch = chat_ids[start : start + CHAT_BATCH]
                turns.filter(chat_id__in=batch).delete()
                _turns_insert(account.pk, batch)
                _turns_credit(account.pk, batch)
        AnalyticsState.objects.filter(pk=state.pk).update(
            turns_message_id=newest, turns_refreshed_at=timezone.now()
        )


def calibration_refresh(*, account: OnlyFansAccount) -> list[Recommendation]:
    """Recompute every rule for ``account`` and replace its stored recommendations with the result.

    The rules only read, so they run before the write transaction: SQLite holds one writer at a
    time and a sync may be waiting. Readers see the old set or the new one, never a mix.
    """
    now = timezone.now()
    findings = calibration_compute(account=account, now=now)
    rows = [
        Recommendation(
            account=account,
            rule=finding.rule,
            action=finding.action,
            confidence=finding.confidence,
            priority=finding.priority,
            window_start=finding.window.since,
            window_end=finding.window.until,
            params=finding.params,
            evidence=[item.as_json() for item in finding.evidence],
            fan_id=finding.fan_id,
            computed_at=now,
        )
        for finding in findings
    ]
    with transaction.atomic():
        Recommendation.objects.filter(account=account).delete()
        return Recommendation.objects.bulk_create(rows)


def analytics_refresh(*, account: OnlyFansAccount) -> None:
    """Everything analytics derives after a sync: chat turns, the recommendations, then the page's
    figures for every period and language, so the first view after a sync is a cache hit."""
    chat_turns_refresh(account=account)
    calibration_refresh(account=account)
    analytics_page_warm(account=account)


def analytics_page_warm(*, account: OnlyFansAccount) -> None:
    """Render the analytics page's cached part for each period and language into the cache.

    It needs a cache every process shares (Redis, or the file cache of the embedded setup):
    the worker fills it, web processes read it.
    """
    account.refresh_from_db()  # the version in the cache key includes what the sync just changed
    for days in Period.values:
        page = analytics_page(account=account, days=days)
        context = {"account": account, "form": PeriodForm({"days": days}), "periods": Period.choices}
        context["form"].is_valid()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                render_to_string("analytics/partials/_overview.html", {**context, "page": page})
