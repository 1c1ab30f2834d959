"""Response timers (issue 10): how long a chat has waited for a reply, against the team's targets.

A chat's timers come from its synced messages, so a reply typed directly on OnlyFans counts as
soon as a sync brings it in, exactly like one sent through Huntaze:

- ``Chat.first_reply_at``: the chat's first outgoing message;
- ``Chat.awaiting_reply_since``: the first fan message after the chat's last outgoing message
  (``NULL`` when nothing waits).

Messages deleted on OnlyFans count for nothing, as in ``analytics.ChatTurn``: an unsent fan
message needs no answer, and an unsent reply is no longer one. A fan message sent at the very
same instant as a reply counts as answered.

The target is the team's ``first_response_target_minutes`` while the creator side never
answered before the waiting message, else ``next_response_target_minutes``. A waiting chat is
``breached`` once its target has elapsed, ``at_risk`` from 75 % of it, ``ok`` before. Lists read
the state from one SQL expression (``chats_sla_annotate``); the thresholds are computed once in
Python per distinct pair of targets, so the database only compares timestamps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, models, transaction
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import FULL_ACCESS_ROLES, require_team_role, scope_for_user
from huntaze.accounts.models import OnlyFansAccount, Team
from huntaze.analytics.models import ChatTurn
from huntaze.analytics.selectors import Latency
from huntaze.analytics.window import Window
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Chat, Message
from huntaze.segments.choices import SpendTier

AT_RISK_SHARE = 0.75
BACKFILL_BATCH = 1_000
# Stands for "no reply yet" when looking for fan messages after the last reply.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class SlaState(models.TextChoices):
    OK = "ok", _("On time")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Reply overdue")


@dataclass(frozen=True, slots=True)
class ResponseTargets:
    first_minutes: int
    next_minutes: int

    @classmethod
    def of_team(cls, team: Team) -> ResponseTargets:
        return cls(team.first_response_target_minutes, team.next_response_target_minutes)


# --- Timers, written with the messages. ---


def _timer_sql() -> tuple[str, list[object], str, list[object]]:
    """SQL (and parameters) of the outer chat row's ``first_reply_at`` and ``awaiting_reply_since``
    from its messages: the first reply, and the first fan message after the last reply.

    Read by fan (a chat is its fan's one conversation): each is one seek in the messages' (fan,
    direction, sent_at) index. Raw SQL because this runs for every synced page, and the ORM took
    1.5 ms to compile these nested subqueries: 50 times what the database takes to run them.
    """
    chat, message = Chat._meta.db_table, Message._meta.db_table
    epoch = connection.ops.adapt_datetimefield_value(_EPOCH)
    incoming, outgoing = Direction.INCOMING.value, Direction.OUTGOING.value
    # Only table names are interpolated; values are parameters.
    live = f"FROM {message} m WHERE m.fan_id = {chat}.fan_id AND m.direction = %s AND m.is_deleted = %s"
    first = f"SELECT m.sent_at {live} ORDER BY m.sent_at LIMIT 1"
    last = f"SELECT m.sent_at {live} ORDER BY m.sent_at DESC LIMIT 1"
    waiting = f"SELECT m.sent_at {live} AND m.sent_at > COALESCE(({last}), %s) ORDER BY m.sent_at LIMIT 1"
    return first, [outgoing, False], waiting, [incoming, False, outgoing, False, epoch]


def _timers_stale(*, chat_ids: Sequence[int], write: bool) -> int:
    """How many of these chats have timers that differ from their messages; ``write`` corrects
    them (one UPDATE that leaves up-to-date rows untouched)."""
    if not chat_ids:
        return 0
    first, first_params, waiting, waiting_params = _timer_sql()
    # NULL-safe inequality; SQLite spells it IS NOT (IS DISTINCT FROM only since 3.39).
    differs = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    where = (
        f"id IN ({', '.join(['%s'] * len(chat_ids))}) "
        f"AND (first_reply_at {differs} ({first}) OR awaiting_reply_since {differs} ({waiting}))"
    )
    where_params = [*chat_ids, *first_params, *waiting_params]
    chat = Chat._meta.db_table
    with connection.cursor() as cursor:
        if write:
            values = f"first_reply_at = ({first}), awaiting_reply_since = ({waiting})"
            cursor.execute(
                f"UPDATE {chat} SET {values} WHERE {where}",  # noqa: S608
                [*first_params, *waiting_params, *where_params],
            )
            return cursor.rowcount
        cursor.execute(f"SELECT COUNT(*) FROM {chat} WHERE {where}", where_params)  # noqa: S608
        return cursor.fetchone()[0]


def chat_timers_refresh(*, chat_ids: Sequence[int]) -> int:
    """Recompute the timers of these chats from their stored messages (one UPDATE); returns how
    many chats changed. Called with every page of messages the sync or a send writes."""
    return _timers_stale(chat_ids=chat_ids, write=True)


@dataclass(frozen=True, slots=True)
class TimersBackfill:
    chats: int
    changed: int


def chat_timers_backfill(
    *, account_id: int | None = None, batch_size: int = BACKFILL_BATCH, dry_run: bool = False
) -> TimersBackfill:
    """Bring every chat's timers (or one account's) in line with its messages, ``batch_size``
    chats per transaction; returns how many chats were read and how many were (or, with
    ``dry_run``, would be) changed. Rerunnable: a second run changes nothing."""
    chats = Chat.objects.order_by("pk")
    if account_id is not None:
        chats = chats.filter(account_id=account_id)
    seen = changed = 0
    last_pk = 0
    while ids := list(chats.filter(pk__gt=last_pk).values_list("pk", flat=True)[:batch_size]):
        last_pk = ids[-1]
        seen += len(ids)
        with transaction.atomic():
            changed += _timers_stale(chat_ids=ids, write=not dry_run)
    return TimersBackfill(chats=seen, changed=changed)


# --- SLA state of waiting chats. ---


def sla_state(
    *,
    awaiting_reply_since: datetime | None,
    first_reply_at: datetime | None,
    targets: ResponseTargets,
    now: datetime,
) -> SlaState | None:
    """The state of one chat (``None`` when nothing waits): the rule ``chats_sla_annotate``
    applies in SQL, for a chat read on its own."""
    if awaiting_reply_since is None:
        return None
    first = first_reply_at is None or first_reply_at > awaiting_reply_since
    target = timedelta(minutes=targets.first_minutes if first else targets.next_minutes)
    waited = now - awaiting_reply_since
    if waited >= target:
        return SlaState.BREACHED
    return SlaState.AT_RISK if waited >= target * AT_RISK_SHARE else SlaState.OK


def chat_sla_state(*, chat: Chat) -> str | None:
    """A listed chat's annotated state, else computed now for this chat (reads its team)."""
    if hasattr(chat, "sla_state"):
        return chat.sla_state
    state = sla_state(
        awaiting_reply_since=chat.awaiting_reply_since,
        first_reply_at=chat.first_reply_at,
        targets=ResponseTargets.of_team(chat.account.team),
        now=timezone.now(),
    )
    return state.value if state else None


def response_targets_by_account(*, accounts: QuerySet[OnlyFansAccount]) -> dict[int, ResponseTargets]:
    """Each account's team targets, in one query (``accounts`` must come from a scoped read)."""
    rows = accounts.order_by().values_list(
        "pk", "team__first_response_target_minutes", "team__next_response_target_minutes"
    )
    return {pk: ResponseTargets(first, following) for pk, first, following in rows}


def _sla_case(
    *,
    targets_by_account: Mapping[int, ResponseTargets],
    now: datetime,
    values: Mapping[SlaState, object],
    output_field: models.Field,
) -> Case:
    """``values[state]`` for each waiting chat, ``NULL`` for the others.

    Accounts are grouped by their targets (usually one group), so the expression compares
    ``awaiting_reply_since`` with a few constant instants."""
    groups: dict[ResponseTargets, list[int]] = {}
    for account_id, targets in targets_by_account.items():
        groups.setdefault(targets, []).append(account_id)
    first = Q(first_reply_at__isnull=True) | Q(first_reply_at__gt=F("awaiting_reply_since"))
    following = Q(first_reply_at__lte=F("awaiting_reply_since"))
    whens = []
    for state, share in ((SlaState.BREACHED, 1.0), (SlaState.AT_RISK, AT_RISK_SHARE)):
        late = Q()
        for targets, account_ids in groups.items():
            first_since = now - timedelta(minutes=targets.first_minutes) * share
            next_since = now - timedelta(minutes=targets.next_minutes) * share
            late |= Q(account_id__in=account_ids) & (
                (first & Q(awaiting_reply_since__lte=first_since))
                | (following & Q(awaiting_reply_since__lte=next_since))
            )
        if groups:
            whens.append(When(late, then=Value(values[state])))
    whens.append(When(awaiting_reply_since__isnull=False, then=Value(values[SlaState.OK])))
    return Case(*whens, default=Value(None), output_field=output_field)


def chats_sla_annotate(
    chats: QuerySet[Chat], *, targets_by_account: Mapping[int, ResponseTargets], now: datetime
) -> QuerySet[Chat]:
    """``chats`` with ``sla_state`` (an ``SlaState`` value, ``None`` when nothing waits)."""
    values = {state: state.value for state in SlaState}
    return chats.annotate(
        sla_state=_sla_case(
            targets_by_account=targets_by_account, now=now, values=values, output_field=models.CharField()
        )
    )


def chats_needs_reply(
    chats: QuerySet[Chat],
    *,
    targets_by_account: Mapping[int, ResponseTargets],
    tier_minimums: Mapping[str, int],
    now: datetime,
) -> QuerySet[Chat]:
    """The "needs reply (fan value first)" queue: only chats waiting for a reply, ordered by

    1. urgency: breached, then at risk, then on time;
    2. the fan's value: their spend tier (``tier_minimums``, the account's segment tiers),
       highest first, so a whale is answered before a small spender in the same state;
    3. the longest wait first, then the chat id (a total order).

    A tier, not the exact spend, so that within a tier the longest wait still comes first.
    """
    urgency = {SlaState.BREACHED: 2, SlaState.AT_RISK: 1, SlaState.OK: 0}
    tier_order = list(SpendTier.values)
    value_tier = Case(
        *(
            When(fan__spend_total_cents__gte=tier_minimums[tier], then=Value(tier_order.index(tier) + 1))
            for tier in reversed(tier_order)
        ),
        default=Value(0),
    )
    return (
        chats.filter(awaiting_reply_since__isnull=False)
        .annotate(
            sla_urgency=_sla_case(
                targets_by_account=targets_by_account,
                now=now,
                values=urgency,
                output_field=models.IntegerField(),
            ),
            fan_value_tier=value_tier,
        )
        .order_by("-sla_urgency", "-fan_value_tier", "awaiting_reply_since", "pk")
    )


# --- The team's response report. ---


@dataclass(frozen=True, slots=True)
class ResponseReport:
    """Fan turns begun in the window (``analytics.ChatTurn``): how fast the first and the next
    responses came, and how many missed the team's target (answered late, or still waiting
    past it)."""

    targets: ResponseTargets
    first: Latency
    next: Latency
    first_breached: int
    next_breached: int
    first_turns: int
    next_turns: int


def team_response_report(
    *, user: AbstractBaseUser, team_id: int, window: Window, now: datetime | None = None
) -> ResponseReport:
    """First and next response medians (and 90th percentiles) and breach counts over the team's
    accounts for turns begun in ``window``. A first response answers a fan turn the creator
    side had never answered before (the chat's ``first_reply_at`` is later or empty).

    Owners and managers only: ``NotFoundError`` outside the team, ``PermissionDeniedError`` for
    a chatter (it covers accounts they may not see).
    """
    require_team_role(user, team_id=team_id, roles=FULL_ACCESS_ROLES)
    targets = ResponseTargets.of_team(Team.objects.get(pk=team_id))
    now = now or timezone.now()
    turns = scope_for_user(ChatTurn.objects.filter(account__team_id=team_id), user=user).filter(
        asked_at__gte=window.since, asked_at__lt=window.until
    )
    first = Q(chat__first_reply_at__isnull=True) | Q(chat__first_reply_at__gt=F("asked_at"))
    rows = turns.order_by().annotate(
        is_first=Case(When(first, then=Value(True)), default=Value(False), output_field=models.BooleanField())
    )
    seconds: dict[bool, list[float]] = {True: [], False: []}
    breached = {True: 0, False: 0}
    counts = {True: 0, False: 0}
    for asked_at, response_seconds, is_first in rows.values_list("asked_at", "response_seconds", "is_first"):
        target = 60 * (targets.first_minutes if is_first else targets.next_minutes)
        counts[is_first] += 1
        if response_seconds is not None:
            seconds[is_first].append(response_seconds)
            breached[is_first] += response_seconds >= target
        else:
            breached[is_first] += (now - asked_at).total_seconds() >= target
    return ResponseReport(
        targets=targets,
        first=Latency.of(seconds[True]),
        next=Latency.of(seconds[False]),
        first_breached=breached[True],
        next_breached=breached[False],
        first_turns=counts[True],
        next_turns=counts[False],
    )
