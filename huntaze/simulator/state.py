"""The live account: the generated base (``data.Dataset``) plus what happened since.

Reads build API payloads page by page (never the whole account); writes (ticks, sends,
edits, deletes, spend changes, chargebacks) append to the dataset's columns or to small
overlay dicts. Live rows are stamped with the real clock, always after the base history,
so they come first in every newest-first list and shift offset pages as on the real site.
"""

from __future__ import annotations

import bisect
import html
import random
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from huntaze.simulator import texts
from huntaze.simulator.data import (
    BASE_TS,
    CREATOR_NAME,
    DAY,
    KIND_NAMES,
    LOADING,
    MESSAGE,
    PAYOUT_PENDING_DAYS,
    SPEND_FIELDS,
    STATUS_NAMES,
    SUBSCRIPTION,
    TIP,
    UNDO,
    Dataset,
    Line,
    dollars,
    iso,
    message_id,
    mix64,
)

_TICK = 101
_QUEUE_ID_BASE = 60_000_000
_SALE_TYPES = {"subscribes": 0, "tips": 1, "chat_messages": 2, "post": 3, "stream": 4}
_CHART_KEYS = ("subscribes", "tips", "messages", "post", "stream")
_MONTH = 30 * DAY


class SimError(Exception):
    """An API error answer: HTTP ``status`` with body ``{"error": {"code", "message"}}``."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(slots=True)
class ChatSummary:
    """What the inbox shows of a chat without reading its messages."""

    last_ts: int = 0
    last_id: int = 0
    unread: int = 0
    read_id: int = 0
    has_unread_tips: bool = False
    last_line: Line | None = None


class SimState:
    """The account as the simulator serves it; one instance per server, single-threaded."""

    def __init__(self, dataset: Dataset, *, clock: Any = time.time) -> None:
        self.data = dataset
        self.clock = clock
        self.ticks = 0
        self.edits: dict[int, tuple[str, int]] = {}
        self.deleted: dict[int, set[int]] = {}
        self.spend_overrides: dict[int, dict[str, int]] = {}
        self.queues: list[dict[str, Any]] = []
        self._summaries: dict[int, ChatSummary] = {}
        self._order: list[int] | None = None
        self._active: array | None = None
        self._expired: array | None = None
        self._latest: array | None = None

    def now(self) -> int:
        """The simulated clock: real time, but never behind the newest sale.

        Live sales get distinct seconds (``_sale_add``), so a burst is stamped a few seconds
        ahead; the clock jumps with it, so no answer (``Date`` header included) ever shows a
        sale from the future.
        """
        ledger = self.data.ledger
        newest_sale = ledger.ts[-1] if len(ledger) else 0
        return max(int(self.clock()), BASE_TS + 1, newest_sale)

    # --- identity ---

    def me(self) -> dict[str, Any]:
        d = self.data
        return {
            "view": "main",
            "id": d.creator_id,
            "username": d.creator_username,
            "name": CREATOR_NAME,
            "avatar": "https://public.onlyfans.com/files/l/lu/luna/avatar.jpg",
            "header": None,
            "isAuth": True,
            "isPerformer": True,
            "isRealPerformer": True,
            "canEarn": True,
            "isVerified": True,
            "email": "luna@example.com",
            "subscribersCount": self.fan_totals()["active"],
            "subscribePrice": 9.99,
            "postsCount": d.spec.posts,
            "chatMessagesCount": d.spec.messages,
            "replyOnSubscribe": True,
            "joinDate": "2021-03-14T09:12:40+00:00",
            "messageMaxPrice": 200,
            "isPaywallRestriction": False,
            "wsUrl": "wss://ws2.onlyfans.com/ws3/",
            "wsAuthToken": "sim-ws-token",
            "lastSeen": None,
            "canCreatePromotion": True,
            "hasScheduledStream": False,
        }

    # --- fans ---

    def fan_or_404(self, fan_id: int) -> int:
        i = self.data.fan_index(fan_id)
        if i is None:
            raise SimError(404, 0, "User not found")
        return i

    def fan_spend(self, i: int) -> dict[str, int]:
        spend = self.data.ledger.spend
        cents = {name: (spend[k][i] if i < len(spend[k]) else 0) for k, name in enumerate(SPEND_FIELDS)}
        cents.update(self.spend_overrides.get(i, {}))
        return cents

    def fan_renewed_ts(self, i: int) -> int | None:
        sub = self.data.fan_subscribed_ts(i)
        months = (min(self.data.fan_expired_ts(i) or BASE_TS, BASE_TS) - sub) // _MONTH
        return sub + months * _MONTH if months >= 1 else None

    def fan_object(self, i: int) -> dict[str, Any]:
        """A subscriber row as ``/subscriptions/subscribers`` and ``/users/{id}`` return it."""
        d = self.data
        profile = d.fan_profile(i)
        fan_id = d.fan_id(i)
        sub = d.fan_subscribed_ts(i)
        expired = d.fan_expired_ts(i)
        renewed = self.fan_renewed_ts(i)
        active = expired is None
        period_end = expired or (renewed or sub) + _MONTH
        renew_off = active and d.fan_renew_off(i)
        price = dollars(d.fan_price(i))
        cents = self.fan_spend(i)
        spend = {name: dollars(value) for name, value in cents.items()}
        months = max(1, ((expired or max(self.now(), BASE_TS)) - sub) // _MONTH)
        current = {
            "id": 500_000 + i,
            "userId": d.creator_id,
            "subscriberId": fan_id,
            "date": iso(renewed or sub),
            "startDate": iso(renewed or sub),
            "expireDate": iso(period_end),
            "cancelDate": iso(expired) if expired else None,
            "price": price,
            "regularPrice": 9.99,
            "discount": 0,
            "earningId": 900_000 + i,
            "action": "renewal" if renewed else "subscribe",
            "type": "regular",
            "offerStart": None,
            "offerEnd": None,
            "isCurrent": active,
        }
        return {
            "view": "s",
            "avatar": profile["avatar"],
            "avatarThumbs": None,
            "header": None,
            "id": fan_id,
            "name": profile["name"],
            "username": profile["username"],
            "displayName": "",
            "notice": "",
            "canLookStory": True,
            "canCommentStory": True,
            "hasNotViewedStory": False,
            "isVerified": False,
            "canPayInternal": True,
            "hasScheduledStream": False,
            "hasStream": False,
            "hasStories": False,
            "tipsEnabled": False,
            "canEarn": False,
            "isPerformer": False,
            "isRealPerformer": False,
            "isRestricted": False,
            "canRestrict": True,
            "isBlocked": False,
            "canReport": True,
            "canReceiveChatMessage": True,
            "lastSeen": iso(min(self.now(), max(sub, BASE_TS - profile["last_seen_ago"]))),
            "subscribedBy": False,
            "subscribedByExpire": None,
            "subscribedByExpireDate": None,
            "subscribedByAutoprolong": None,
            "subscribedIsExpiredNow": None,
            "subscribedOn": active,
            "subscribedOnExpiredNow": not active,
            "subscribedOnDuration": f"{months} month" + ("s" if months > 1 else ""),
            "subscribedOnData": {
                "price": price,
                "newPrice": price,
                "regularPrice": 9.99,
                "subscribePrice": 9.99,
                "discountPercent": 0 if price == 9.99 else 50,
                "discountPeriod": 0,
                "subscribeAt": iso(sub),
                "expiredAt": iso(period_end),
                "renewedAt": iso(renewed),
                "discountStartedAt": None,
                "discountFinishedAt": None,
                "status": "Set to Expire" if renew_off else None,
                "isMuted": False,
                "unsubscribeReason": "",
                "duration": f"{months} month" + ("s" if months > 1 else ""),
                "hasActivePaidSubscriptions": active,
                "subscribes": [current],
                "totalSumm": dollars(sum(cents.values())),
                **spend,
            },
            "listsStates": [
                {"id": "fans", "type": "fans", "name": "Fans", "hasUser": active, "canAddUser": False},
                {
                    "id": "rebill_off",
                    "type": "rebill_off",
                    "name": "Renew off",
                    "hasUser": renew_off,
                    "canAddUser": False,
                },
                {
                    "id": "expired",
                    "type": "expired",
                    "name": "Expired",
                    "hasUser": not active,
                    "canAddUser": False,
                },
                {"id": 1184, "type": "custom", "name": "VIP", "hasUser": profile["vip"], "canAddUser": True},
            ],
            "promoOffers": [],
            "referral": profile["referral"],
        }

    def _fan_lists(self) -> None:
        base = self.data.spec.fans
        active, expired = array("l"), array("l")
        for i in range(base - 1, -1, -1):
            (expired if self.data.fan_expired_ts(i) else active).append(i)
        self._active, self._expired = active, expired
        latest = sorted(
            range(base), key=lambda i: -(self.fan_renewed_ts(i) or self.data.fan_subscribed_ts(i))
        )
        self._latest = array("l", latest)

    def fan_totals(self) -> dict[str, int]:
        if self._active is None:
            self._fan_lists()
        live = self.data.fan_count - self.data.spec.fans
        active = len(self._active) + live
        return {"active": active, "expired": len(self._expired), "all": active + len(self._expired)}

    def subscribers_page(self, *, kind: str, offset: int, limit: int) -> dict[str, Any]:
        """Newest subscribers first (``kind`` = active, expired, all or latest)."""
        if self._active is None:
            self._fan_lists()
        d = self.data
        live = list(range(d.fan_count - 1, d.spec.fans - 1, -1))
        base: Sequence[int]
        if kind == "active":
            base = self._active
        elif kind == "expired":
            base, live = self._expired, []
        elif kind == "latest":
            base = self._latest
        elif kind == "all":
            base = range(d.spec.fans - 1, -1, -1)
        else:
            raise SimError(400, 0, "Invalid type")
        total = len(live) + len(base)
        rows = [
            live[n] if n < len(live) else base[n - len(live)]
            for n in range(offset, min(total, offset + limit))
        ]
        return {"list": [self.fan_object(i) for i in rows], "hasMore": offset + len(rows) < total}

    def counts(self) -> dict[str, Any]:
        t = self.fan_totals()
        return {
            "chatMessages": 0,
            "subscriptions": {
                "active": 0,
                "muted": 0,
                "restricted": 0,
                "expired": 0,
                "blocked": 0,
                "attention": 0,
                "all": 0,
            },
            "subscribers": {
                "active": t["active"],
                "muted": 0,
                "restricted": 0,
                "expired": t["expired"],
                "blocked": 0,
                "all": t["all"],
                "activeOnline": min(t["active"], 3),
            },
            "bookmarks": 0,
        }

    # --- chats ---

    def chat_lines(self, j: int) -> list[Line]:
        lines = self.data.chat_plan(j).lines + self.data.live_lines.get(j, [])
        gone = self.deleted.get(j)
        return [line for line in lines if line.id not in gone] if gone else lines

    def chat_summary(self, j: int) -> ChatSummary:
        """The inbox view of chat ``j``, planned on first use and then kept up to date."""
        summary = self._summaries.get(j)
        if summary is None:
            summary = self._summaries[j] = self._summary_build(j)
        return summary

    def _summary_build(self, j: int) -> ChatSummary:
        plan = self.data.chat_plan(j)
        lines = self.chat_lines(j)
        summary = ChatSummary()
        if lines:
            summary.last_ts, summary.last_id, summary.last_line = lines[-1].ts, lines[-1].id, lines[-1]
            unread = min(plan.unread, len(lines))
            summary.unread = unread
            summary.read_id = lines[-1 - unread].id if unread < len(lines) else 0
            summary.has_unread_tips = plan.has_unread_tips
        return summary

    def _inbox(self) -> list[int]:
        """Chat indexes, most recent last message first."""
        if self._order is None:
            last = {j: self.chat_summary(j) for j in range(self.data.chat_count)}
            self._order = sorted((j for j, s in last.items() if s.last_id), key=lambda j: -last[j].last_ts)
        return self._order

    def chat_or_404(self, fan_id: int) -> int:
        j = self.data.chat_of_fan(self.fan_or_404(fan_id))
        if j is None:
            raise SimError(404, 0, "Chat not found")
        return j

    def chats_page(
        self, *, offset: int, limit: int, order: str, unread_only: bool, tips_only: bool, skip_users: bool
    ) -> dict[str, Any]:
        chats: Sequence[int] = self._inbox()
        if order == "old":
            chats = chats[::-1]
        if unread_only or tips_only:
            chats = [
                j
                for j in chats
                if (not unread_only or self.chat_summary(j).unread)
                and (not tips_only or self.chat_summary(j).has_unread_tips)
            ]
        page = chats[offset : offset + limit]
        return {
            "list": [self.chat_object(j, skip_users=skip_users) for j in page],
            "hasMore": offset + len(page) < len(chats),
            "nextOffset": offset + len(page),
        }

    def chat_object(self, j: int, *, skip_users: bool) -> dict[str, Any]:
        d = self.data
        summary = self.chat_summary(j)
        last = summary.last_line
        fan = d.chat_fan(j)
        return {
            "withUser": self.fan_object(fan) if not skip_users else {"id": d.fan_id(fan), "_view": "m"},
            "lastMessage": self.message_object(j, last, skip_users=skip_users) if last else None,
            "lastReadMessageId": summary.read_id,
            "hasPurchasedFeed": fan in d.ledger.chat_sales,
            "hasUnreadTips": summary.has_unread_tips,
            "isMutedNotifications": False,
            "canSendMessage": True,
            "canNotSendReason": False,
            "canGoToProfile": True,
            "unreadMessagesCount": summary.unread,
            "countPinnedMessages": 0,
            "lastMessageSeenAt": None,
        }

    def message_object(self, j: int, line: Line, *, skip_users: bool) -> dict[str, Any]:
        d = self.data
        sender = d.creator_id if line.from_me else d.fan_id(d.chat_fan(j))
        from_user: dict[str, Any] = {"id": sender, "_view": "m"}
        if not skip_users:
            if line.from_me:
                from_user.update(username=d.creator_username, name=CREATOR_NAME)
            else:
                profile = d.fan_profile(d.chat_fan(j))
                from_user.update(username=profile["username"], name=profile["name"], avatar=profile["avatar"])
        text, changed = self.edits.get(line.id, (line.text, line.ts))
        media = [d.media_object(m) for m in line.media]
        created = iso(line.ts)
        return {
            "responseType": "message",
            "text": text,
            "giphyId": None,
            "lockedText": False,
            "isFree": line.price == 0,
            "price": dollars(line.price),
            "isMediaReady": True,
            "mediaCount": len(media),
            "media": media,
            "previews": [m["id"] for m in media[: line.previews]],
            "isTip": line.is_tip,
            "isReportedByMe": False,
            "isCouplePeopleMedia": False,
            "queueId": line.queue_id,
            "fromUser": from_user,
            "isFromQueue": line.queue_id is not None,
            "canUnsendQueue": False,
            "unsendSecondsQueue": 0,
            "id": line.id,
            "isOpened": line.opened if line.from_me else True,
            "isNew": not line.from_me and line.id > self.chat_summary(j).read_id,
            "createdAt": created,
            "changedAt": created if changed == line.ts else iso(changed),
            "cancelSeconds": 0,
            "isLiked": False,
            "canPurchase": False,
            "canPurchaseReason": "",
            "canReport": not line.from_me,
            "canBePinned": True,
            "isPinned": False,
            "releaseForms": [],
        }

    def messages_page(
        self,
        j: int,
        *,
        limit: int,
        order: str,
        before_id: int | None,
        offset: int,
        skip_users: bool,
    ) -> dict[str, Any]:
        """``desc`` pages strictly below ``before_id``; ``asc`` pages by offset. Some pages
        come back short (like the real API) while ``hasMore`` stays right."""
        lines = self.chat_lines(j)
        short = self.data.page_short(j, before_id or offset) if limit >= 10 else 0
        if order == "asc":
            page = lines[offset : offset + max(1, limit - short)]
            return {
                "list": [self.message_object(j, line, skip_users=skip_users) for line in page],
                "hasMore": offset + len(page) < len(lines),
                "nextOffset": offset + len(page),
            }
        end = len(lines) if before_id is None else bisect.bisect_left(lines, before_id, key=lambda x: x.id)
        start = max(0, end - max(1, limit - short))
        return {
            "list": [
                self.message_object(j, line, skip_users=skip_users) for line in reversed(lines[start:end])
            ],
            "hasMore": start > 0,
        }

    # --- chat writes ---

    def _line_add(self, j: int, line: Line, *, at: int | None = None) -> Line:
        """Append a live message to chat ``j`` after everything in it (ids stay increasing)."""
        d = self.data
        existing = d.chat_plan(j).lines + d.live_lines.get(j, [])
        floor = existing[-1].ts + 1 if existing else 0
        summary = self.chat_summary(j)
        line.ts = max(self.now(), at or 0, floor)
        line.id = message_id(line.ts, j)
        d.live_lines.setdefault(j, []).append(line)
        summary.last_ts, summary.last_id, summary.last_line = line.ts, line.id, line
        if line.from_me:
            summary.unread, summary.read_id, summary.has_unread_tips = 0, line.id, False
        else:
            summary.unread += 1
            summary.has_unread_tips = summary.has_unread_tips or line.is_tip
        self._order = None
        return line

    def message_send(self, fan_id: int, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /chats/{id}/messages``: validates like the web app's API, returns the message."""
        i = self.data.fan_index(fan_id)
        if i is None:
            raise SimError(400, 0, "Cannot send message to this user")
        line = self._outbound_line(body)
        j = self.data.chat_open(i)
        return self.message_object(j, self._line_add(j, line), skip_users=True)

    def _outbound_line(self, body: dict[str, Any], *, queue_id: int | None = None) -> Line:
        text = body.get("text") or ""
        files = body.get("mediaFiles") or []
        if not isinstance(text, str) or not isinstance(files, list) or (not text.strip() and not files):
            raise SimError(400, 0, "Message text or media is required")
        try:
            price_cents = round(float(body.get("price") or 0) * 100)
        except (TypeError, ValueError) as exc:
            raise SimError(400, 0, "Invalid price") from exc
        if price_cents < 0 or (price_cents and not files) or price_cents > 20_000:
            raise SimError(400, 0, "Invalid price")
        media = []
        for media_id in files:
            m = self.data.media_index(media_id) if isinstance(media_id, int) else None
            if m is None:
                raise SimError(400, 0, "Media Not Found")
            media.append(m)
        previews = body.get("previews") or []
        return Line(
            ts=0,
            from_me=True,
            text=text,
            price=price_cents,
            media=tuple(media),
            previews=len(previews) if isinstance(previews, list) else 0,
            queue_id=queue_id,
        )

    def queue_send(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /messages/queue``: delivers now to ``userIds`` and to the chats of fans on
        ``userLists`` (``"fans"``/``"all"``: active fans), or just queues when scheduled."""
        queue_id = _QUEUE_ID_BASE + len(self.queues) + 1
        template = self._outbound_line(body, queue_id=queue_id)
        ids = body.get("userIds") or []
        lists = body.get("userLists") or []
        if not ids and not lists:
            raise SimError(400, 0, "Recipients are required")
        targets: dict[int, None] = {}
        for fan_id in ids:
            i = self.data.fan_index(fan_id) if isinstance(fan_id, int) else None
            if i is None:
                raise SimError(400, 0, "Cannot send message to this user")
            targets[i] = None
        if any(name in ("fans", "all") for name in lists):
            for j in range(self.data.chat_count):
                fan = self.data.chat_fan(j)
                if self.data.fan_expired_ts(fan) is None:
                    targets[fan] = None
        scheduled = body.get("scheduledDate")
        now = self.now()
        if not scheduled:
            for i in targets:
                j = self.data.chat_open(i)
                self._line_add(j, Line(**{**_line_fields(template), "ts": 0}))
        entry = {
            "id": queue_id,
            "date": scheduled or iso(now),
            "isReady": not scheduled,
            "isDone": not scheduled,
            "total": len(targets),
            "pending": len(targets) if scheduled else 0,
            "canUnsend": True,
            "unsendSeconds": DAY,
            "hasError": False,
            "isCanceled": False,
        }
        self.queues.append(entry)
        return entry

    def message_find(self, fan_id: int, msg_id: int) -> tuple[int, Line]:
        j = self.chat_or_404(fan_id)
        for line in self.chat_lines(j):
            if line.id == msg_id:
                return j, line
        raise SimError(404, 0, "Message not found")

    def fan_writes(self, fan_id: int, text: str) -> dict[str, Any]:
        """The fan sends ``text`` (plain text, escaped into the HTML OnlyFans stores) in their chat."""
        j = self.chat_or_404(fan_id)
        line = self._line_add(j, Line(ts=0, from_me=False, text=f"<p>{html.escape(text)}</p>"))
        return {"userId": fan_id, "id": line.id}

    def message_edit(self, fan_id: int, msg_id: int, text: str) -> dict[str, Any]:
        j, line = self.message_find(fan_id, msg_id)
        self.edits[msg_id] = (text, self.now())
        return self.message_object(j, line, skip_users=True)

    def message_delete(self, fan_id: int, msg_id: int) -> None:
        j, _ = self.message_find(fan_id, msg_id)
        self.deleted.setdefault(j, set()).add(msg_id)
        self._summaries[j] = self._summary_build(j)
        self._order = None

    # --- ledger ---

    def _sale_row(self, row: int) -> dict[str, Any]:
        d = self.data
        ledger = d.ledger
        cents = ledger.cents[row]
        fee = round(cents * 0.2)
        fan = ledger.fan[row]
        profile = d.fan_profile(fan)
        return {
            "id": d.sale_id(row),
            "createdAt": iso(ledger.ts[row]),
            "amount": dollars(cents),
            "vatAmount": 0,
            "taxAmount": 0,
            "mediaTaxAmount": 0,
            "net": dollars(cents - fee),
            "fee": dollars(fee),
            "currency": "USD",
            "status": STATUS_NAMES[ledger.status[row]],
            "payoutPendingDays": PAYOUT_PENDING_DAYS,
            "description": d.sale_description(row),
            "user": {
                "id": d.fan_id(fan),
                "name": profile["name"],
                "username": profile["username"],
                "avatar": profile["avatar"],
                "isDeleted": False,
            },
        }

    def transactions_page(
        self, *, marker: int | None, limit: int, start_ts: int | None, kind: str | None
    ) -> dict[str, Any]:
        """Newest first; ``marker`` = "older than this unix second" (every row has its own)."""
        ledger = self.data.ledger
        want = None
        if kind is not None:
            if kind not in _SALE_TYPES:
                raise SimError(400, 0, "Invalid type")
            want = _SALE_TYPES[kind]
        hi = len(ledger) if marker is None else bisect.bisect_left(ledger.ts, marker)
        lo = 0 if start_ts is None else bisect.bisect_left(ledger.ts, start_ts)
        rows: list[int] = []
        row = hi - 1
        while row >= lo and len(rows) < limit:
            if want is None or ledger.kind[row] == want:
                rows.append(row)
            row -= 1
        return {
            "list": [self._sale_row(r) for r in rows],
            "hasMore": row >= lo,
            "nextMarker": ledger.ts[rows[-1]] if rows else None,
        }

    def _sale_add(self, *, fan: int, kind: int, cents: int, ts: int) -> int:
        ledger = self.data.ledger
        ts = max(ts, ledger.ts[-1] + 1 if len(ledger) else 0)
        return ledger.append(ts=ts, fan=fan, cents=cents, kind=kind, status=LOADING)

    def sale_chargeback(self, sale_id: str) -> dict[str, Any]:
        """Mark a sale ``undo`` (OnlyFans edits the original row, it writes no negative one)."""
        ledger = self.data.ledger
        for row in range(len(ledger) - 1, -1, -1):
            if self.data.sale_id(row) == sale_id:
                if ledger.status[row] != UNDO:
                    ledger.status[row] = UNDO
                    ledger.spend[ledger.kind[row]][ledger.fan[row]] -= ledger.cents[row]
                return self._sale_row(row)
        raise SimError(404, 0, "Transaction not found")

    def fan_spend_set(self, fan_id: int, values: dict[str, Any]) -> dict[str, Any]:
        """Force a fan's ``*Summ`` totals (dollars) regardless of the ledger."""
        i = self.fan_or_404(fan_id)
        unknown = set(values) - set(SPEND_FIELDS)
        if unknown:
            raise SimError(400, 0, f"unknown spend fields: {sorted(unknown)}")
        overrides = self.spend_overrides.setdefault(i, {})
        for name, value in values.items():
            overrides[name] = round(float(value) * 100)
        return self.fan_object(i)["subscribedOnData"]

    def earnings_chart(self, *, start_ts: int, end_ts: int) -> dict[str, Any]:
        """Per-day net amounts and counts per category over ``[start, end]`` (chargebacks out)."""
        ledger = self.data.ledger
        first_day = start_ts - start_ts % DAY
        days = max(1, (end_ts - first_day) // DAY + 1)
        amount = [[0] * days for _ in range(6)]
        count = [[0] * days for _ in range(6)]
        gross = [0] * 6
        lo, hi = bisect.bisect_left(ledger.ts, start_ts), bisect.bisect_right(ledger.ts, end_ts)
        for row in range(lo, hi):
            if ledger.status[row] == UNDO:
                continue
            day = (ledger.ts[row] - first_day) // DAY
            cents = ledger.cents[row]
            net = cents - round(cents * 0.2)
            for series in (0, ledger.kind[row] + 1):
                amount[series][day] += net
                count[series][day] += 1
                gross[series] += cents
        chart: dict[str, Any] = {}
        for series, key in enumerate(("total", *_CHART_KEYS)):
            dates = [iso(first_day + n * DAY) for n in range(days)]
            chart[key] = {
                "chartAmount": [
                    {"date": dt, "count": dollars(v)} for dt, v in zip(dates, amount[series], strict=True)
                ],
                "chartCount": [{"date": dt, "count": v} for dt, v in zip(dates, count[series], strict=True)],
                "total": dollars(sum(amount[series])),
                "gross": dollars(gross[series]),
                "delta": 0,
            }
        chart["ref"] = {"chartAmount": [], "chartCount": [], "total": 0, "gross": 0, "delta": 0}
        return chart

    # --- posts and vault ---

    def posts_page(
        self, *, limit: int, before: float | None, after: float | None, skip_users: bool
    ) -> dict[str, Any]:
        """``publish_date_desc`` below ``before`` or, with ``after``, ascending above it."""
        d = self.data
        total = d.spec.posts
        if after is not None:
            first = d.post_clock.last_before(after + 1e-6) + 1
            indexes = list(range(first, min(total, first + limit)))
            more = first + len(indexes) < total
        else:
            top = total - 1 if before is None else d.post_clock.last_before(before)
            indexes = list(range(top, max(-1, top - limit), -1))
            more = bool(indexes) and indexes[-1] > 0
        posts = [d.post_object(p, skip_users=skip_users) for p in indexes]
        return {
            "list": posts,
            "hasMore": more,
            "headMarker": posts[0]["postedAtPrecise"] if posts else None,
            "tailMarker": posts[-1]["postedAtPrecise"] if posts else None,
            "counters": d.post_counters,
        }

    def vault_page(
        self, *, offset: int, limit: int, descending: bool, media_type: str | None
    ) -> dict[str, Any]:
        d = self.data
        order: Sequence[int] = range(d.spec.vault - 1, -1, -1) if descending else range(d.spec.vault)
        if media_type:
            order = [m for m in order if d.media_type(m) == media_type]
        page = order[offset : offset + limit]
        items = []
        for m in page:
            media = d.media_object(m)
            h = mix64(d.seed, 77, m)
            media.update(counters={"likesCount": h % 300, "tipsSumm": 0}, hasPosts=bool(h % 3), lists=[])
            items.append(media)
        return {"list": items, "hasMore": offset + len(page) < len(order)}

    # --- time passing ---

    def tick(self, *, fans: int = 0, messages: int = 0, purchases: int = 0, chats: int = 0) -> dict[str, Any]:
        """New subscribers, incoming messages (over ``chats`` distinct chats when given) and
        sales, the same ones for the same seed and tick number (times come from the real clock)."""
        self.ticks += 1
        d = self.data
        rng = random.Random(mix64(d.seed, _TICK, self.ticks))
        added: dict[str, list[Any]] = {"fans": [], "messages": [], "transactions": []}
        for _ in range(fans):
            last = d.live_fan_ts[-1] if d.live_fan_ts else BASE_TS
            d.live_fan_ts.append(max(self.now(), last + 1))
            i = d.fan_count - 1
            added["fans"].append(d.fan_id(i))
            row = self._sale_add(fan=i, kind=SUBSCRIPTION, cents=d.fan_price(i), ts=d.live_fan_ts[-1])
            added["transactions"].append(d.sale_id(row))
        targets = rng.sample(range(d.chat_count), min(chats, d.chat_count)) if chats else None
        for n in range(messages):
            j = targets[n % len(targets)] if targets else rng.randrange(d.chat_count)
            first = html.escape(d.fan_profile(d.chat_fan(j))["first"])
            text = rng.choice(texts.LINES["incoming"]).format(name=first, me=CREATOR_NAME)
            line = self._line_add(j, Line(ts=0, from_me=False, text=f"<p>{html.escape(text)}</p>"))
            added["messages"].append({"userId": d.fan_id(d.chat_fan(j)), "id": line.id})
        for _ in range(purchases):
            j = self._active_chat(rng)
            fan = d.chat_fan(j)
            if rng.random() < 0.5:
                cents = rng.choice((500, 1000, 2000, 5000))
                line = self._line_add(
                    j,
                    Line(
                        ts=0,
                        from_me=False,
                        text=f"<p>{rng.choice(texts.LINES['tip'])}</p>",
                        price=cents,
                        is_tip=True,
                    ),
                    at=d.ledger.ts[-1] + 1,
                )
                row = self._sale_add(fan=fan, kind=TIP, cents=cents, ts=line.ts)
            else:
                cents = rng.choice((1000, 1500, 2500))
                media = (rng.randrange(d.spec.vault),)
                line = self._line_add(
                    j,
                    Line(
                        ts=0,
                        from_me=True,
                        text=f"<p>{rng.choice(texts.LINES['ppv_offer'])}</p>",
                        price=cents,
                        opened=True,
                        media=media,
                        previews=0,
                    ),
                )
                row = self._sale_add(fan=fan, kind=MESSAGE, cents=cents, ts=line.ts + 1)
                self._line_add(
                    j, Line(ts=0, from_me=False, text="<p>just unlocked it 😍</p>"), at=line.ts + 1
                )
            added["messages"].append({"userId": d.fan_id(fan), "id": line.id})
            added["transactions"].append(d.sale_id(row))
        return added

    def _active_chat(self, rng: random.Random) -> int:
        d = self.data
        for _ in range(50):
            j = rng.randrange(d.chat_count)
            if d.fan_expired_ts(d.chat_fan(j)) is None:
                return j
        return 0

    # --- dumps for tests ---

    def dump_fans(self) -> list[dict[str, Any]]:
        d = self.data
        out = []
        for i in range(d.fan_count):
            cents = self.fan_spend(i)
            out.append(
                {
                    "id": d.fan_id(i),
                    "subscribed": d.fan_expired_ts(i) is None,
                    "spendCents": {**cents, "totalSumm": sum(cents.values())},
                }
            )
        return out

    def dump_chats(self) -> list[dict[str, Any]]:
        return [
            {
                "userId": self.data.fan_id(self.data.chat_fan(j)),
                "lastMessageId": self.chat_summary(j).last_id,
                "messagesCount": len(self.chat_lines(j)),
                "unreadMessagesCount": self.chat_summary(j).unread,
            }
            for j in self._inbox()
        ]

    def dump_messages(self, fan_id: int) -> list[dict[str, Any]]:
        j = self.chat_or_404(fan_id)
        return [self.message_object(j, line, skip_users=True) for line in reversed(self.chat_lines(j))]

    def dump_transactions(self) -> list[dict[str, Any]]:
        ledger = self.data.ledger
        return [
            {
                **self._sale_row(r),
                "kind": KIND_NAMES[ledger.kind[r]],
                "fanId": self.data.fan_id(ledger.fan[r]),
            }
            for r in range(len(ledger) - 1, -1, -1)
        ]

    def dump_summary(self) -> dict[str, Any]:
        d = self.data
        return {
            "size": d.size,
            "seed": d.seed,
            "ticks": self.ticks,
            "fans": d.fan_count,
            "chats": d.chat_count,
            "posts": d.spec.posts,
            "vault": d.spec.vault,
            "transactions": len(d.ledger),
            "now": datetime.fromtimestamp(self.now(), UTC).isoformat(),
        }


def _line_fields(line: Line) -> dict[str, Any]:
    return {name: getattr(line, name) for name in Line.__slots__}
