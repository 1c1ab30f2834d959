"""Reads of chats, messages, suggestions and outbound messages, scoped to the user's access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import accessible_accounts, get_for_user, scope_for_user
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.selectors import account_get
from huntaze.core.exceptions import ValidationError
from huntaze.core.pagination import InvalidCursorError, Page, paginate
from huntaze.fans.choices import SubscriptionStatus
from huntaze.fans.models import Fan
from huntaze.inbox.compliance import ComplianceHit, compliance_check
from huntaze.inbox.models import Chat, Message, MessageRevision, OutboundMessage, Suggestion
from huntaze.inbox.sla import (
    ResponseTargets,
    chats_needs_reply,
    chats_sla_annotate,
    response_targets_by_account,
)
from huntaze.inbox.suggestions.context import DEFAULT_PRESET
from huntaze.presets.selectors import preset_resolve
from huntaze.segments.selectors import spend_tiers_effective

# OnlyFans counts unread messages, and nobody marked the chat read in Huntaze since its last message.
UNREAD = Q(unread_count__gt=0) & (
    Q(read_through_onlyfans_id__isnull=True) | Q(last_message_onlyfans_id__gt=F("read_through_onlyfans_id"))
)


Assignee = Literal["all", "mine", "unassigned"]
ASSIGNEES: tuple[Assignee, ...] = ("all", "mine", "unassigned")


def chat_list(
    *,
    user: AbstractBaseUser | None,
    account_id: int | None = None,
    unread: bool | None = None,
    assigned_to: int | None = None,
    assignee: Assignee = "all",
) -> QuerySet[Chat]:
    """Visible chats. ``unread``: OnlyFans counts unread messages and nobody marked the chat
    read in Huntaze (or the opposite for ``False``); ``assigned_to``: a user id; ``assignee``:
    the inbox switch, assigned to the viewer (``mine``), to nobody, or ``all``."""
    # Fans are prefetched, not joined: SQLite joined every visible chat before sorting for a
    # page (80 ms instead of 10 ms on 20k chats).
    chats = scope_for_user(Chat.objects.prefetch_related("fan"), user=user)
    if account_id is not None:
        chats = chats.filter(account_id=account_id)
    if unread is not None:
        chats = chats.filter(UNREAD if unread else ~UNREAD)
    if assigned_to is not None:
        chats = chats.filter(assigned_to_id=assigned_to)
    if assignee == "mine":
        chats = chats.filter(assigned_to_id=user.pk if user is not None else None)
    elif assignee == "unassigned":
        chats = chats.filter(assigned_to__isnull=True)
    return chats


def chat_page(
    *,
    user: AbstractBaseUser | None,
    cursor: str | None,
    limit: int,
    account_id: int | None = None,
    unread: bool | None = None,
    assigned_to: int | None = None,
    assignee: Assignee = "all",
    sort: Literal["recent", "needs_reply"] = "recent",
) -> Page[Chat]:
    """A page of chats, each with its ``sla_state``: latest message first, or (``needs_reply``)
    one account's reply queue in the order of ``inbox.sla.chats_needs_reply``.

    The queue is paged by offset: its order moves with the clock (a chat turns at risk, then
    overdue), so no keyset position would stay valid. ``NotFoundError`` for an account the
    user cannot see, ``ValidationError`` for ``needs_reply`` without an account (fan value
    tiers are an account's).
    """
    account = account_get(user=user, account_id=account_id) if account_id is not None else None
    if sort == "needs_reply" and account is None:
        raise ValidationError(
            _("The needs-reply order sorts one account's chats: give an account_id."),
            extra={"field": "account_id"},
        )
    now = timezone.now()
    if account is not None:
        targets = {account.pk: ResponseTargets.of_team(account.team)}
    else:
        targets = response_targets_by_account(accounts=accessible_accounts(user))
    chats = chat_list(
        user=user, account_id=account_id, unread=unread, assigned_to=assigned_to, assignee=assignee
    )
    chats = chats_sla_annotate(chats, targets_by_account=targets, now=now)
    if sort == "needs_reply":
        tiers = spend_tiers_effective(account=account).minimums
        queue = chats_needs_reply(chats, targets_by_account=targets, tier_minimums=tiers, now=now)
        return _offset_page(queue, offset=_offset_decode(cursor), limit=limit)
    return paginate(chats, sort="last_message_at", cursor=cursor, limit=limit)


def chat_get(*, user: AbstractBaseUser | None, chat_id: int) -> Chat:
    return get_for_user(Chat.objects.select_related("fan", "account"), user=user, pk=chat_id)


def message_list(*, user: AbstractBaseUser | None, chat_id: int) -> QuerySet[Message]:
    """Messages of one chat, oldest first. ``NotFoundError`` if the chat is not visible."""
    chat = chat_get(user=user, chat_id=chat_id)
    return Message.objects.filter(chat=chat).order_by("sent_at", "onlyfans_id")


def message_page(
    *, user: AbstractBaseUser | None, chat_id: int, cursor: str | None, limit: int
) -> Page[Message]:
    """A page of one chat's messages, newest first. ``NotFoundError`` if the chat is not visible."""
    chat = chat_get(user=user, chat_id=chat_id)
    return paginate(Message.objects.filter(chat=chat), sort="sent_at", cursor=cursor, limit=limit)


def message_get(*, user: AbstractBaseUser | None, message_id: int) -> Message:
    return get_for_user(Message.objects.all(), user=user, pk=message_id)


def suggestion_get(*, user: AbstractBaseUser | None, suggestion_id: int) -> Suggestion:
    return get_for_user(Suggestion.objects.all(), user=user, pk=suggestion_id)


def outbound_get(*, user: AbstractBaseUser | None, outbound_id: int) -> OutboundMessage:
    return get_for_user(OutboundMessage.objects.select_related("fan"), user=user, pk=outbound_id)


# --- The inbox page: conversation list, thread, fan panel. ---

ChatSort = Literal["recent", "unread", "spend", "needs_reply"]
CHAT_SORTS: tuple[ChatSort, ...] = ("recent", "unread", "spend", "needs_reply")
_NEWEST = F("last_message_at").desc(nulls_last=True)
_CHAT_ORDER = {
    "recent": (_NEWEST, "-pk"),
    "unread": (Case(When(UNREAD, then=Value(1)), default=Value(0)).desc(), _NEWEST, "-pk"),
    "spend": ("-fan__spend_total_cents", _NEWEST, "-pk"),
}
VIP_TAG = "vip"
VIP_BAND = "big_spender"  # the preset's spend band that fans are shown as "VIP"


@dataclass(frozen=True, slots=True)
class InboxFilters:
    """Conversation list filters, combined with AND; ``assignee`` is the mine / unassigned / all
    switch."""

    unread: bool = False
    vip: bool = False
    expired: bool = False
    assignee: Assignee = "all"
    tag: str = ""


def fan_vip_min_cents(*, account: OnlyFansAccount) -> int:
    """Lifetime spend from which a fan is a VIP: where the account's preset starts the band
    it shows fans as "VIP" (a fan tagged ``vip`` is one too, whatever they spent)."""
    preset = preset_resolve(
        slug=account.preset_slug or DEFAULT_PRESET, overrides=account.preset_overrides or {}
    )
    return next(band.min_total_cents for band in preset.pricing.spend_bands if band.band == VIP_BAND)


def inbox_chat_page(
    *,
    user: AbstractBaseUser,
    account_id: int,
    sort: ChatSort = "recent",
    filters: InboxFilters = InboxFilters(),
    cursor: str | None = None,
    limit: int = 30,
) -> Page[Chat]:
    """One "load more" page of an account's conversations, each with ``preview`` (its latest
    message, or ``None``) and ``sla_state``. Four queries whatever the page size (five for
    ``needs_reply``: the account's spend tiers).

    ``unread`` sorts unread conversations first, then by latest message; ``spend`` by the
    fan's total spend; ``needs_reply`` keeps the chats waiting for a reply, most urgent and
    most valuable fan first (``inbox.sla.chats_needs_reply``). The cursor is an offset: the
    page's sorts are not keyset-friendly (unread state, spend and urgency live in expressions
    and on the fan), and a live list is reloaded from the top when it changes anyway. Raises
    ``NotFoundError`` for an account the user cannot see and ``InvalidCursorError`` for a
    cursor this list did not produce.
    """
    account = account_get(user=user, account_id=account_id)
    offset = _offset_decode(cursor)
    chats = chat_list(
        user=user,
        account_id=account.pk,
        unread=True if filters.unread else None,
        assignee=filters.assignee,
    )
    if filters.expired:
        chats = chats.filter(fan__subscription_status=SubscriptionStatus.EXPIRED)
    if filters.tag.strip():
        # Tag names are unique per account: one row per chat at most.
        chats = chats.filter(fan__tags__name=filters.tag.strip().lower())
    if filters.vip:
        tagged = Fan.tags.through.objects.filter(fan_id=OuterRef("fan_id"), tag__name=VIP_TAG)
        chats = chats.filter(
            Q(fan__spend_total_cents__gte=fan_vip_min_cents(account=account)) | Exists(tagged)
        )
    if sort == "spend":
        # Naming the fan's account lets SQLite walk the fans' (account, spend) index and stop
        # after the page instead of joining every chat to its fan first (4 ms, not 25, on 5k chats).
        chats = chats.filter(fan__account_id=account.pk)
    now = timezone.now()
    targets = {account.pk: ResponseTargets.of_team(account.team)}
    chats = chats_sla_annotate(chats, targets_by_account=targets, now=now)
    if sort == "needs_reply":
        tiers = spend_tiers_effective(account=account).minimums
        chats = chats_needs_reply(chats, targets_by_account=targets, tier_minimums=tiers, now=now)
    else:
        chats = chats.order_by(*_CHAT_ORDER[sort])
    page = _offset_page(chats, offset=offset, limit=limit)
    items = page.items
    previews = Message.objects.filter(
        account_id=account.pk,
        onlyfans_id__in=[chat.last_message_onlyfans_id for chat in items if chat.last_message_onlyfans_id],
    ).order_by()
    by_onlyfans_id = {message.onlyfans_id: message for message in previews}
    for chat in items:
        chat.preview = by_onlyfans_id.get(chat.last_message_onlyfans_id)
    return page


def _offset_page(chats: QuerySet[Chat], *, offset: int, limit: int) -> Page[Chat]:
    """The ``limit`` chats from ``offset`` of an ordered queryset; the cursor is the next offset."""
    rows = list(chats[offset : offset + limit + 1])
    return Page(items=rows[:limit], next_cursor=str(offset + limit) if len(rows) > limit else None)


def _offset_decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    if not cursor.isdigit() or len(cursor) > 9:
        raise InvalidCursorError()
    return int(cursor)


def inbox_signature(*, user: AbstractBaseUser, account_id: int) -> str:
    """Changes whenever a conversation of the account gets a message or its unread state moves:
    the live page reloads its list only then (one aggregate query)."""
    figures = chat_list(user=user, account_id=account_id).aggregate(
        latest=Max("last_message_at"), unread=Count("pk", filter=UNREAD), chats=Count("pk")
    )
    latest = figures["latest"].isoformat() if figures["latest"] else "-"
    return f"{latest}/{figures['unread']}/{figures['chats']}"


def message_list_after(
    *, user: AbstractBaseUser, chat_id: int, after_id: int | None, limit: int
) -> list[Message]:
    """A chat's messages after message ``after_id`` in (time, id) order, oldest first, at most
    the newest ``limit`` (``after_id`` ``None``: the newest ``limit``). What a live thread
    appends. ``NotFoundError`` if the chat is not visible."""
    messages = message_list(user=user, chat_id=chat_id)
    if after_id is not None:
        anchor = messages.filter(pk=after_id).values("sent_at")[:1]
        messages = messages.filter(Q(sent_at__gt=anchor) | Q(sent_at=anchor, pk__gt=after_id))
    return list(reversed(messages.order_by("-sent_at", "-pk")[:limit]))


def message_ids_edited(*, message_ids: list[int]) -> set[int]:
    """Which of these (already visible) messages were edited on OnlyFans."""
    revisions = MessageRevision.objects.filter(
        message_id__in=message_ids, kind=MessageRevision.Kind.EDIT
    ).order_by()
    return set(revisions.values_list("message_id", flat=True))


def suggestion_warnings(
    *, suggestions: list[Suggestion]
) -> list[tuple[Suggestion, tuple[ComplianceHit, ...]]]:
    """Each suggestion with the warn rules its text hits (a card shows them; sending it needs
    a reason). Block hits cannot occur: such drafts are never stored."""
    return [(suggestion, compliance_check(text=suggestion.text).warnings) for suggestion in suggestions]


@dataclass(frozen=True, slots=True)
class FanProfile:
    fan: Fan
    tags: list[str]
    vip: bool


def fan_profile(*, fan: Fan, account: OnlyFansAccount) -> FanProfile:
    """The inbox's fan panel for a fan already read through the user's access (``fan`` of a
    visible chat, or returned by a fan service): its tag names and VIP state, one query."""
    tags = list(fan.tags.values_list("name", flat=True))
    vip = VIP_TAG in tags or fan.spend_total_cents >= fan_vip_min_cents(account=account)
    return FanProfile(fan=fan, tags=tags, vip=vip)
