"""Shapes shared by every API router (page envelope, list params, safe text) and the token routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, TypeVar

from ninja import Field, Schema
from pydantic import AfterValidator

from huntaze.api.models import EXPIRES_MAX_DAYS, NAME_MAX_LENGTH
from huntaze.core.pagination import CURSOR_MAX_LENGTH, LIMIT_DEFAULT, LIMIT_MAX, PK_MAX

ItemT = TypeVar("ItemT")


def _storable(value: str) -> str:
    # PostgreSQL text cannot hold NUL and no database stores lone surrogates (valid in JSON
    # escapes): refuse both as a 422 here instead of a database error later.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


def storable_str(max_length: int, *, min_length: int = 0) -> type[str]:
    """A string field the database can store, at most ``max_length`` characters."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_storable)]


Id = Annotated[int, Field(ge=1, le=PK_MAX)]


class PageParams(Schema):
    cursor: storable_str(CURSOR_MAX_LENGTH) | None = Field(
        None, description="`next_cursor` of the previous page."
    )
    limit: int = Field(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX)


class PageOut(Schema, Generic[ItemT]):
    """One page; ``next_cursor`` is null on the last page."""

    items: list[ItemT]
    next_cursor: str | None

    @classmethod
    def model_parametrized_name(cls, params: tuple[type, ...]) -> str:
        # "ChatPage" rather than pydantic's "PageOut[ChatOut]" in the OpenAPI schema.
        return f"{params[0].__name__.removesuffix('Out')}Page"


class ApiTokenIn(Schema):
    team_id: Id
    name: storable_str(NAME_MAX_LENGTH, min_length=1)
    expires_in_days: int | None = Field(
        None, ge=1, le=EXPIRES_MAX_DAYS, description="Days until the token stops working; null: never."
    )


class ApiTokenOut(Schema):
    id: int
    team_id: int
    name: str
    prefix: str
    created_by_id: int
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime | None


class ApiTokenCreatedOut(ApiTokenOut):
    secret: str = Field(description="Shown once: Huntaze stores only its hash.")
