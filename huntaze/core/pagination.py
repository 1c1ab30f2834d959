"""Cursor (keyset) pagination: the one helper behind every API list.

Rows come sorted by one field, largest/newest first with NULLs last, then by pk descending, so
the order is total and the same on SQLite and PostgreSQL (``descending=False`` reverses both,
NULLs still last: a dashboard table sorted A to Z). A cursor is opaque to clients: URL-safe
base64 of JSON ``[sort key, last row's value, last row's pk]``, the key being the field name,
suffixed ``:asc`` for an ascending list. The next page starts strictly after that row, so walking
the pages returns each row once — unlike offsets, rows added at the top meanwhile do not shift
later pages.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import ValidationError

M = TypeVar("M", bound=models.Model)

LIMIT_DEFAULT = 50
LIMIT_MAX = 100
CURSOR_MAX_LENGTH = 200
PK_MAX = 2**63 - 1


class InvalidCursorError(ValidationError):
    """A cursor that this list did not produce (edited, truncated, or from another sort)."""

    code = "invalid_cursor"
    default_message = _("This cursor is not valid for this list: start again without it.")


@dataclass(frozen=True, slots=True)
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None


def paginate(
    queryset: QuerySet[M], *, sort: str, cursor: str | None, limit: int, descending: bool = True
) -> Page[M]:
    """One page of ``queryset`` sorted by ``sort`` descending (NULLs last), then pk descending;
    ``descending=False`` sorts both ascending, NULLs still last.

    One query (plus the queryset's prefetches); a nullable ``sort`` costs a second one on the
    page where its values run out. Raises ``InvalidCursorError``.
    """
    field = queryset.model._meta.get_field(sort)
    key = sort if descending else f"{sort}:asc"
    after = _cursor_decode(cursor, key=key, field=field) if cursor else None
    sign = "-" if descending else ""
    if not field.null:
        ordered = queryset.order_by(f"{sign}{sort}", f"{sign}pk")
        rows = _rows_after(ordered, sort=sort, after=after, descending=descending)
        return _page(list(rows[: limit + 1]), sort=sort, key=key, limit=limit)
    # Rows with a value, then NULL rows by pk, each read in plain DESC (or ASC) order: the two
    # databases place NULLs differently in a DESC index, so an explicit "NULLS LAST" would make
    # PostgreSQL sort every visible row instead of reading an index.
    items: list[M] = []
    nulls = queryset.filter(**{f"{sort}__isnull": True}).order_by(f"{sign}pk")
    if after is None or after[0] is not None:
        valued = queryset.filter(**{f"{sort}__isnull": False}).order_by(f"{sign}{sort}", f"{sign}pk")
        items = list(_rows_after(valued, sort=sort, after=after, descending=descending)[: limit + 1])
    else:
        nulls = nulls.filter(**{"pk__lt" if descending else "pk__gt": after[1]})
    if len(items) <= limit:
        items += list(nulls[: limit + 1 - len(items)])
    return _page(items, sort=sort, key=key, limit=limit)


def _rows_after(
    rows: QuerySet[M], *, sort: str, after: tuple[Any, int] | None, descending: bool
) -> QuerySet[M]:
    """Rows strictly after the (value, pk) position in (``sort``, pk) order, both descending or
    both ascending."""
    if after is None:
        return rows
    value, pk = after
    # ``<=`` first gives the index a range to scan; the OR only breaks ties on the last value.
    if descending:
        return rows.filter(Q(**{f"{sort}__lte": value}) & (Q(**{f"{sort}__lt": value}) | Q(pk__lt=pk)))
    return rows.filter(Q(**{f"{sort}__gte": value}) & (Q(**{f"{sort}__gt": value}) | Q(pk__gt=pk)))


def _page(items: list[M], *, sort: str, key: str, limit: int) -> Page[M]:
    if len(items) <= limit:
        return Page(items=items, next_cursor=None)
    return Page(items=items[:limit], next_cursor=_cursor_encode(sort, key, items[limit - 1]))


def _cursor_encode(sort: str, key: str, row: models.Model) -> str:
    value = getattr(row, sort)
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([key, value, row.pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_decode(cursor: str, *, key: str, field: models.Field) -> tuple[Any, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, value, pk = json.loads(raw)
        if value is not None:
            value = field.to_python(value)
    except (binascii.Error, ValueError, TypeError, OverflowError, DjangoValidationError):
        raise InvalidCursorError() from None
    valid_pk = type(pk) is int and 0 < pk <= PK_MAX
    naive = isinstance(value, datetime) and timezone.is_naive(value)
    if name != key or not valid_pk or naive or (value is None and not field.null):
        raise InvalidCursorError()
    return value, pk
