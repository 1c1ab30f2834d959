"""Reads of saved replies, always through ``accounts.access``.

A user reads an account's own replies when they see the account, and a team's team-wide replies
when they belong to the team (chatters included: they are the ones who use them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from huntaze.accounts.access import FULL_ACCESS_ROLES, accessible_accounts, role_in_team, teams_of
from huntaze.accounts.selectors import account_get, team_get
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError, ValidationError
from huntaze.inbox.selectors import chat_get
from huntaze.replies.models import SavedReply
from huntaze.replies.rendering import reply_render, reply_values

SEARCH_LIMIT = 8
QUERY_MAX_LENGTH = 80


@dataclass(frozen=True, slots=True)
class RepliesOverview:
    """The replies page of one account: each usable reply with whether this user may change it."""

    replies: list[tuple[SavedReply, bool]]
    manages_team: bool  # owners and managers: team-wide replies too


@dataclass(frozen=True, slots=True)
class ReplyMatch:
    """A saved reply rendered for one fan: what the composer receives."""

    reply: SavedReply
    text: str
    price_cents: int | None  # the price the text was rendered with, if any
    missing: tuple[str, ...]


def _visible(user: AbstractBaseUser | None) -> QuerySet[SavedReply]:
    return SavedReply.objects.filter(
        Q(account__in=accessible_accounts(user).values("pk"))
        | Q(account__isnull=True, team__in=teams_of(user).values("pk"))
    )


def _usable_on(account_id: int, team_id: int) -> QuerySet[SavedReply]:
    """An account's own replies, then its team's team-wide ones, each by shortcut."""
    return (
        SavedReply.objects.filter(team_id=team_id)
        .filter(Q(account_id=account_id) | Q(account__isnull=True))
        .order_by(F("account_id").asc(nulls_last=True), "shortcut", "pk")
    )


def saved_reply_list(
    *, user: AbstractBaseUser | None, account_id: int | None = None, team_id: int | None = None
) -> QuerySet[SavedReply]:
    """The replies usable on one account (its own first, then the team's), or a team's team-wide
    replies. ``NotFoundError`` for an account or team the user cannot see."""
    if account_id is not None:
        account = account_get(user=user, account_id=account_id)
        return _usable_on(account.pk, account.team_id).select_related("account", "created_by")
    if team_id is None:
        raise ValidationError(_("Choose an account or the whole team."), extra={"field": "account_id"})
    team = team_get(user=user, team_id=team_id)
    return (
        SavedReply.objects.filter(team_id=team.pk, account__isnull=True)
        .select_related("created_by")
        .order_by("shortcut", "pk")
    )


def saved_reply_editable(*, role: str | None, reply: SavedReply, user_id: int) -> bool:
    """Owners and managers (``role``) change every reply of their team; chatters their own
    per-account ones."""
    if role in FULL_ACCESS_ROLES:
        return True
    return role is not None and reply.account_id is not None and reply.created_by_id == user_id


def saved_replies_overview(*, user: AbstractBaseUser, account_id: int) -> RepliesOverview:
    """What the replies page shows for one account (``NotFoundError`` if the user cannot see it)."""
    account = account_get(user=user, account_id=account_id)
    replies = _usable_on(account.pk, account.team_id).select_related("account", "created_by")
    role = role_in_team(user, account.team_id)
    return RepliesOverview(
        replies=[(reply, saved_reply_editable(role=role, reply=reply, user_id=user.pk)) for reply in replies],
        manages_team=role in FULL_ACCESS_ROLES,
    )


def saved_reply_get(*, user: AbstractBaseUser | None, reply_id: int, to_change: bool = False) -> SavedReply:
    """One reply the user may read, or ``NotFoundError`` (also for another tenant's). With
    ``to_change``, one they may also change (``PermissionDeniedError`` otherwise)."""
    reply = _visible(user).select_related("account", "team").filter(pk=reply_id).first()
    if reply is None:
        raise NotFoundError()
    if to_change and not saved_reply_editable(
        role=role_in_team(user, reply.team_id), reply=reply, user_id=user.pk
    ):
        raise PermissionDeniedError(
            _("Only owners, managers and the chatter who saved it can change this reply.")
        )
    return reply


def saved_reply_search(
    *,
    user: AbstractBaseUser | None,
    chat_id: int,
    query: str = "",
    price_cents: int | None = None,
    now: datetime | None = None,
) -> list[ReplyMatch]:
    """The composer's "/" search: replies usable on the chat's account whose shortcut starts with
    ``query`` or whose title contains it, rendered for the chat's fan. ``price_cents`` (typed in
    the composer) wins over a reply's default price. ``NotFoundError`` for a chat the user cannot see.
    """
    chat = chat_get(user=user, chat_id=chat_id)
    replies = _usable_on(chat.account_id, chat.account.team_id)
    query = query.strip()[:QUERY_MAX_LENGTH]
    if query:
        replies = replies.filter(Q(shortcut__istartswith=query) | Q(title__icontains=query))
    matches = []
    for reply in replies[:SEARCH_LIMIT]:
        price = price_cents or reply.price_cents
        values = reply_values(fan=chat.fan, account=chat.account, price_cents=price, now=now)
        rendered = reply_render(body=reply.body, values=values)
        matches.append(
            ReplyMatch(reply=reply, text=rendered.text, price_cents=price, missing=rendered.missing)
        )
    return matches
