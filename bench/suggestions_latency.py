"""Local suggestion engine latency: p50/p95 of ``suggestions_generate`` per chat.

    .venv/bin/python bench/suggestions_latency.py [--size demo] [--chats 100]

Syncs a simulated account (rate limiting off), then generates suggestions for ``--chats``
chats. The first call builds the account's history index (reported apart); the target is
p95 under 100 ms on the demo data.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _common import django_setup, simulated_account, timed_sync


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="demo")
    parser.add_argument("--chats", type=int, default=100)
    args = parser.parse_args()
    vendor = django_setup()
    from huntaze.accounts.models import Membership
    from huntaze.inbox.models import Chat, Message
    from huntaze.inbox.suggestions.services import suggestions_generate

    with simulated_account(args.size) as (account, _sim):
        run, wall, _ = timed_sync(account)
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
    print(f"database={vendor} size={args.size} messages={messages} (synced in {wall:.1f}s, {run.status})")
    print(f"first call (builds the history index): {first * 1000:.0f} ms")
    print(f"{len(timings)} chats: p50={statistics.median(timings) * 1000:.1f} ms p95={p95 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
