"""Server time and query count of the inbox sorted "needs reply (fan value first)" on a large
synced account: the page, its list fragment, the next page, and the API's sorted list.

    HUNTAZE_DATA_DIR=/tmp/hz-bench-nr .venv/bin/python bench/inbox_needs_reply.py [--size large] [--runs 40]

The first run syncs a simulated account of ``--size`` (~6 min for ``large`` on SQLite); later
runs with the same ``HUNTAZE_DATA_DIR`` reuse it (chats synced before the timers existed are
filled first with ``chat_timers_backfill``). Each request goes through a logged-in Django test
``Client``; prints p50/p95 over ``--runs`` requests after two warm-ups, and the query count of
one request. Target: 200 ms (issue 10).
"""

from __future__ import annotations

import argparse

from _common import django_setup, measure, synced_account


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    vendor = django_setup(flush=False)
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from huntaze.accounts.models import Membership
    from huntaze.inbox.models import Chat, Message
    from huntaze.inbox.sla import chat_timers_backfill

    setup_test_environment()  # the test client's host
    account = synced_account(args.size)
    backfill = chat_timers_backfill(account_id=account.pk)
    owner = Membership.objects.filter(team_id=account.team_id, role="owner").first().user
    client = Client()
    client.force_login(owner)
    index, conversations = reverse("inbox:index"), reverse("inbox:conversations")
    htmx = {"HX-Request": "true"}
    needs_reply = {"sort": "needs_reply"}
    first = client.get(conversations, {"account": account.pk, **needs_reply}, headers=htmx)
    second = first.context["page"].next_cursor
    api = {"account_id": account.pk, "sort": "needs_reply"}
    cases: list[tuple[str, str, dict[str, str], dict[str, str]]] = [
        ("inbox, most recent (reference)", index, {}, {}),
        ("inbox, needs reply", index, needs_reply, {}),
        ("list fragment, needs reply", conversations, needs_reply, htmx),
        ("list page 2, needs reply", conversations, {**needs_reply, "cursor": second}, htmx),
        ("API chats?sort=needs_reply", "/api/onlyfans/chats", api, {}),
        ("API chats?sort=needs_reply p2", "/api/onlyfans/chats", {**api, "cursor": "50"}, {}),
    ]
    chats = Chat.objects.filter(account=account)
    waiting = chats.filter(awaiting_reply_since__isnull=False).count()
    messages = Message.objects.filter(account=account).count()
    print(
        f"database={vendor} chats={chats.count()} waiting={waiting} messages={messages} "
        f"runs={args.runs} backfill changed={backfill.changed}"
    )
    print(f"{'page':<32} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8} {'queries':>8}")
    for label, url, params, headers in cases:

        def get(url=url, params=params, headers=headers, label=label):
            response = client.get(url, params, headers=headers)
            assert response.status_code == 200, (label, response.status_code)

        p50, p95, cpu, queries = measure(get, args.runs)
        print(f"{label:<32} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
