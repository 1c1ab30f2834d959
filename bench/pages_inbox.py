"""Server time and query count of the Inbox page and its live fragments on a large synced account.

    HUNTAZE_DATA_DIR=/tmp/hz-bench-inbox .venv/bin/python bench/pages_inbox.py [--size large] [--runs 40]

The first run syncs a simulated account of ``--size`` (~6 min for ``large`` on SQLite); later
runs with the same ``HUNTAZE_DATA_DIR`` reuse it. Each request goes through a logged-in Django
test ``Client`` (middleware, view, template: what a server spends, without the network); prints
p50/p95 over ``--runs`` requests after two warm-ups, and the query count of one request.
"""

from __future__ import annotations

import argparse

from _common import django_setup, measure, synced_account


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    vendor = django_setup()
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from huntaze.accounts.models import Membership
    from huntaze.fans.services import fan_tags_set
    from huntaze.inbox.models import Chat, Message

    setup_test_environment()  # the test client's host
    account = synced_account(args.size)
    owner = Membership.objects.filter(team_id=account.team_id, role="owner").first().user
    busiest = (
        Chat.objects.filter(account=account)
        .annotate(n=Count("messages"))
        .order_by("-n")
        .values("pk", "fan_id")[0]
    )
    fan_tags_set(user=owner, fan_id=busiest["fan_id"], tags=["vip", "regular"])
    client = Client()
    client.force_login(owner)
    index, conversations, updates = (
        reverse("inbox:index"),
        reverse("inbox:conversations"),
        reverse("inbox:updates"),
    )
    chat = reverse("inbox:chat", args=[busiest["pk"]])
    page = client.get(conversations, {"account": account.pk}, headers={"HX-Request": "true"})
    second = page.context["page"].next_cursor
    newest = (
        Message.objects.filter(chat_id=busiest["pk"]).order_by("-sent_at", "-pk").values_list("pk", flat=True)
    )
    htmx = {"HX-Request": "true"}
    signature = client.get(chat).context["signature"]
    cases: list[tuple[str, str, dict[str, str], dict[str, str]]] = [
        ("inbox", index, {}, {}),
        ("inbox unread first", index, {"sort": "unread"}, {}),
        ("inbox top spenders", index, {"sort": "spend"}, {}),
        ("inbox VIP", index, {"vip": "1"}, {}),
        ("inbox expired", index, {"expired": "1"}, {}),
        ("inbox tag vip, by spend", index, {"tag": "vip", "sort": "spend"}, {}),
        ("inbox + open chat", chat, {}, {}),
        ("open chat (htmx)", chat, {}, htmx),
        ("list page 2 (htmx)", conversations, {"cursor": second}, htmx),
        (
            "poll, nothing new",
            updates,
            {"chat": busiest["pk"], "after": newest[0], "signature": signature},
            htmx,
        ),
        ("poll, 5 new + list", updates, {"chat": busiest["pk"], "after": newest[5], "signature": "-"}, htmx),
    ]
    chats = Chat.objects.filter(account=account).count()
    messages = Message.objects.filter(account=account).count()
    print(f"database={vendor} chats={chats} messages={messages} runs={args.runs}")
    print(f"{'page':<30} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8} {'queries':>8}")
    for label, url, params, headers in cases:

        def get(url=url, params=params, headers=headers, label=label):
            response = client.get(url, params, headers=headers)
            assert response.status_code == 200, (label, response.status_code)

        p50, p95, cpu, queries = measure(get, args.runs)
        print(f"{label:<30} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
