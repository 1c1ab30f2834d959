"""Server time and query count of the Fans and Content pages on a large synced account.

    HUNTAZE_DATA_DIR=/tmp/hz-bench-fans .venv/bin/python bench/pages_fans.py [--size large] [--runs 40]
    DATABASE_URL=postgres://postgres@127.0.0.1/hz_bench_fans .venv/bin/python bench/pages_fans.py

The first run syncs a simulated account of ``--size`` (~5 min for ``large`` on SQLite, ~9 on
PostgreSQL; much longer on a busy machine); later runs with the same ``HUNTAZE_DATA_DIR`` or
``DATABASE_URL`` reuse it. ``--fans N`` adds copies of the synced fans (new OnlyFans ids, same
data) until the account has N, to measure beyond the simulator's 50k. Each page is requested
through a logged-in Django test ``Client`` (middleware, view, template: what a server spends,
without the network); prints wall p50/p95 and CPU p50 over ``--runs`` requests after two
warm-ups, the query count, and the time of a full CSV export.
"""

from __future__ import annotations

import argparse
import time

from _common import django_setup, measure, synced_account


def fans_pad(account, target: int) -> None:
    """Copy the account's fans (new OnlyFans ids, same data) until it has ``target`` of them."""
    from huntaze.fans.models import Fan

    fans = Fan.objects.filter(account=account)
    missing = target - fans.count()
    if missing <= 0:
        return
    skip = {"id", "account", "onlyfans_id", "created_at", "updated_at"}
    fields = [f.attname for f in Fan._meta.concrete_fields if f.name not in skip]
    sources = list(fans.order_by("pk").values(*fields))
    next_id = fans.order_by("-onlyfans_id").values_list("onlyfans_id", flat=True)[0] + 1
    copies = [
        Fan(**sources[i % len(sources)], account_id=account.pk, onlyfans_id=next_id + i)
        for i in range(missing)
    ]
    Fan.objects.bulk_create(copies, batch_size=2000)
    print(f"added {missing} copied fans")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--fans", type=int, default=0, help="pad the account to this many fans")
    args = parser.parse_args()
    vendor = django_setup(flush=False)  # reuse a synced PostgreSQL database too
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from huntaze.accounts.models import Membership
    from huntaze.core.pagination import _cursor_encode
    from huntaze.fans.models import Fan, Tag
    from huntaze.fans.selectors import fan_page
    from huntaze.fans.services import fan_tags_set

    settings.ALLOWED_HOSTS = ["testserver"]  # the test client's host; no test instrumentation
    account = synced_account(args.size)
    if args.fans:
        fans_pad(account, args.fans)
    if vendor == "postgresql":
        # Autovacuum analyzes a bulk-loaded table only later; until then the planner guesses
        # from empty statistics (a few rows) and picks plans no running server would.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    owner = Membership.objects.filter(team_id=account.team_id, role="owner").first().user
    fans_by_spend = Fan.objects.filter(account=account).order_by("-spend_total_cents", "-pk")
    if not Tag.objects.filter(account=account, name="rare").exists():
        for fan_id in fans_by_spend[:200].values_list("pk", flat=True):
            fan_tags_set(user=owner, fan_id=fan_id, tags=["vip"])
        for fan_id in fans_by_spend.reverse()[:20].values_list("pk", flat=True):
            fan_tags_set(user=owner, fan_id=fan_id, tags=["rare"])
    client = Client()
    client.force_login(owner)
    fans, content = reverse("fans:list"), reverse("content:list")
    second = fan_page(user=owner, account_id=account.pk, cursor=None, limit=50).next_cursor
    middle = fans_by_spend[fans_by_spend.count() // 2]
    deep = _cursor_encode("spend_total_cents", "spend_total_cents", middle)
    cases: list[tuple[str, str, dict[str, str]]] = [
        ("fans", fans, {}),
        ("fans page 2", fans, {"cursor": second}),
        ("fans middle page (by spend)", fans, {"cursor": deep}),
        ("fans by last seen", fans, {"sort": "last_seen"}),
        ("fans by subscribed date", fans, {"sort": "subscribed"}),
        ("fans by name", fans, {"sort": "name", "dir": "asc"}),
        ("fans active", fans, {"status": "active"}),
        ("fans tag vip (top spenders)", fans, {"tag": "vip"}),
        ("fans tag rare (20 low spenders)", fans, {"tag": "rare"}),
        ("fans search 'zz'", fans, {"q": "zz"}),
        ("fans spend >= $100", fans, {"spend_min": "100"}),
        ("fans (htmx fragment)", fans, {"sort": "spend", "dir": "asc"}),
        ("content", content, {}),
        ("content vault by purchases", content, {"kind": "vault", "sort": "purchases"}),
        ("content by tips", content, {"sort": "tips"}),
    ]
    fan_count = Fan.objects.filter(account=account).count()
    print(f"database={vendor} fans={fan_count} runs={args.runs}")
    print(f"{'page':<32} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'queries':>8}")
    for label, url, params in cases:
        headers = {"HX-Request": "true"} if "htmx" in label else {}

        def get(url=url, params=params, headers=headers, label=label):
            response = client.get(url, params, headers=headers)
            assert response.status_code == 200, (label, response.status_code)

        p50, p95, cpu, queries = measure(get, args.runs)
        print(f"{label:<32} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f} {queries:>8}")
    started = time.perf_counter()
    response = client.get(reverse("fans:export"), {"status": "active"})
    size = sum(len(chunk) for chunk in response.streaming_content)
    print(f"CSV export (active fans): {size / 1e6:.1f} MB in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
