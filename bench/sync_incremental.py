"""Incremental sync cost: nothing new, then 100 new messages across 10 chats.

    .venv/bin/python bench/sync_incremental.py [--size demo] [--messages 100] [--chats 10]

After an initial sync (rate limiting off), prints requests per stream and wall time of an
incremental sync with nothing changed, then of one after the simulator received
``--messages`` fan messages spread over ``--chats`` chats.
"""

from __future__ import annotations

import argparse

from _common import django_setup, simulated_account, timed_sync


def stream_requests(account) -> dict[str, int]:
    from huntaze.sync.models import SyncState

    return dict(SyncState.objects.filter(account=account).values_list("stream", "requests_total"))


def report(label: str, account, before: dict[str, int], run, wall: float) -> None:
    after = stream_requests(account)
    per_stream = ", ".join(f"{s}={after[s] - before.get(s, 0)}" for s in sorted(after))
    print(f"{label}: run={run.status} wall={wall * 1000:.0f} ms requests={run.requests_made} ({per_stream})")
    print(f"{'':>{len(label)}}  rows written={run.rows_changed} (newest pages are re-read and rewritten)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="demo")
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--chats", type=int, default=10)
    args = parser.parse_args()
    vendor = django_setup()
    with simulated_account(args.size) as (account, sim):
        run, wall, _ = timed_sync(account)
        print(f"database={vendor} size={args.size} initial sync {wall:.1f}s, {run.requests_made} requests")
        before = stream_requests(account)
        run, wall, _ = timed_sync(account)
        report("nothing new", account, before, run, wall)
        sim.control.tick(messages=args.messages, chats=args.chats)
        before = stream_requests(account)
        run, wall, _ = timed_sync(account)
        report(f"{args.messages} new messages in {args.chats} chats", account, before, run, wall)


if __name__ == "__main__":
    main()
