"""Initial sync of a simulated account into a fresh database, rate limiting off.

    .venv/bin/python bench/sync_initial.py [--size large]       # SQLite in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1/hz_bench .venv/bin/python bench/sync_initial.py

Prints wall time, rows/s and messages/s, requests made against the minimum number of pages,
and the peak RSS of this process (the sync; the simulator runs in its own process).
"""

from __future__ import annotations

import argparse
import math
import sys

from _common import django_setup, peak_rss_mb, simulated_account, timed_sync


def minimum_pages(summary: dict, chats: list[dict]) -> int:
    """The fewest requests that can read everything: one per page of every list."""
    return (
        math.ceil(summary["chats"] / 100)
        + sum(max(1, math.ceil(c["messagesCount"] / 100)) for c in chats)
        + 1
        + math.ceil(summary["fans"] / 100)  # subscriber counts + subscriber pages
        + math.ceil(summary["posts"] / 50)
        + math.ceil(summary["vault"] / 100)
        + math.ceil(summary["transactions"] / 100)
        + 1  # ledger + earnings chart
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    args = parser.parse_args()
    vendor = django_setup()
    from huntaze.inbox.models import Message

    with simulated_account(args.size) as (account, sim):
        minimum = minimum_pages(sim.control.state(), sim.control.state("chats"))
        run, wall, cpu = timed_sync(account)
    messages = Message.objects.filter(account=account).count()
    print(f"database={vendor} size={args.size}")
    print(f"run={run.status} {run.error_class} {run.error_message}".rstrip())
    print(
        f"wall={wall:.1f}s sync CPU={cpu:.1f}s rows={run.rows_changed} rows/s={run.rows_changed / wall:,.0f}"
    )
    print(f"messages={messages} messages/s={messages / wall:,.0f}")
    print(f"requests={run.requests_made} minimum pages={minimum} ratio={run.requests_made / minimum:.3f}")
    print(f"peak RSS={peak_rss_mb():.0f} MB")
    sys.exit(0 if run.status == "succeeded" else 1)


if __name__ == "__main__":
    main()
