"""The simulated creator account, generated deterministically from ``(size, seed)``.

Nothing big is materialised, so ``large`` (50k fans, 500k messages, 100k sales) starts in
milliseconds and stays small in memory:

* per-index values (a fan's name, a post's caption) come from ``mix64`` hashes or a
  per-index ``random.Random``; times come from a ``SlotClock`` (monotone in the index, so
  "newest first" is "index descending" and cursors are a bisect away);
* what must be summed or searched lives in compact columns: the sales ledger (built on
  first use in one seeded pass, ~0.5 s for ``large``) and per-fan spend totals;
* a chat's messages are planned on demand from the chat's own seed (small LRU).

Mutations (``state.py``) append to the same columns, so the overlay pages like the base.

Consistency the tests rely on: a fan's ``*Summ`` totals are the sums of that fan's ledger
rows by kind (gross dollars; charged-back ``undo`` rows excluded); every purchased PPV
message and every chat tip has its ledger row, and vice versa.
"""

from __future__ import annotations

import bisect
import html
import itertools
import os
import random
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from huntaze.simulator import texts

BASE_NOW = datetime.fromisoformat(os.environ.get("HUNTAZE_SIM_BASE_DATE") or "2026-11-01").replace(tzinfo=UTC)
"""Fixed "now" of the generated history; live mutations are stamped with the real clock.

``HUNTAZE_SIM_BASE_DATE`` (``YYYY-MM-DD``) moves it: the demo sets today so its history ends
today; tests and benchmarks keep the fixed day, so the same seed gives the same data."""
BASE_TS = int(BASE_NOW.timestamp())
DAY = 86_400

CREATOR_ID = 412345678
CREATOR_USERNAME = "luna_creates"
CREATOR_NAME = "Luna"

FAN_ID_BASE, FAN_ID_STRIDE = 31_000_000, 7
POST_ID_BASE, MEDIA_ID_BASE, ID_STRIDE = 2_100_000_000, 3_900_000_000, 1_000
MESSAGE_ID_EPOCH, MESSAGE_ID_SLOTS = 1_000_000_000, 10_000
CDN = "https://cdn2.onlyfans.com/files"

# Ledger kinds (index into SPEND_FIELDS) and statuses.
SUBSCRIPTION, TIP, MESSAGE, POST, STREAM = range(5)
SPEND_FIELDS = ("subscribesSumm", "tipsSumm", "messagesSumm", "postsSumm", "streamsSumm")
KIND_NAMES = ("subscription", "tip", "message", "post", "stream")
DONE, LOADING, UNDO = range(3)
STATUS_NAMES = ("done", "loading", "undo")
PAYOUT_PENDING_DAYS = 7

_KIND_WEIGHTS = (50, 15, 18, 12, 5)
_KIND_CUMULATIVE = tuple(itertools.accumulate(_KIND_WEIGHTS))
_SCRIPT_CUMULATIVE = tuple(itertools.accumulate(texts.SCRIPT_WEIGHTS))
_LINES_HTML = {
    topic: tuple(f"<p>{html.escape(line)}</p>" for line in pool) for topic, pool in texts.LINES.items()
}
_PRICES = {
    TIP: (300, 500, 500, 1000, 1000, 1500, 2000, 2500, 5000, 10000),
    MESSAGE: (800, 1000, 1000, 1500, 1500, 2000, 2500, 3000, 4000, 5000),
    POST: (500, 1000, 1500, 2000),
    STREAM: (1000, 2000, 3000, 5000),
}
_SUB_PRICES = (999, 999, 999, 999, 999, 499, 1499)

# mix64 domains: each kind of entity draws from its own stream.
_FAN, _CHAT, _TX, _TXID, _POST, _MEDIA, _PAGE, _SLOT = range(1, 9)
_MASK = (1 << 64) - 1


@dataclass(frozen=True, slots=True)
class SizeSpec:
    fans: int
    chats: int
    messages: int
    posts: int
    vault: int
    transactions: int


SIZES: dict[str, SizeSpec] = {
    "small": SizeSpec(fans=40, chats=25, messages=400, posts=30, vault=40, transactions=300),
    "demo": SizeSpec(fans=400, chats=150, messages=6_000, posts=120, vault=240, transactions=3_000),
    "medium": SizeSpec(
        fans=10_000, chats=1_000, messages=100_000, posts=600, vault=1_000, transactions=20_000
    ),
    "large": SizeSpec(
        fans=50_000, chats=5_000, messages=500_000, posts=3_000, vault=5_000, transactions=100_000
    ),
}


def mix64(*parts: int) -> int:
    """SplitMix64 over the parts: a fast, stable hash (Python's ``hash`` of str is salted)."""
    h = 0x9E3779B97F4A7C15
    for part in parts:
        h = ((h ^ (part & _MASK)) + 0x9E3779B97F4A7C15) & _MASK
        h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & _MASK
        h ^= h >> 31
    return h


def unit(*parts: int) -> float:
    """A uniform float in [0, 1) from the hash of the parts."""
    return mix64(*parts) / 18446744073709551616.0


def iso(ts: float | None) -> str | None:
    """ISO 8601 with ``+00:00``, as the API writes times."""
    return None if ts is None else datetime.fromtimestamp(int(ts), UTC).isoformat()


def dollars(cents: int) -> float | int:
    """Cents as the API's JSON dollars (``9.99``, ``40``)."""
    return cents // 100 if cents % 100 == 0 else round(cents / 100, 2)


def message_id(ts: int, slot: int) -> int:
    """~13-digit ids increasing with time; ``slot`` (the chat) keeps them unique across chats."""
    return (ts - MESSAGE_ID_EPOCH) * MESSAGE_ID_SLOTS + slot % MESSAGE_ID_SLOTS


@dataclass(frozen=True, slots=True)
class SlotClock:
    """``n`` strictly increasing whole-second times over ``[t0, t0 + span)``: item ``i`` falls
    in its own slot, jittered by a hash, so times are unique and searchable without storage."""

    t0: int
    span: int
    n: int
    key: int

    def ts(self, i: int) -> int:
        lo = self.t0 + i * self.span // self.n
        hi = self.t0 + (i + 1) * self.span // self.n
        return lo + mix64(self.key, i) % max(1, hi - lo)

    def last_before(self, t: float) -> int:
        """The largest index whose time is < ``t`` (``-1`` if none)."""
        if t <= self.t0:
            return -1
        i = min(self.n - 1, int((t - self.t0) * self.n // self.span))
        while i >= 0 and self.ts(i) >= t:
            i -= 1
        return i


@dataclass(slots=True)
class Line:
    """One planned chat message (base or live); ``media`` holds vault indexes."""

    ts: int
    from_me: bool
    text: str
    price: int = 0
    is_tip: bool = False
    opened: bool = False
    media: tuple[int, ...] = ()
    previews: int = 0
    queue_id: int | None = None
    id: int = 0


@dataclass(slots=True)
class ChatPlan:
    """A chat's messages oldest first, with ids for bisecting and the inbox summary."""

    lines: list[Line]
    ids: list[int]
    unread: int
    has_unread_tips: bool


@dataclass(slots=True)
class Ledger:
    """The sales ledger as columns, oldest first (so ``marker`` paging is a bisect)."""

    ts: array = field(default_factory=lambda: array("q"))
    fan: array = field(default_factory=lambda: array("l"))
    cents: array = field(default_factory=lambda: array("l"))
    kind: bytearray = field(default_factory=bytearray)
    status: bytearray = field(default_factory=bytearray)
    spend: list[array] = field(default_factory=list)
    chat_sales: dict[int, list[int]] = field(default_factory=dict)
    """fan index -> ledger rows that must appear in that fan's chat (tips, PPV purchases)."""

    def __len__(self) -> int:
        return len(self.ts)

    def append(self, *, ts: int, fan: int, cents: int, kind: int, status: int) -> int:
        self.ts.append(ts)
        self.fan.append(fan)
        self.cents.append(cents)
        self.kind.append(kind)
        self.status.append(status)
        while len(self.spend[kind]) <= fan:
            for column in self.spend:
                column.append(0)
        if status != UNDO:
            self.spend[kind][fan] += cents
        index = len(self.ts) - 1
        if kind in (TIP, MESSAGE):
            self.chat_sales.setdefault(fan, []).append(index)
        return index


class Dataset:
    """The generated account plus the columns live mutations append to.

    Fans ``0..F-1`` are the base (subscribed oldest first), later indexes were added live;
    chats ``0..C-1`` are with fans ``chat_fan(j)``, later chats were opened by live sends.
    """

    PLAN_CACHE = 256

    def __init__(self, size: str = "small", seed: int = 1, creator: int = 0) -> None:
        if size not in SIZES:
            raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
        self.size = size
        self.seed = seed
        # A simulator may host several creators (``creator`` 0, 1, …): same shape, own ids.
        self.creator_id = CREATOR_ID + creator
        self.creator_username = CREATOR_USERNAME if creator == 0 else f"{CREATOR_USERNAME}_{creator}"
        self.spec = SIZES[size]
        s = self.spec
        self.fan_clock = SlotClock(BASE_TS - 400 * DAY, 400 * DAY - 3600, s.fans, mix64(seed, _FAN))
        self.tx_clock = SlotClock(BASE_TS - 365 * DAY, 365 * DAY - 60, s.transactions, mix64(seed, _TX))
        self.post_clock = SlotClock(BASE_TS - 365 * DAY, 365 * DAY - 7200, s.posts, mix64(seed, _POST))
        self.media_clock = SlotClock(BASE_TS - 400 * DAY, 399 * DAY, s.vault, mix64(seed, _MEDIA))
        self.live_fan_ts: list[int] = []
        self.live_chat_fans: list[int] = []
        self.live_lines: dict[int, list[Line]] = {}
        self._plans: OrderedDict[int, ChatPlan] = OrderedDict()
        self._chat_of_live_fan: dict[int, int] = {}
        self.hostile_chats = {1, 3} if s.chats > 3 else set()

    # --- fans ---

    @property
    def fan_count(self) -> int:
        return self.spec.fans + len(self.live_fan_ts)

    def fan_id(self, i: int) -> int:
        return FAN_ID_BASE + i * FAN_ID_STRIDE + mix64(self.seed, _FAN, i, 0) % FAN_ID_STRIDE

    def fan_index(self, fan_id: int) -> int | None:
        i = (fan_id - FAN_ID_BASE) // FAN_ID_STRIDE
        return i if 0 <= i < self.fan_count and self.fan_id(i) == fan_id else None

    def fan_subscribed_ts(self, i: int) -> int:
        return self.fan_clock.ts(i) if i < self.spec.fans else self.live_fan_ts[i - self.spec.fans]

    def fan_expired_ts(self, i: int) -> int | None:
        """When a base fan's subscription lapsed (about 3 in 10 did), else ``None``."""
        if i >= self.spec.fans or unit(self.seed, _FAN, i, 1) >= 0.3:
            return None
        ts = self.fan_subscribed_ts(i) + 30 * DAY * (1 + int(unit(self.seed, _FAN, i, 2) * 8))
        return ts if ts < BASE_TS - DAY else None

    def fan_price(self, i: int) -> int:
        return _SUB_PRICES[mix64(self.seed, _FAN, i, 3) % len(_SUB_PRICES)]

    def fan_renew_off(self, i: int) -> bool:
        return unit(self.seed, _FAN, i, 4) < 0.2

    def fans_subscribed_by(self, t: int) -> int:
        """How many base fans had subscribed at or before ``t``."""
        return self.fan_clock.last_before(t + 1) + 1

    def fan_profile(self, i: int) -> dict[str, Any]:
        """Name, username and other per-fan constants (cheap, from the fan's own seed)."""
        rng = random.Random(mix64(self.seed, _FAN, i, 5))
        first = rng.choice(texts.FIRST_NAMES)
        fan_id = self.fan_id(i)
        name = first + rng.choice(texts.NAME_DECORATIONS)
        hostile = [self.chat_fan(j) for j in sorted(self.hostile_chats)]
        if i in hostile:
            name = texts.HOSTILE_NAMES[hostile.index(i) % len(texts.HOSTILE_NAMES)]
        if rng.random() < 0.4:
            username = f"u{fan_id}"
        else:
            slug = "".join(c for c in first.lower() if c.isascii() and c.isalnum()) or "fan"
            username = f"{slug}_{rng.choice(texts.USERNAME_WORDS)}{rng.randrange(100)}"
        return {
            "first": first,
            "name": name,
            "username": username,
            "avatar": None if rng.random() < 0.3 else f"{CDN}/a/{fan_id:x}/avatar.jpg",
            "referral": rng.choice(texts.REFERRALS),
            "vip": rng.random() < 0.08,
            "last_seen_ago": int(rng.expovariate(1 / (3 * DAY))),
        }

    # --- chats ---

    @property
    def chat_count(self) -> int:
        return self.spec.chats + len(self.live_chat_fans)

    def chat_fan(self, j: int) -> int:
        if j < self.spec.chats:
            return j * self.spec.fans // self.spec.chats
        return self.live_chat_fans[j - self.spec.chats]

    def chat_of_fan(self, i: int) -> int | None:
        c, f = self.spec.chats, self.spec.fans
        if i < f:
            j = -(-i * c // f)
            if j < c and self.chat_fan(j) == i:
                return j
        return self._chat_of_live_fan.get(i)

    def chat_open(self, i: int) -> int:
        """The chat with fan ``i``, opening a new one (a live send to a fan never messaged)."""
        j = self.chat_of_fan(i)
        if j is None:
            j = self.chat_count
            self.live_chat_fans.append(i)
            self._chat_of_live_fan[i] = j
        return j

    def chat_plan(self, j: int) -> ChatPlan:
        """The base messages of chat ``j`` (live ones are in ``live_lines``), LRU-cached."""
        plan = self._plans.get(j)
        if plan is not None:
            self._plans.move_to_end(j)
            return plan
        plan = self._chat_plan_build(j) if j < self.spec.chats else ChatPlan([], [], 0, False)
        self._plans[j] = plan
        if len(self._plans) > self.PLAN_CACHE:
            self._plans.popitem(last=False)
        return plan

    def _chat_plan_build(self, j: int) -> ChatPlan:
        rng = random.Random(mix64(self.seed, _CHAT, j))
        fan = self.chat_fan(j)
        first_name = html.escape(self.fan_profile(fan)["first"])
        rand = rng.random

        def between(lo: int, hi: int) -> int:
            return lo + int(rand() * (hi - lo))

        start = self.fan_subscribed_ts(fan) + between(60, 3 * DAY)
        end = min(self.fan_expired_ts(fan) or BASE_TS, BASE_TS) - 120
        start = min(start, end - 1)
        taken: set[int] = set()
        lines: list[Line] = []

        def say(ts: int, who: str, topic: str, **extra: Any) -> None:
            ts = min(ts, BASE_TS - 1)
            while ts in taken:
                ts -= 1
            taken.add(ts)
            pool = _LINES_HTML[topic]
            text = pool[int(rand() * len(pool))]
            if "{" in text:
                text = text.format(name=first_name, me=CREATOR_NAME)
            lines.append(Line(ts=ts, from_me=who == texts.ME, text=text, **extra))

        # Sales first: their times are fixed by the ledger.
        ledger = self.ledger
        for row in ledger.chat_sales.get(fan, ()):
            if row >= self.spec.transactions:
                break  # a live sale: its lines are live lines
            t, cents = ledger.ts[row], ledger.cents[row]
            if ledger.kind[row] == TIP:
                say(t, texts.FAN, "tip", price=cents, is_tip=True)
                say(t + rng.randrange(60, 4 * 3600), texts.ME, "tip_thanks")
            else:
                say(
                    t - rng.randrange(300, DAY),
                    texts.ME,
                    "ppv_offer",
                    price=cents,
                    opened=True,
                    media=self._media_pick(rng, t - DAY),
                    previews=rng.randrange(2),
                )
                say(t + rng.randrange(20, 900), texts.FAN, "ppv_bought")
                if rng.random() < 0.6:
                    say(t + rng.randrange(900, 3 * 3600), texts.ME, "ppv_enjoy")
        # Then ordinary back-and-forth, sized so the account totals come out near the spec.
        budget = max(2, round(rng.expovariate(1) * self._filler_per_chat))
        while budget > 0:
            script = texts.SCRIPTS[bisect.bisect(_SCRIPT_CUMULATIVE, rand() * _SCRIPT_CUMULATIVE[-1])]
            t = between(start, end)
            for who, topic in script:
                if topic == "ppv_offer":
                    say(t, who, topic, price=rng.choice(_PRICES[MESSAGE]), media=self._media_pick(rng, t))
                else:
                    say(t, who, topic)
                t += between(20, 1800)
            budget -= len(script)
        lines.sort(key=lambda line: line.ts)
        if j in self.hostile_chats:
            first_fan = next((line for line in lines if not line.from_me and not line.is_tip), None)
            if first_fan is not None:
                first_fan.text = f"<p>{texts.HOSTILE_MESSAGE}</p>"
        ids = [message_id(line.ts, j) for line in lines]
        for line, mid in zip(lines, ids, strict=True):
            line.id = mid
        unread = 0
        if lines and not lines[-1].from_me and rng.random() < 0.5:
            while unread < len(lines) and not lines[-1 - unread].from_me:
                unread += 1
        has_tips = any(line.is_tip for line in lines[len(lines) - unread :]) if unread else False
        return ChatPlan(lines=lines, ids=ids, unread=unread, has_unread_tips=has_tips)

    @cached_property
    def _filler_per_chat(self) -> float:
        s = self.spec
        sale_lines = 2.5 * s.transactions * (_KIND_WEIGHTS[TIP] + _KIND_WEIGHTS[MESSAGE]) / sum(_KIND_WEIGHTS)
        return max(2.0, (s.messages - sale_lines) / s.chats)

    def _media_pick(self, rng: random.Random, before: int) -> tuple[int, ...]:
        newest = self.media_clock.last_before(before)
        if newest < 0:
            return ()
        return tuple(sorted({rng.randrange(newest + 1) for _ in range(rng.choice((1, 1, 2, 3)))}))

    # --- ledger ---

    @cached_property
    def ledger(self) -> Ledger:
        """All base sales in one seeded pass (lazy: ~0.5 s for ``large``)."""
        s = self.spec
        ledger = Ledger(spend=[array("q", bytes(8 * s.fans)) for _ in SPEND_FIELDS])
        rng = random.Random(mix64(self.seed, _TX))
        expired: dict[int, int | None] = {}
        known = 0  # fans subscribed by now: times only grow, so a pointer beats a search
        for n in range(s.transactions):
            t = self.tx_clock.ts(n)
            while known < s.fans and self.fan_clock.ts(known) <= t:
                known += 1
            kind = bisect.bisect(_KIND_CUMULATIVE, rng.random() * _KIND_CUMULATIVE[-1])
            fan = self._sale_fan(rng, kind, t, known, expired)
            if fan is None:
                kind, fan = SUBSCRIPTION, max(0, known - 1)
            cents = self.fan_price(fan) if kind == SUBSCRIPTION else rng.choice(_PRICES[kind])
            if t > BASE_TS - PAYOUT_PENDING_DAYS * DAY:
                status = LOADING
            else:
                status = UNDO if rng.random() < 0.012 else DONE
            ledger.append(ts=t, fan=fan, cents=cents, kind=kind, status=status)
        return ledger

    def _sale_fan(
        self, rng: random.Random, kind: int, t: int, known: int, expired_cache: dict[int, int | None]
    ) -> int | None:
        """A fan subscribed (and not lapsed) at ``t``; tips and PPV only from fans with a chat."""
        if known <= 0:
            return None
        c, f = self.spec.chats, self.spec.fans
        for _ in range(4):
            if kind in (TIP, MESSAGE):
                chats = min(c, (known * c - 1) // f + 1)
                if chats <= 0:
                    return None
                fan = self.chat_fan(int(chats * rng.random() ** 1.6))
            elif kind == SUBSCRIPTION and rng.random() < 0.3:
                fan = known - 1 - rng.randrange(min(known, 5))
            else:
                fan = int(known * rng.random() ** 1.4)
            if fan not in expired_cache:
                expired_cache[fan] = self.fan_expired_ts(fan)
            expired = expired_cache[fan]
            if expired is None or expired > t:
                return fan
        return None

    def sale_description(self, row: int) -> str:
        ledger = self.ledger
        fan, kind = ledger.fan[row], ledger.kind[row]
        if kind == SUBSCRIPTION:
            recent = ledger.ts[row] - self.fan_subscribed_ts(fan) < 3 * DAY
            prefix = "Subscription from" if recent else "Recurring subscription from"
        else:
            prefix = ("", "Tip from", "Payment for message from", "Post from", "Stream from")[kind]
        profile = self.fan_profile(fan)
        link = f"https://onlyfans.com/{profile['username']}"
        return f'{prefix} <a href="{link}">{html.escape(profile["name"])}</a>'

    def sale_id(self, row: int) -> str:
        return f"{mix64(self.seed, _TXID, row):016x}"

    # --- posts and vault ---

    def post_ts(self, p: int) -> int:
        return self.post_clock.ts(p)

    def post_id(self, p: int) -> int:
        return POST_ID_BASE + p * ID_STRIDE + mix64(self.seed, _POST, p, 0) % ID_STRIDE

    def media_ts(self, m: int) -> int:
        return self.media_clock.ts(m)

    def media_id(self, m: int) -> int:
        return MEDIA_ID_BASE + m * ID_STRIDE + mix64(self.seed, _MEDIA, m, 0) % ID_STRIDE

    def media_index(self, media_id: int) -> int | None:
        m = (media_id - MEDIA_ID_BASE) // ID_STRIDE
        return m if 0 <= m < self.spec.vault and self.media_id(m) == media_id else None

    def media_type(self, m: int) -> str:
        return "video" if unit(self.seed, _MEDIA, m, 1) < 0.3 else "photo"

    def media_object(self, m: int, *, can_view: bool = True) -> dict[str, Any]:
        mid, kind = self.media_id(m), self.media_type(m)
        base = f"{CDN}/{mid % 7:x}/{mid % 97:02x}/{mid:x}"
        full = {"url": f"{base}/1920x1080_{mid:x}.jpg", "width": 1920, "height": 1080, "size": 0}
        files = {
            "full": {**full, "url": None} if kind == "video" else full,
            "thumb": {"url": f"{base}/300x300_{mid:x}.jpg", "width": 300, "height": 300, "size": 0},
            "preview": {"url": f"{base}/960x540_{mid:x}.jpg", "width": 960, "height": 540, "size": 0},
            "squarePreview": {"url": f"{base}/sq_{mid:x}.jpg", "width": 480, "height": 480, "size": 0},
        }
        if kind == "video":
            files["drm"] = {
                "manifest": {"hls": f"https://cdn3.onlyfans.com/dash/{mid:x}.m3u8"},
                "signature": {},
            }
        return {
            "id": mid,
            "type": kind,
            "convertedToVideo": False,
            "canView": can_view,
            "hasError": False,
            "createdAt": iso(self.media_ts(m)),
            "isReady": True,
            "duration": 10 + mid % 290 if kind == "video" else 0,
            "hasCustomPreview": False,
            "videoSources": {"240": None, "720": None},
            "files": files,
        }

    def post_object(self, p: int, *, skip_users: bool) -> dict[str, Any]:
        rng = random.Random(mix64(self.seed, _POST, p, 1))
        ts = self.post_ts(p)
        newest = self.media_clock.last_before(ts)
        media = (
            sorted({rng.randrange(newest + 1) for _ in range(rng.choice((1, 1, 2, 4)))})
            if newest >= 0
            else []
        )
        price = rng.choice(_PRICES[POST]) if rng.random() < 0.15 else 0
        caption = rng.choice(texts.POST_CAPTIONS)
        tips = rng.choice((0, 0, 0, 500, 2500))
        author: dict[str, Any] = {"id": self.creator_id, "_view": "a"}
        if not skip_users:
            author.update(username=self.creator_username, name=CREATOR_NAME)
        return {
            "responseType": "post",
            "id": self.post_id(p),
            "postedAt": iso(ts),
            "postedAtPrecise": f"{ts}.000000",
            "expiredAt": None,
            "author": author,
            "text": f"<p>{html.escape(caption)}</p>",
            "rawText": caption,
            "lockedText": False,
            "isFavorite": False,
            "canReport": False,
            "canDelete": True,
            "canComment": True,
            "canEdit": True,
            "isPinned": p == self.spec.posts - 3,
            "favoritesCount": rng.randrange(5, 400),
            "mediaCount": len(media),
            "isMediaReady": True,
            "voting": [],
            "isOpened": True,
            "canToggleFavorite": False,
            "streamId": None,
            "price": dollars(price),
            "hasVoting": False,
            "isAddedToBookmarks": False,
            "isArchived": False,
            "isPrivateArchived": False,
            "isDeleted": False,
            "hasUrl": False,
            "commentsCount": rng.randrange(0, 40),
            "mentionedUsers": [],
            "linkedUsers": [],
            "tipsAmount": f"${dollars(tips)}",
            "tipsAmountRaw": dollars(tips),
            "canViewMedia": True,
            "preview": media[:1] if price else [],
            "media": [self.media_object(m) for m in media],
        }

    @cached_property
    def post_counters(self) -> dict[str, int]:
        photos = videos = 0
        for p in range(self.spec.posts):
            for media in self.post_object(p, skip_users=True)["media"]:
                if media["type"] == "video":
                    videos += 1
                else:
                    photos += 1
        return {
            "audiosCount": 0,
            "photosCount": photos,
            "videosCount": videos,
            "mediasCount": photos + videos,
            "postsCount": self.spec.posts,
            "streamsCount": 0,
            "archivedPostsCount": 0,
            "privateArchivedPostsCount": 0,
        }

    def page_short(self, *key: int) -> int:
        """How many rows to hold back from a page (sometimes), like the real API's short pages."""
        h = mix64(self.seed, _PAGE, *key)
        return 0 if h % 4 else (h >> 8) % 7 + 1
