"""Suggestion quality offline: the local engine against a preset-only baseline.

    .venv/bin/python bench/suggestions_quality.py [--size demo] [--holdout 0.2]

Syncs a simulated account (or reuses one synced into ``HUNTAZE_DATA_DIR`` before), splits
the creator's reply pairs (fan message -> the creator's next reply) by chat into history and
held-out (``--holdout`` of the chats), builds the engine's index from the history only, and for
every held-out fan message compares the three drafts with the creator's real reply:

* similarity: the best cosine similarity (TF-IDF over the history's vocabulary) between one
  of the 3 drafts and the held-out reply, averaged.

(The held-out reply's intent is always among the drafts — every panel has one reply, one
upsell and one re-engage draft — so intent coverage cannot separate the two.)

The baseline drafts from the preset alone: its greeting/welcome template instead of a
retrieved reply, plus the same upsell and re-engage drafts. The engine must beat it.
"""

from __future__ import annotations

import argparse
import math
import random
import re
from collections import Counter

from _common import django_setup, synced_account

WORD = re.compile(r"[a-z0-9']+")


def tfidf_model(documents: list[str]):
    frequency = Counter(word for doc in documents for word in set(WORD.findall(doc.lower())))
    idf = {word: math.log((1 + len(documents)) / (1 + count)) + 1 for word, count in frequency.items()}

    def vector(text: str) -> dict[str, float]:
        counts = Counter(WORD.findall(text.lower()))
        weighted = {word: n * idf.get(word, math.log(1 + len(documents)) + 1) for word, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        return {word: v / norm for word, v in weighted.items()}

    return vector


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(value * b.get(word, 0.0) for word, value in a.items())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="demo")
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--sample", type=int, default=500, help="held-out pairs scored at most")
    args = parser.parse_args()
    vendor = django_setup()
    from huntaze.inbox.models import Chat
    from huntaze.inbox.suggestions.context import suggestion_context_build
    from huntaze.inbox.suggestions.index import ReplyHistory, reply_pairs
    from huntaze.inbox.suggestions.local import LocalEngine
    from huntaze.presets.placeholders import template_render

    account = synced_account(args.size)  # reuses the one synced into HUNTAZE_DATA_DIR, if any
    pairs = reply_pairs(account.pk)
    chat_ids = sorted({pair.chat_id for pair in pairs})
    held_chats = set(random.Random(7).sample(chat_ids, max(1, int(len(chat_ids) * args.holdout))))
    history = [pair for pair in pairs if pair.chat_id not in held_chats]
    held = [pair for pair in pairs if pair.chat_id in held_chats][: args.sample]
    index = ReplyHistory.from_pairs(history)
    vector = tfidf_model([pair.reply for pair in history])
    engine = LocalEngine()
    chats = Chat.objects.filter(pk__in=held_chats).select_related("account", "fan")
    chats = {chat.pk: chat for chat in chats}
    scores = {"engine": [], "baseline": []}
    for pair in held:
        context = suggestion_context_build(chat=chats[pair.chat_id], message=None)
        upsell = engine._upsell(context)
        reengage = engine._reengage(context)
        greeting = context.preset.tone.example_greetings[0]
        baseline_reply = template_render(template=greeting, context=context.placeholders())
        found = index.best_reply(pair.question, fan_name=context.fan_name, avoid=set())
        engine_reply = found[1] if found else baseline_reply
        truth = vector(pair.reply)
        for name, reply in (("engine", engine_reply), ("baseline", baseline_reply)):
            drafts = [reply, upsell.text, reengage.text]
            scores[name].append(max(cosine(vector(draft), truth) for draft in drafts))
    print(f"database={vendor} size={args.size} history pairs={len(history)} held-out pairs={len(held)}")
    for name in ("engine", "baseline"):
        print(f"{name:>8}: best-of-3 TF-IDF cosine={sum(scores[name]) / len(scores[name]):.3f}")


if __name__ == "__main__":
    main()
