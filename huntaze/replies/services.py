"""Writes of saved replies: create, change, delete (audited).

Who manages which replies:

* owners and managers: every reply of their team, team-wide or per account;
* chatters: replies of their own on an account they work on (they create them, change and
  delete only theirs); team-wide replies and other people's are read-only for them.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from huntaze.accounts.access import FULL_ACCESS_ROLES
from huntaze.accounts.selectors import account_get, team_get
from huntaze.audit.services import audit_record
from huntaze.core.exceptions import ValidationError
from huntaze.inbox.sending import PRICE_MAX_CENTS
from huntaze.replies.exceptions import ReplyShortcutTakenError
from huntaze.replies.models import BODY_MAX_LENGTH, SHORTCUT_MAX_LENGTH, TITLE_MAX_LENGTH, SavedReply
from huntaze.replies.rendering import body_variables_check
from huntaze.replies.selectors import saved_reply_get

SHORTCUT = re.compile(rf"[a-z0-9][a-z0-9_-]{{0,{SHORTCUT_MAX_LENGTH - 1}}}")


def _cleaned(*, title: str, shortcut: str, body: str, price_cents: int | None) -> dict[str, Any]:
    """The reply's fields as stored, or ``ValidationError`` naming the first bad one."""
    title = " ".join(title.split())
    if not title or len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            _("Give the reply a title of at most %(max)d characters.") % {"max": TITLE_MAX_LENGTH},
            extra={"field": "title"},
        )
    shortcut = shortcut.strip().removeprefix("/").lower()
    if not SHORTCUT.fullmatch(shortcut):
        raise ValidationError(
            _(
                "A shortcut is 1 to %(max)d lowercase letters, digits, “-” or “_”, starting with a "
                "letter or digit."
            )
            % {"max": SHORTCUT_MAX_LENGTH},
            extra={"field": "shortcut"},
        )
    if not body.strip() or len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            _("Write the reply's text (at most %(max)d characters).") % {"max": BODY_MAX_LENGTH},
            extra={"field": "body"},
        )
    body_variables_check(body)
    if price_cents is not None and (
        isinstance(price_cents, bool)
        or not isinstance(price_cents, int)
        or not 0 < price_cents <= PRICE_MAX_CENTS
    ):
        raise ValidationError(
            _("A default price is between $0.01 and $%(max)d, or empty.") % {"max": PRICE_MAX_CENTS // 100},
            extra={"field": "price_cents", "max": PRICE_MAX_CENTS},
        )
    return {"title": title, "shortcut": shortcut, "body": body, "price_cents": price_cents}


def _state(reply: SavedReply) -> dict[str, Any]:
    return {
        "account_id": reply.account_id,
        "title": reply.title,
        "shortcut": reply.shortcut,
        "body": reply.body,
        "price_cents": reply.price_cents,
    }


def _audit(action: str, *, user: AbstractBaseUser, reply: SavedReply, **states: dict[str, Any]) -> None:
    audit_record(
        action=action, actor=user, team_id=reply.team_id, account_id=reply.account_id, target=reply, **states
    )


def _save(reply: SavedReply) -> None:
    """Save, reporting a shortcut taken (now or by a concurrent request) as ``ReplyShortcutTakenError``."""
    scope = SavedReply.objects.filter(team_id=reply.team_id, account_id=reply.account_id)
    if scope.filter(shortcut=reply.shortcut).exclude(pk=reply.pk).exists():
        raise ReplyShortcutTakenError(extra={"shortcut": reply.shortcut})
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError:
        raise ReplyShortcutTakenError(extra={"shortcut": reply.shortcut}) from None


@transaction.atomic
def saved_reply_create(
    *,
    user: AbstractBaseUser,
    title: str,
    shortcut: str,
    body: str,
    price_cents: int | None = None,
    account_id: int | None = None,
    team_id: int | None = None,
) -> SavedReply:
    """Save a reply for one account (``account_id``) or for every account of a team (``team_id``).

    ``NotFoundError`` for an account or team the user cannot see, ``PermissionDeniedError`` for a
    chatter saving a team-wide reply, ``ValidationError`` for bad fields (``ReplyVariableUnknownError``
    for an unknown variable), ``ReplyShortcutTakenError``. Audited.
    """
    if (account_id is None) == (team_id is None):
        raise ValidationError(_("Choose an account or the whole team."), extra={"field": "account_id"})
    if account_id is not None:
        account = account_get(user=user, account_id=account_id)
        team_id = account.team_id
    else:
        team_get(user=user, team_id=team_id, roles=FULL_ACCESS_ROLES)
    reply = SavedReply(
        team_id=team_id,
        account_id=account_id,
        created_by=user,
        **_cleaned(title=title, shortcut=shortcut, body=body, price_cents=price_cents),
    )
    _save(reply)
    _audit("saved_reply.create", user=user, reply=reply, after=_state(reply))
    return reply


@transaction.atomic
def saved_reply_update(
    *, user: AbstractBaseUser, reply_id: int, title: str, shortcut: str, body: str, price_cents: int | None
) -> SavedReply:
    """Change a reply's title, shortcut, text and default price (not its scope). The same errors
    as ``saved_reply_create``; ``PermissionDeniedError`` for a chatter and a reply not theirs."""
    reply = saved_reply_get(user=user, reply_id=reply_id, to_change=True)
    before = _state(reply)
    for field, value in _cleaned(title=title, shortcut=shortcut, body=body, price_cents=price_cents).items():
        setattr(reply, field, value)
    _save(reply)
    _audit("saved_reply.update", user=user, reply=reply, before=before, after=_state(reply))
    return reply


@transaction.atomic
def saved_reply_delete(*, user: AbstractBaseUser, reply_id: int) -> None:
    """Delete a reply (audited with its text). The same permission rule as ``saved_reply_update``."""
    reply = saved_reply_get(user=user, reply_id=reply_id, to_change=True)
    _audit("saved_reply.delete", user=user, reply=reply, before=_state(reply))
    reply.delete()
