"""Reads of fans, always scoped to the requesting user's access."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F, Q, QuerySet, prefetch_related_objects

from huntaze.accounts.access import FULL_ACCESS_ROLES, get_for_user, role_in_team, scope_for_user
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.selectors import account_get
from huntaze.core.money import cents_to_dollars
from huntaze.core.pagination import Page, paginate
from huntaze.fans.models import Fan, Tag
from huntaze.inbox.models import Chat

FanSort = Literal["spend", "last_activity"]  # what the API offers; the dashboard has every key below
FAN_SORT_FIELDS: dict[str, str] = {
    "spend": "spend_total_cents",
    "last_activity": "last_message_at",
    "last_seen": "last_seen_at",
    "subscribed": "subscribed_at",
    "name": "display_name",
}
_SEARCH_FENCE = 10**9  # see ``fan_list``


@dataclass(frozen=True, slots=True)
class FanFilters:
    """What narrows a list of fans, the same for the page, the API and the CSV: a subscription
    status, a tag (names are lower case), a text in the display name or username, a minimum
    total spend, a saved segment."""

    status: str | None = None
    tag: str | None = None
    search: str | None = None
    spend_min_cents: int | None = None
    segment_id: int | None = None


NO_FILTERS = FanFilters()


def fan_list(
    *, user: AbstractBaseUser | None, account_id: int | None = None, filters: FanFilters = NO_FILTERS
) -> QuerySet[Fan]:
    """Visible fans, optionally of one account, narrowed by ``filters`` (``NotFoundError`` for a
    segment the user cannot see)."""
    status, tag, search = filters.status, filters.tag, filters.search
    spend_min_cents, segment_id = filters.spend_min_cents, filters.segment_id
    fans = visible = scope_for_user(Fan.objects.all(), user=user)
    if account_id is not None:
        fans = visible = fans.filter(account_id=account_id)
    if status is not None:
        fans = fans.filter(subscription_status=status)
    if tag is not None:
        # Tag names are unique per account and a fan's tags are its account's: no duplicates.
        fans = fans.filter(tags__name=tag.strip().lower())
    if search:
        # A name in the middle of a text has no index: the matches are found first, from the
        # small (account, display_name, id, username) index, then sorted. Walking the sort order
        # and reading each row instead took ~5x longer for a rare name (0.6 s on 100k fans). The
        # LIMIT, far above any fan list, keeps PostgreSQL from flattening the subquery back into
        # that walk.
        names = Q(display_name__icontains=search) | Q(username__icontains=search)
        fans = fans.filter(pk__in=visible.filter(names).order_by().values("pk")[:_SEARCH_FENCE])
    if spend_min_cents is not None:
        fans = fans.filter(spend_total_cents__gte=spend_min_cents)
    if segment_id is not None:
        # Segments are built on fans (their rules import this app): imported where used.
        from huntaze.segments.selectors import segment_fans

        fans = fans & segment_fans(user=user, segment_id=segment_id)
    return fans


def fan_page(
    *,
    user: AbstractBaseUser | None,
    cursor: str | None,
    limit: int,
    sort: str = "spend",
    descending: bool = True,
    account_id: int | None = None,
    filters: FanFilters = NO_FILTERS,
) -> Page[Fan]:
    """A page of fans by ``sort``, a key of ``FAN_SORT_FIELDS`` (highest, newest or Z first unless
    ``descending=False``; no value last), with their tags (two queries).

    ``NotFoundError`` for an account the user cannot see; ``InvalidCursorError``.
    """
    if account_id is not None:
        account_get(user=user, account_id=account_id)
    fans = fan_list(user=user, account_id=account_id, filters=filters)
    # ``raw`` (every field OnlyFans sent) and the spend snapshot are sync bookkeeping that no list
    # shows; decoding their JSON was a large part of a page's time.
    fans = fans.defer("raw", "spend_snapshot")
    page = paginate(fans, sort=FAN_SORT_FIELDS[sort], cursor=cursor, limit=limit, descending=descending)
    # Tags once for the page, also when a nullable sort read it in two parts.
    prefetch_related_objects(page.items, "tags")
    return page


def fan_get(*, user: AbstractBaseUser | None, fan_id: int) -> Fan:
    return get_for_user(Fan.objects.select_related("account"), user=user, pk=fan_id)


def fan_chat_ids(*, fan_ids: Iterable[int]) -> dict[int, int]:
    """``{fan id: chat id}`` of those fans that have a chat (a fan has at most one per account).

    The ids must come from a scoped read (``fan_page``, ``fan_get``): this adds no access check.
    """
    return dict(Chat.objects.filter(fan_id__in=list(fan_ids)).order_by().values_list("fan_id", "pk"))


_CSV_FIELDS = (
    "pk",
    "onlyfans_id",
    "username",
    "display_name",
    "subscription_status",
    "subscribed_at",
    "expires_at",
    "renew_on",
    "last_seen_at",
    "last_message_at",
)
_CSV_MONEY = (
    *(f"spend_{kind}_cents" for kind in ("total", "subscriptions", "tips", "messages", "posts", "streams")),
)
# The columns named after the fields they hold: the row's id, then money in dollars.
FAN_CSV_HEADER = (
    "id",
    *_CSV_FIELDS[1:],
    *(name.removesuffix("_cents") for name in _CSV_MONEY),
    "tags",
    "notes",
)
_CSV_CHUNK = 2000


def fan_export_allowed(*, user: AbstractBaseUser | None, account: OnlyFansAccount) -> bool:
    """Owners and managers may export an account's fans; a chatter works fans one by one but does
    not take the whole list (with its spend) away."""
    return role_in_team(user, account.team_id) in FULL_ACCESS_ROLES


def fan_csv_rows(
    *,
    user: AbstractBaseUser | None,
    account_id: int,
    sort: str = "spend",
    descending: bool = True,
    filters: FanFilters = NO_FILTERS,
) -> Iterator[list[object]]:
    """The header then one row per fan of the filter, in the page's order: every fan, read in
    chunks so a 100k-fan export streams in constant memory. Values stay typed (money as dollar
    ``Decimal``, times as datetimes) for the CSV writer to format. Raised at once:
    ``NotFoundError`` for an account the user cannot see, ``PermissionDeniedError`` for a chatter
    (see ``fan_export_allowed``).
    """
    account_get(user=user, account_id=account_id, roles=FULL_ACCESS_ROLES)
    field = F(FAN_SORT_FIELDS[sort])
    fans = fan_list(user=user, account_id=account_id, filters=filters).order_by(
        field.desc(nulls_last=True) if descending else field.asc(nulls_last=True),
        "-pk" if descending else "pk",
    )
    return _fan_csv_rows(fans)


def _fan_csv_rows(fans: QuerySet[Fan]) -> Iterator[list[object]]:
    # Plain tuples, not models: building 100k model instances and their tag managers took ~25x longer.
    yield list(FAN_CSV_HEADER)
    split = len(_CSV_FIELDS)
    rows = fans.values_list(*_CSV_FIELDS, *_CSV_MONEY, "notes").iterator(chunk_size=_CSV_CHUNK)
    while chunk := list(islice(rows, _CSV_CHUNK)):
        tags: dict[int, list[str]] = {}
        links = Fan.tags.through.objects.filter(fan_id__in=[row[0] for row in chunk]).order_by("tag__name")
        for fan_id, name in links.values_list("fan_id", "tag__name"):
            tags.setdefault(fan_id, []).append(name)
        for *values, notes in chunk:
            dollars = [cents_to_dollars(cents) for cents in values[split:]]
            yield [*values[:split], *dollars, ";".join(tags.get(values[0], ())), notes]


def tag_list(*, user: AbstractBaseUser | None, account_id: int | None = None) -> QuerySet[Tag]:
    tags = scope_for_user(Tag.objects.all(), user=user)
    if account_id is not None:
        tags = tags.filter(account_id=account_id)
    return tags
