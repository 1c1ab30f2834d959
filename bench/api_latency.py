"""JSON API server time and query count for the inbox reads on a large synced account.

    HUNTAZE_DATA_DIR=/tmp/hz-bench-large .venv/bin/python bench/api_latency.py [--size large] [--runs 50]
    DATABASE_URL=postgres://postgres@127.0.0.1/hz_bench .venv/bin/python bench/api_latency.py --keep

Target (issue 7): p95 ≤ 50 ms server time for the chats list and a chat's messages, with a
query count that does not grow with the page size. Requests go through a Django test ``Client``
(middleware, auth, ninja, serialisation: the server's share, without the network), as the
logged-in owner; the first run syncs the account (~5 min on SQLite), later runs reuse it.
"""

from __future__ import annotations

import argparse
import os

from _common import django_setup, measure, synced_account


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="reuse a PostgreSQL database's synced rows")
    args = parser.parse_args()
    os.environ["HUNTAZE_API_RATE_PER_MINUTE"] = "100000000"  # time the server, not the rate limit
    vendor = django_setup(flush=not args.keep)
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from huntaze.accounts.models import Membership
    from huntaze.inbox.models import Chat, Message

    setup_test_environment()
    account = synced_account(args.size)
    owner = Membership.objects.filter(team_id=account.team_id, role="owner").first().user
    client = Client()
    client.force_login(owner)
    busiest = Chat.objects.filter(account=account).annotate(n=Count("messages")).order_by("-n").first()
    typical = Chat.objects.filter(account=account).order_by("-last_message_at")[10]
    first = client.get("/api/onlyfans/chats", {"account_id": account.pk, "limit": 50}).json()
    second = {"account_id": account.pk, "cursor": first["next_cursor"]}
    cases = [
        ("chats, first page (50)", "/api/onlyfans/chats", {"account_id": account.pk, "limit": 50}),
        ("chats, next page (50)", "/api/onlyfans/chats", second),
        ("chats, unread only", "/api/onlyfans/chats", {"account_id": account.pk, "unread": "true"}),
        ("chats, all accounts (100)", "/api/onlyfans/chats", {"limit": 100}),
        ("messages, busiest chat (50)", f"/api/onlyfans/chats/{busiest.pk}/messages", {"limit": 50}),
        ("messages, busiest chat (100)", f"/api/onlyfans/chats/{busiest.pk}/messages", {"limit": 100}),
        ("messages, a recent chat", f"/api/onlyfans/chats/{typical.pk}/messages", {}),
        ("fans by spend (50)", "/api/onlyfans/fans", {"account_id": account.pk, "sort": "spend"}),
    ]
    messages = Message.objects.filter(account=account).count()
    print(f"database={vendor} messages={messages} busiest chat={busiest.n} messages runs={args.runs}")
    print(f"{'request':<32} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8} {'queries':>8}")
    for label, url, params in cases:

        def get(url=url, params=params, label=label) -> None:
            response = client.get(url, params)
            assert response.status_code == 200, (label, response.status_code, response.content[:200])

        p50, p95, cpu, queries = measure(get, args.runs)
        print(f"{label:<32} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
