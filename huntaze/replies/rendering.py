"""Variables of saved replies: ``{fan.first_name}``, ``{price}``… and the renderer that fills them in.

Rendering is a plain substitution over one regular expression and a fixed whitelist: nothing in a
reply's text is ever evaluated (no ``str.format``, no attribute access), so a reply cannot reach
any data the list below does not name. A variable without a value for this fan (no name known,
no price yet) stays in the text as it is, and is reported, so the human sees the gap before
approving.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.models import OnlyFansAccount
from huntaze.core.money import cents_to_dollars
from huntaze.fans.models import Fan
from huntaze.replies.exceptions import ReplyVariableUnknownError

# What a variable looks like: letters, digits, "_" and "." between braces. Anything of that shape
# that is not listed is refused when a reply is saved (a typo would otherwise reach a fan).
TOKEN = re.compile(r"\{([A-Za-z0-9_.]+)\}")
VARIABLES = {
    "fan.first_name": _("The fan's first name, from their display name (or username)."),
    "fan.name": _("The fan's display name (or username)."),
    "fan.days_subscribed": _("Days since the fan subscribed."),
    "creator.name": _("The creator's display name."),
    "price": _("The price: the one typed in the composer, or the reply's default price."),
}
FIRST_NAME_MAX_LENGTH = 40
# OnlyFans gives fans who never chose a username "u" and digits: no name in that.
_GENERATED_USERNAME = re.compile(r"u\d+")
_EDGE_SYMBOLS = re.compile(r"^[\W_]+|[\W_]+$")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    missing: tuple[str, ...]  # variables left as they were, for want of a value


def body_variables_check(body: str) -> list[str]:
    """The variables a reply's text uses, in order; ``ReplyVariableUnknownError`` names any other."""
    names = TOKEN.findall(body)
    unknown = sorted({name for name in names if name not in VARIABLES})
    if unknown:
        unknown_tokens = [f"{{{name}}}" for name in unknown]
        known_tokens = [f"{{{name}}}" for name in VARIABLES]
        raise ReplyVariableUnknownError(
            gettext("Unknown variable: %(unknown)s. Variables are %(known)s.")
            % {"unknown": ", ".join(unknown_tokens), "known": ", ".join(known_tokens)},
            extra={"unknown": unknown_tokens, "known": known_tokens},
        )
    return names


def fan_first_name(fan: Fan) -> str | None:
    """The first word of the display name without emoji or punctuation around it; failing that,
    the letters a chosen username starts with ("jess_88" → "Jess"); ``None`` when neither has one."""
    for word in fan.display_name.split():
        cleaned = _EDGE_SYMBOLS.sub("", word)
        if _LETTERS.search(cleaned):
            return cleaned[:FIRST_NAME_MAX_LENGTH]
    username = fan.username.strip()
    if username and not _GENERATED_USERNAME.fullmatch(username):
        letters = _LETTERS.match(username)
        if letters and len(letters.group()) >= 2:
            name = letters.group()[:FIRST_NAME_MAX_LENGTH]
            return name.capitalize() if name.islower() else name
    return None


def price_text(price_cents: int) -> str:
    """``1500`` → ``$15``, ``999`` → ``$9.99``: how a price reads in a message."""
    return f"${cents_to_dollars(price_cents):,}".removesuffix(".00")


def reply_values(
    *, fan: Fan, account: OnlyFansAccount, price_cents: int | None, now: datetime | None = None
) -> dict[str, str | None]:
    """Each variable's value for one fan of ``account`` (``None``: unknown)."""
    moment = now or timezone.now()
    days = max((moment - fan.subscribed_at).days, 0) if fan.subscribed_at else None
    return {
        "fan.first_name": fan_first_name(fan),
        "fan.name": fan.display_name.strip() or fan.username.strip() or None,
        "fan.days_subscribed": str(days) if days is not None else None,
        "creator.name": account.display_name.strip() or account.username,
        "price": price_text(price_cents) if price_cents else None,
    }


def reply_render(*, body: str, values: dict[str, str | None]) -> Rendered:
    """``body`` with each known variable replaced by its value; unknown names and missing values
    leave the token untouched (and missing ones are reported)."""
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        if value is None:
            if name not in missing:
                missing.append(name)
            return match.group(0)
        return value

    return Rendered(text=TOKEN.sub(fill, body), missing=tuple(missing))
