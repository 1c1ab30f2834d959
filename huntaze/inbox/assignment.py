"""Who answers which chat: the team's automatic assignment and each chat's assignment history.

``Team.assignment_mode`` decides what ``chats_auto_assign`` does after each sync: ``manual``
nothing; ``round_robin`` deals the waiting chats to the eligible chatters in turn, starting after
the one who got the account's last automatic assignment; ``capacity`` gives each chat to the
eligible chatter with the fewest open chats, nobody above ``Team.max_open_chats``. Eligible: a
chatter assigned to the account who may work on it now under their shifts. Open chat: assigned
to them and waiting for a reply (``Chat.awaiting_reply_since``). The oldest waiting chat goes
first. ``ChatAssignment`` rows are the record (``assigned_by`` empty); no audit event per chat,
an account can have thousands.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet
from django.utils import timezone

from huntaze.accounts.access import FULL_ACCESS_ROLES, get_for_user, require_team_role
from huntaze.accounts.choices import AssignmentMode, Role
from huntaze.accounts.models import Membership, OnlyFansAccount
from huntaze.inbox.models import Chat, ChatAssignment
from huntaze.inbox.selectors import chat_get
from huntaze.shifts.windows import shift_open_q

AUTO_ASSIGN_BATCH = 1_000


def chatters_eligible(*, account: OnlyFansAccount) -> list[int]:
    """Ids of the active chatters assigned to the account who may work on it now, by id."""
    memberships = Membership.objects.filter(
        team_id=account.team_id, role=Role.CHATTER, accounts=account, user__is_active=True
    ).filter(shift_open_q(at=timezone.now(), account_id=account.pk, membership=OuterRef("pk")))
    return sorted(memberships.values_list("user_id", flat=True))


def _open_counts(*, account_id: int, user_ids: list[int]) -> dict[int, int]:
    open_chats = Chat.objects.filter(
        account_id=account_id, assigned_to_id__in=user_ids, awaiting_reply_since__isnull=False
    )
    counts = dict(open_chats.values_list("assigned_to_id").annotate(n=Count("pk")).order_by())
    return {user_id: counts.get(user_id, 0) for user_id in user_ids}


def _round_robin(*, account_id: int, user_ids: list[int], count: int) -> list[int]:
    """``count`` assignees in turn, continuing after the last chatter the rule picked here."""
    last = (
        ChatAssignment.objects.filter(account_id=account_id, mode=AssignmentMode.ROUND_ROBIN)
        .order_by("-created_at", "-pk")
        .values_list("assigned_to_id", flat=True)
        .first()
    )
    # The first chatter after the last one picked, by id (also when that one left the rotation).
    start = next((i for i, user_id in enumerate(user_ids) if last is not None and user_id > last), 0)
    return [user_ids[(start + i) % len(user_ids)] for i in range(count)]


def _by_capacity(*, account_id: int, user_ids: list[int], count: int, limit: int) -> list[int]:
    """Up to ``count`` assignees, each the least loaded (ties: lowest id), none above ``limit``."""
    loads = [(n, user_id) for user_id, n in _open_counts(account_id=account_id, user_ids=user_ids).items()]
    heapq.heapify(loads)
    picked = []
    while loads and len(picked) < count:
        n, user_id = heapq.heappop(loads)
        if n >= limit:
            break
        picked.append(user_id)
        heapq.heappush(loads, (n + 1, user_id))
    return picked


def chats_auto_assign(*, account_id: int) -> int:
    """Assign the account's unassigned chats that wait for a reply by the team's mode; returns how
    many were assigned. Bulk writes; safe to run again (only unassigned chats are touched)."""
    account = OnlyFansAccount.objects.select_related("team").filter(pk=account_id).first()
    if account is None or account.team.assignment_mode == AssignmentMode.MANUAL:
        return 0
    mode = account.team.assignment_mode
    user_ids = chatters_eligible(account=account)
    if not user_ids:
        return 0
    waiting = Chat.objects.filter(
        account_id=account_id, assigned_to__isnull=True, awaiting_reply_since__isnull=False
    ).order_by("awaiting_reply_since", "pk")
    with transaction.atomic():
        chat_ids = list(waiting.select_for_update().values_list("pk", flat=True)[:AUTO_ASSIGN_BATCH])
        if not chat_ids:
            return 0
        if mode == AssignmentMode.ROUND_ROBIN:
            assignees = _round_robin(account_id=account_id, user_ids=user_ids, count=len(chat_ids))
        else:
            assignees = _by_capacity(
                account_id=account_id,
                user_ids=user_ids,
                count=len(chat_ids),
                limit=account.team.max_open_chats,
            )
        pairs = list(zip(chat_ids, assignees, strict=False))
        by_user: dict[int, list[int]] = {}
        for chat_id, user_id in pairs:
            by_user.setdefault(user_id, []).append(chat_id)
        now = timezone.now()
        for user_id, ids in by_user.items():
            Chat.objects.filter(pk__in=ids, assigned_to__isnull=True).update(
                assigned_to_id=user_id, updated_at=now
            )
        # One timestamp per row, a microsecond apart: the history's order is the order of the turns.
        ChatAssignment.objects.bulk_create(
            ChatAssignment(
                account_id=account_id,
                chat_id=chat_id,
                assigned_to_id=user_id,
                mode=mode,
                created_at=now + timedelta(microseconds=i),
            )
            for i, (chat_id, user_id) in enumerate(pairs)
        )
    return len(pairs)


def chat_assignment_record(*, chat: Chat, assigned_by: AbstractBaseUser) -> ChatAssignment:
    """Append a person's assignment of ``chat`` (to its current assignee) to its history."""
    return ChatAssignment.objects.create(
        account_id=chat.account_id,
        chat=chat,
        assigned_to_id=chat.assigned_to_id,
        assigned_by=assigned_by,
        mode=AssignmentMode.MANUAL,
        created_at=timezone.now(),
    )


HISTORY_SHOWN = 20


def chat_assignment_history(*, user: AbstractBaseUser, chat_id: int) -> QuerySet[ChatAssignment]:
    """A chat's assignment changes, newest first (``NotFoundError`` if the chat is not visible)."""
    chat = chat_get(user=user, chat_id=chat_id)
    return ChatAssignment.objects.filter(chat=chat).select_related("assigned_to", "assigned_by")


@dataclass(frozen=True, slots=True)
class AssignmentPanel:
    """What the open chat shows about its assignment: who has it, whom the viewer may give it to
    (owners and managers: anyone who can work on the account; chatters: take or give back), and
    the latest changes."""

    chat: Chat
    can_assign_others: bool
    assignees: list[AbstractBaseUser]
    history: list[ChatAssignment]


def chat_assignment_panel(*, user: AbstractBaseUser, chat_id: int) -> AssignmentPanel:
    """Raises ``NotFoundError`` for a chat the user cannot see."""
    chat = get_for_user(Chat.objects.select_related("account", "assigned_to"), user=user, pk=chat_id)
    role = require_team_role(user, team_id=chat.account.team_id, roles=tuple(Role.values))
    manages = role in FULL_ACCESS_ROLES
    history = ChatAssignment.objects.filter(chat=chat).select_related("assigned_to", "assigned_by")
    return AssignmentPanel(
        chat=chat,
        can_assign_others=manages,
        assignees=list(chat_assignees(chat=chat)) if manages else [],
        history=list(history[:HISTORY_SHOWN]),
    )


def chat_assignees(*, chat: Chat) -> QuerySet:
    """Whom a chat can be given to: the account's team members who can work on it (shifts
    ignored: a chat can wait for its chatter's next shift), by username."""
    full = Q(memberships__team_id=chat.account.team_id, memberships__role__in=FULL_ACCESS_ROLES)
    chatter = Q(
        memberships__team_id=chat.account.team_id,
        memberships__role=Role.CHATTER,
        memberships__accounts=chat.account_id,
    )
    return (
        get_user_model().objects.filter(is_active=True).filter(full | chatter).distinct().order_by("username")
    )
