"""The local engine's reply index, built by a worker after a sync and shared through disk.

Building the BM25 index of a large history takes seconds (11 s for 500k messages), far too
long for an inbox request. So the worker builds it after each sync that brought messages and
saves it under ``HUNTAZE_SUGGESTION_INDEX_DIR``; web processes load the saved copy (milliseconds)
and keep it in memory until a newer one is published.

Layout per account: one directory per build (``<newest message id>-<build time>``) and a small
``current`` file naming the live one. Publishing a build is an atomic ``os.replace`` of
``current``, so a reader never sees half an index; the previous build is kept one round for
readers that had just read the old name.

The account's creation time is part of its directory name: ids of deleted accounts (or of test
databases) can be reused, their indexes must not be.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import bm25s
from django.conf import settings

from huntaze.accounts.models import OnlyFansAccount
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Message

logger = logging.getLogger(__name__)

CURRENT = "current"
PAIRS = "pairs.json"
REPLY_CANDIDATES = 8


@dataclass(frozen=True, slots=True)
class ReplyPair:
    """A fan message and the creator's reply that directly followed it in the same chat."""

    chat_id: int
    question: str
    reply: str
    reply_id: int
    fan_name: str


@dataclass(frozen=True, slots=True)
class ReplyHistory:
    """One account's reply pairs with a BM25 index over the fan messages."""

    newest_id: int | None
    pairs: list[ReplyPair]
    retriever: bm25s.BM25 | None
    version: str = ""  # the published build it was loaded from ("" if never published)

    @classmethod
    def from_pairs(cls, pairs: list[ReplyPair], *, newest_id: int | None = None) -> ReplyHistory:
        if not pairs:
            return cls(newest_id, [], None)
        retriever = bm25s.BM25()
        questions = [pair.question for pair in pairs]
        retriever.index(bm25s.tokenize(questions, stopwords="en", show_progress=False), show_progress=False)
        return cls(newest_id, pairs, retriever)

    def best_reply(self, text: str, *, fan_name: str, avoid: set[str]) -> tuple[ReplyPair, str, float] | None:
        """The best-matching past pair whose reply (with this fan's name) is not in ``avoid``."""
        if self.retriever is None or not text.strip():
            return None
        query = bm25s.tokenize([text], stopwords="en", show_progress=False)
        if not query.vocab:
            return None
        k = min(REPLY_CANDIDATES, len(self.pairs))
        found, scores = self.retriever.retrieve(query, k=k, show_progress=False, n_threads=1)
        for index, score in zip(found[0], scores[0], strict=True):
            if score <= 0:
                break
            pair = self.pairs[index]
            reply = _name_swapped(pair.reply, pair.fan_name, fan_name)
            if reply.strip().lower() not in avoid:
                return pair, reply, float(score)
        return None


def reply_pairs(account_id: int) -> list[ReplyPair]:
    """Every fan message directly followed by a creator reply in the same chat, oldest first."""
    rows = (
        Message.objects.filter(account_id=account_id, is_deleted=False)
        .exclude(text="")
        .order_by("chat_id", "sent_at", "onlyfans_id")
        .values_list("chat_id", "direction", "text", "onlyfans_id", "fan__display_name")
    )
    pairs, previous = [], None
    for chat_id, direction, text, onlyfans_id, fan_name in rows.iterator(chunk_size=5_000):
        if (
            previous is not None
            and previous[0] == chat_id
            and previous[1] == Direction.INCOMING
            and direction == Direction.OUTGOING
        ):
            pairs.append(ReplyPair(chat_id, previous[2], text, onlyfans_id, (fan_name or "").split(" ")[0]))
        previous = (chat_id, direction, text)
    return pairs


def _name_swapped(text: str, old_name: str, new_name: str) -> str:
    if len(old_name) < 2:
        return text
    return re.sub(rf"\b{re.escape(old_name)}\b", new_name, text)


@dataclass(frozen=True, slots=True)
class IndexVersion:
    name: str
    newest_id: int | None


def _account_dir(account: OnlyFansAccount) -> Path:
    created = int(account.created_at.timestamp() * 1_000_000)
    return Path(settings.HUNTAZE_SUGGESTION_INDEX_DIR) / f"account-{account.pk}-{created}"


def newest_message_id(account_id: int) -> int | None:
    return (
        Message.objects.filter(account_id=account_id)
        .order_by("-onlyfans_id")
        .values_list("onlyfans_id", flat=True)
        .first()
    )


def reply_index_current(account: OnlyFansAccount) -> IndexVersion | None:
    """The published build of the account's index, or ``None`` if there is none yet."""
    try:
        name = (_account_dir(account) / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    newest = name.split("-", 1)[0]
    return IndexVersion(name, int(newest) if newest.isdigit() else None)


def reply_index_load(account: OnlyFansAccount, version: IndexVersion) -> ReplyHistory | None:
    """A published build, or ``None`` if it vanished or cannot be read (the caller rebuilds)."""
    folder = _account_dir(account) / version.name
    try:
        pairs = [ReplyPair(*row) for row in json.loads((folder / PAIRS).read_text())]
        retriever = bm25s.BM25.load(str(folder), show_progress=False) if pairs else None
    except (OSError, ValueError, TypeError) as exc:
        logger.warning("reply index %s of account %s unreadable: %s", version.name, account.pk, exc)
        return None
    return ReplyHistory(version.newest_id, pairs, retriever, version=version.name)


def reply_index_build(account: OnlyFansAccount) -> ReplyHistory:
    """Build the account's index from its synced history and publish it."""
    newest = newest_message_id(account.pk)
    history = ReplyHistory.from_pairs(reply_pairs(account.pk), newest_id=newest)
    root = _account_dir(account)
    name = f"{newest if newest is not None else 'none'}-{time.time_ns()}"
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    if history.retriever is not None:
        history.retriever.save(str(folder), show_progress=False)
    (folder / PAIRS).write_text(json.dumps([list(_pair_row(pair)) for pair in history.pairs]))
    previous = reply_index_current(account)
    pointer = root / f"{CURRENT}.{os.getpid()}.tmp"
    pointer.write_text(name)
    os.replace(pointer, root / CURRENT)
    _prune(root, keep={name, previous.name if previous else name})
    return ReplyHistory(history.newest_id, history.pairs, history.retriever, version=name)


def reply_index_refresh(account: OnlyFansAccount) -> bool:
    """Rebuild the index if messages arrived since the published build; ``True`` if it did."""
    current = reply_index_current(account)
    if current is not None and current.newest_id == newest_message_id(account.pk):
        return False
    reply_index_build(account)
    return True


def reply_index_delete(account: OnlyFansAccount) -> None:
    """Remove every published build of the account's index (its data is being purged)."""
    shutil.rmtree(_account_dir(account), ignore_errors=True)


def _pair_row(pair: ReplyPair) -> tuple:
    return (pair.chat_id, pair.question, pair.reply, pair.reply_id, pair.fan_name)


def _prune(root: Path, *, keep: set[str]) -> None:
    for child in root.iterdir():
        if child.is_dir() and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)
