"""Local suggestion engine latency: p50/p95 of ``suggestions_generate`` per chat.

    .venv/bin/python bench/suggestions_latency.py [--size demo] [--chats 100]

Syncs a simulated account (rate limiting off; or reuses one synced into ``HUNTAZE_DATA_DIR``),
builds and publishes its reply index as the worker does after a sync (timed apart), then
generates suggestions for ``--chats`` chats in this fresh process: the first call loads the
published index, the rest are what a user waits for. Target: p95 under 100 ms on the demo data.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _common import django_setup, synced_account


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="demo")
    parser.add_argument("--chats", type=int, default=100)
    args = parser.parse_args()
    vendor = django_setup()
    from huntaze.accounts.models import Membership
    from huntaze.inbox.models import Chat, Message
    from huntaze.inbox.suggestions.index import reply_index_build
    from huntaze.inbox.suggestions.services import suggestions_generate

    account = synced_account(args.size)
    started = time.perf_counter()
    reply_index_build(account)  # the worker's job after a sync
    build = time.perf_counter() - started
    user = Membership.objects.filter(team=account.team).first().user
    chats = list(Chat.objects.filter(account=account).order_by("-last_message_at")[: args.chats])
    started = time.perf_counter()
    suggestions_generate(user=user, chat_id=chats[0].pk)
    first = time.perf_counter() - started
    timings = []
    for chat in chats[1:]:
        started = time.perf_counter()
        suggestions_generate(user=user, chat_id=chat.pk)
        timings.append(time.perf_counter() - started)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    messages = Message.objects.filter(account=account).count()
    print(f"database={vendor} size={args.size} messages={messages}")
    print(f"index build and publish (worker, after a sync): {build * 1000:.0f} ms")
    print(f"first call in a fresh process (loads the published index): {first * 1000:.0f} ms")
    print(f"{len(timings)} chats: p50={statistics.median(timings) * 1000:.1f} ms p95={p95 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
