"""Events in words: one sentence per event, for the feed and the live stream."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from huntaze.earnings.models import EarningKind
from huntaze.events.choices import EventType
from huntaze.web.templatetags.money import cents

if TYPE_CHECKING:
    from huntaze.events.models import Event


def event_summary(event: Event) -> str:
    payload = event.payload or {}
    values = {
        "name": payload.get("fan_name") or payload.get("fan_username") or _("A fan"),
        "amount": cents(payload.get("amount_cents")),
        "text": payload.get("text") or "",
    }
    match event.type:
        case EventType.NEW_SUBSCRIBER:
            return _("%(name)s subscribed.") % values
        case EventType.RENEWED:
            return _("%(name)s renewed their subscription.") % values
        case EventType.EXPIRED:
            return _("The subscription of %(name)s expired.") % values
        case EventType.NEW_MESSAGE if values["text"]:
            return _("%(name)s wrote: “%(text)s”") % values
        case EventType.NEW_MESSAGE:
            return _("%(name)s sent a message.") % values
        case EventType.NEW_TIP:
            return _("%(name)s tipped %(amount)s.") % values
        case EventType.NEW_PURCHASE if payload.get("kind") == EarningKind.POST:
            return _("%(name)s bought a post for %(amount)s.") % values
        case EventType.NEW_PURCHASE:
            return _("%(name)s unlocked a PPV message for %(amount)s.") % values
        case EventType.CHARGEBACK:
            return _("%(amount)s from %(name)s was charged back.") % values
        case EventType.SESSION_EXPIRED:
            return _("The OnlyFans session expired: reconnect the account in Settings.")
        case EventType.SYNC_FAILING:
            return _("The sync keeps failing.")
        case EventType.SYNC_RECOVERED:
            return _("The sync works again.")
    return event.get_type_display()
