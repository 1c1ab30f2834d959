"""Writes of attribution: crediting sales to chatters after each sync, and an owner's reassignment.

Which chatter a sale is credited to follows the team's ``Team.attribution_model``:

* ``sender``: a PPV purchase goes to whoever approved the PPV message that was bought (the fan's
  latest purchased PPV at the sale's price, sent before the sale and not already matched to another
  sale, whose ``onlyfans_message_id`` an ``OutboundMessage`` carries); a tip goes to whoever approved
  the last message sent to the fan through Huntaze before it;
* ``last_chatter``: whoever approved the last message sent to the fan through Huntaze before the sale;
* ``on_shift``: the chatter clocked in on the account at the sale's time; if several were, the one
  of them who last messaged the fan before the sale, else the lowest user id.

A sale nobody can be credited with (a PPV sent directly on OnlyFans, nobody on shift) is stored
with no chatter: it shows as unattributed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from huntaze.accounts.access import get_for_user, require_team_role
from huntaze.accounts.choices import AttributionModel
from huntaze.accounts.models import OnlyFansAccount
from huntaze.attribution.exceptions import ReassignReasonRequiredError, ReassignTargetInvalidError
from huntaze.attribution.models import REASON_MAX_LENGTH, SaleAttribution
from huntaze.attribution.selectors import REASSIGN_ROLES, attribution_members
from huntaze.audit.services import audit_record_for_account_row
from huntaze.earnings.models import EarningKind, EarningsEntry
from huntaze.inbox.choices import Direction, OutboundStatus
from huntaze.inbox.models import Message, OutboundMessage
from huntaze.shifts.selectors import chatters_on_shift

ATTRIBUTED_KINDS = (EarningKind.MESSAGE, EarningKind.TIP)
# A sale still unattributed this recently is looked at again: the message that explains it may
# only arrive with a later sync.
RECHECK_UNATTRIBUTED = timedelta(days=2)
_FANS_PER_PASS = 500


@dataclass(frozen=True, slots=True)
class _Sale:
    entry_id: int
    kind: str
    fan_id: int | None
    at: datetime
    gross_cents: int


@dataclass(frozen=True, slots=True)
class _Credit:
    chatter_id: int | None
    message_id: int | None


class _FanHistory:
    """What one pass needs about a group of fans: the messages sent to them through Huntaze and
    the PPVs they bought, both by time."""

    def __init__(self, *, account_id: int, fan_ids: list[int | None], keep_entry_ids: set[int]) -> None:
        self.sends: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
        self.approver_of: dict[int, int] = {}
        sent = (
            OutboundMessage.objects.filter(
                account_id=account_id, fan_id__in=fan_ids, status=OutboundStatus.SENT, sent_at__isnull=False
            )
            .order_by("sent_at", "pk")
            .values_list("fan_id", "sent_at", "approved_by_id", "onlyfans_message_id")
        )
        for fan_id, sent_at, user_id, onlyfans_id in sent:
            self.sends[fan_id].append((sent_at, user_id))
            if onlyfans_id is not None:
                self.approver_of[onlyfans_id] = user_id
        self.ppvs: dict[int, list[tuple[datetime, int, int, int]]] = defaultdict(list)
        bought = (
            Message.objects.filter(
                account_id=account_id,
                fan_id__in=fan_ids,
                is_purchased=True,
                direction=Direction.OUTGOING,
                price_cents__gt=0,
            )
            .order_by("sent_at", "pk")
            .values_list("fan_id", "sent_at", "pk", "onlyfans_id", "price_cents")
        )
        for fan_id, sent_at, pk, onlyfans_id, price in bought:
            self.ppvs[fan_id].append((sent_at, pk, onlyfans_id, price))
        # PPVs already matched to sales this pass does not recompute stay taken.
        matched = SaleAttribution.objects.filter(account_id=account_id, message__fan_id__in=fan_ids)
        self.used: set[int] = {
            message_id
            for message_id, entry_id in matched.values_list("message_id", "entry_id")
            if entry_id not in keep_entry_ids
        }

    def last_sender(self, fan_id: int | None, at: datetime, among: set[int] | None = None) -> int | None:
        """Who approved the last message sent to the fan at or before ``at`` (one of ``among``)."""
        sends = self.sends.get(fan_id, [])
        for _sent_at, user_id in reversed(sends[: bisect_right(sends, at, key=lambda send: send[0])]):
            if among is None or user_id in among:
                return user_id
        return None

    def bought_ppv(self, sale: _Sale) -> tuple[int, int] | None:
        """``(message pk, OnlyFans id)`` of the PPV this purchase unlocked, marked as taken."""
        for sent_at, pk, onlyfans_id, price in reversed(self.ppvs.get(sale.fan_id, [])):
            if sent_at <= sale.at and price == sale.gross_cents and pk not in self.used:
                self.used.add(pk)
                return pk, onlyfans_id
        return None


def _credit(*, sale: _Sale, model: str, history: _FanHistory, account_id: int) -> _Credit:
    ppv = history.bought_ppv(sale) if sale.kind == EarningKind.MESSAGE else None
    message_id = ppv[0] if ppv else None
    if model == AttributionModel.SENDER and sale.kind == EarningKind.MESSAGE:
        return _Credit(history.approver_of.get(ppv[1]) if ppv else None, message_id)
    if model == AttributionModel.ON_SHIFT:
        on_shift = chatters_on_shift(account_id=account_id, at=sale.at)
        if len(on_shift) > 1:
            return _Credit(history.last_sender(sale.fan_id, sale.at, on_shift) or min(on_shift), message_id)
        return _Credit(next(iter(on_shift), None), message_id)
    return _Credit(history.last_sender(sale.fan_id, sale.at), message_id)


def _batches(items: Iterable[int | None], size: int) -> Iterator[list[int | None]]:
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _sales_to_compute(*, account_id: int, model: str, now: datetime) -> list[_Sale]:
    """Sales without an attribution, and computed ones that are stale: made by another model, or
    still unattributed and recent. Reassigned ones are never picked."""
    computed = SaleAttribution.objects.filter(account_id=account_id, reassigned=False)
    stale = computed.filter(
        ~Q(model=model) | Q(chatter__isnull=True, entry__occurred_at__gte=now - RECHECK_UNATTRIBUTED)
    )
    entries = EarningsEntry.objects.filter(account_id=account_id, kind__in=ATTRIBUTED_KINDS).filter(
        Q(attribution__isnull=True) | Q(attribution__in=stale.values("pk"))
    )
    rows = entries.order_by("occurred_at", "pk").values_list(
        "pk", "kind", "fan_id", "occurred_at", "gross_cents"
    )
    return [_Sale(*row) for row in rows]


def attributions_refresh(*, account_id: int, now: datetime | None = None) -> int:
    """Credit the account's new sales (and recompute stale ones) by the team's model; returns how
    many attributions were created or changed. Idempotent; a reassigned sale is never touched,
    even one reassigned while this ran (its row is locked and checked before the write)."""
    account = OnlyFansAccount.objects.select_related("team").filter(pk=account_id).first()
    if account is None:
        return 0
    model = account.team.attribution_model
    sales = _sales_to_compute(account_id=account_id, model=model, now=now or timezone.now())
    by_fan: dict[int | None, list[_Sale]] = defaultdict(list)
    for sale in sales:
        by_fan[sale.fan_id].append(sale)
    keep = {sale.entry_id for sale in sales}
    credits: dict[int, _Credit] = {}
    # Sales of an unknown fan (no fan row) come last, alone: only the shift can credit them.
    fans = sorted(by_fan, key=lambda fan_id: (fan_id is None, fan_id or 0))
    for fan_ids in _batches(fans, _FANS_PER_PASS):
        history = _FanHistory(account_id=account_id, fan_ids=fan_ids, keep_entry_ids=keep)
        for fan_id in fan_ids:
            for sale in by_fan[fan_id]:
                credits[sale.entry_id] = _credit(
                    sale=sale, model=model, history=history, account_id=account_id
                )
    return _credits_write(account_id=account_id, model=model, credits=credits)


def _credits_write(*, account_id: int, model: str, credits: dict[int, _Credit]) -> int:
    written = 0
    for entry_ids in _batches(sorted(credits), _FANS_PER_PASS):
        with transaction.atomic():
            existing = {
                row.entry_id: row
                for row in SaleAttribution.objects.select_for_update()
                .filter(entry_id__in=entry_ids)
                .order_by("pk")
            }
            new = [
                SaleAttribution(
                    account_id=account_id,
                    entry_id=entry_id,
                    chatter_id=credits[entry_id].chatter_id,
                    message_id=credits[entry_id].message_id,
                    model=model,
                )
                for entry_id in entry_ids
                if entry_id not in existing
            ]
            SaleAttribution.objects.bulk_create(new, ignore_conflicts=True)
            changed = []
            for entry_id, row in existing.items():
                credit = credits[entry_id]
                unchanged = (row.chatter_id, row.message_id, row.model) == (
                    credit.chatter_id,
                    credit.message_id,
                    model,
                )
                if row.reassigned or unchanged:
                    continue
                row.chatter_id, row.message_id, row.model = credit.chatter_id, credit.message_id, model
                row.updated_at = timezone.now()
                changed.append(row)
            SaleAttribution.objects.bulk_update(changed, ["chatter", "message", "model", "updated_at"])
            written += len(new) + len(changed)
    return written


def attribution_reassign(
    *,
    user: AbstractBaseUser,
    attribution_id: int,
    chatter_id: int | None,
    reason: str,
    request: HttpRequest | None = None,
) -> SaleAttribution:
    """Credit a sale to another team member (or nobody) for a stated reason (owners only; audited).

    From then on no refresh or model change rewrites it. ``NotFoundError`` for a sale the user
    cannot see, ``PermissionDeniedError`` for managers and chatters,
    ``ReassignReasonRequiredError`` without a reason, ``ReassignTargetInvalidError`` for someone
    who does not work on the sale's account.
    """
    found = get_for_user(SaleAttribution.objects.select_related("account"), user=user, pk=attribution_id)
    require_team_role(user, team_id=found.account.team_id, roles=REASSIGN_ROLES)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ReassignReasonRequiredError(extra={"field": "reason"})
    if len(reason) > REASON_MAX_LENGTH:
        raise ReassignReasonRequiredError(
            _("Keep the reason to %(max)s characters.") % {"max": REASON_MAX_LENGTH},
            extra={"field": "reason"},
        )
    if (
        chatter_id is not None
        and not attribution_members(account=found.account).filter(user_id=chatter_id).exists()
    ):
        raise ReassignTargetInvalidError(extra={"field": "chatter_id"})
    with transaction.atomic():
        row = SaleAttribution.objects.select_for_update().select_related("account").get(pk=found.pk)
        before = {"chatter_id": row.chatter_id, "model": row.model, "reassigned": row.reassigned}
        row.chatter_id, row.reassigned, row.reason = chatter_id, True, reason
        row.reassigned_by, row.reassigned_at = user, timezone.now()
        row.save(
            update_fields=["chatter", "reassigned", "reason", "reassigned_by", "reassigned_at", "updated_at"]
        )
        audit_record_for_account_row(
            action="attribution.reassign",
            target=row,
            actor=user,
            before=before,
            after={"chatter_id": chatter_id, "entry_id": row.entry_id, "reason": reason},
            request=request,
        )
    return row
