"""Segment recount and a segment's fans on a large synced account (issue 10: ≤ 200 ms each).

    HUNTAZE_DATA_DIR=/tmp/hz-bench-segments .venv/bin/python bench/segments.py [--size large] [--runs 20]
    DATABASE_URL=postgres://postgres@127.0.0.1/hz_bench_segments .venv/bin/python bench/segments.py

Reuses the account a previous run synced into the same data directory (or PostgreSQL database: rows
are kept), else syncs one first (~5 min for ``large`` on SQLite). "Now" is the simulator's clock (the
newest synced message), so "new this week" or "silent 14 days" select what they did on the day of
the sync. The 200 most spending fans are tagged ``vip`` once, for the tag rules.

Measured, each p50/p95 over ``--runs`` calls after two warm-ups, with this process's CPU time (Django
and SQLite; not PostgreSQL's server) and the queries of one call:

* the recount after a sync (``segments_refresh``: one counting query for all the account's
  segments, then the counts and today's snapshots written), with the 5 built-in segments, then with
  one more segment per rule kind;
* each rule kind counted alone;
* a segment's fans: the first page and the next one (``segment_fan_page``, 50 fans with their tags),
  and the API route that serves them, through Django's test client.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from _common import django_setup, measure, synced_account


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    vendor = django_setup(flush=False)
    from django.conf import settings
    from django.test import Client

    from huntaze.accounts.models import Membership
    from huntaze.fans.models import Fan, Tag
    from huntaze.fans.services import fan_tags_set
    from huntaze.inbox.models import Message
    from huntaze.segments.models import Segment, SegmentDefaultsApplied
    from huntaze.segments.selectors import definition_fans, definition_parse, segment_fan_page
    from huntaze.segments.services import segment_create, segment_defaults_ensure, segments_refresh

    settings.ALLOWED_HOSTS = ["testserver"]
    account = synced_account(args.size)
    owner = Membership.objects.filter(team_id=account.team_id, role="owner").first().user
    now = Message.objects.filter(account=account).order_by("-sent_at").values_list("sent_at", flat=True)[0]
    if not Tag.objects.filter(account=account, name="vip").exists():
        top = Fan.objects.filter(account=account).order_by("-spend_total_cents", "-pk")[:200]
        for fan_id in top.values_list("pk", flat=True):
            fan_tags_set(user=owner, fan_id=fan_id, tags=["vip"])
    bought = Message.objects.filter(account=account, is_purchased=True).order_by("-sent_at").first()
    kinds = {
        "new (7 days)": {"kind": "new", "days": 7},
        "expiring (3 days)": {"kind": "expiring", "days": 3},
        "expired": {"kind": "expired"},
        "renew off": {"kind": "renew", "on": False},
        "spend tier gold": {"kind": "spend_tier", "tier": "gold"},
        "no-spender": {"kind": "no_spender"},
        "whales top 5%": {"kind": "whales", "top_percent": 5},
        "whales >= $100": {"kind": "whales", "min_cents": 10_000},
        "bought message": {"kind": "bought", "item": f"message:{bought.onlyfans_id}"},
        "never bought mass PPV": {"kind": "never_bought", "item": "queue:1"},
        "silent 14 days": {"kind": "silent", "days": 14},
        "tags any vip": {"kind": "tags", "match": "any", "tags": ["vip"]},
        "tags none vip": {"kind": "tags", "match": "none", "tags": ["vip"]},
    }
    combined = {
        "kind": "any",
        "rules": [{"kind": "expiring", "days": 7}, {"kind": "silent", "days": 30}],
    }

    Segment.objects.filter(account=account).delete()
    SegmentDefaultsApplied.objects.filter(account=account).delete()
    segment_defaults_ensure(account=account, now=now)
    fan_count = Fan.objects.filter(account=account).count()
    load = os.getloadavg()[0]
    print(f"database={vendor} fans={fan_count} runs={args.runs} load={load:.1f} now={now:%Y-%m-%d}")
    print(f"{'case':<44} {'fans':>7} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'queries':>8}")

    def row(label: str, call: Callable[[], object], fans: object = "") -> None:
        p50, p95, cpu, queries = measure(call, args.runs)
        print(f"{label:<44} {fans!s:>7} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f} {queries:>8}")

    row("refresh: 5 built-in segments", lambda: segments_refresh(account=account, now=now))
    for label, rule in [*kinds.items(), ("expired AND any(expiring 7, silent 30)", combined)]:
        rules = [rule] if rule is not combined else [{"kind": "expired"}, combined]
        segment_create(
            user=owner, account_id=account.pk, name=f"kind: {label}", definition={"rules": rules}, now=now
        )
    total = Segment.objects.filter(account=account).count()
    row(f"refresh: {total} segments (every rule kind)", lambda: segments_refresh(account=account, now=now))
    for label, rule in kinds.items():
        fans = definition_fans(account=account, definition=definition_parse({"rules": [rule]}), now=now)
        row(f"count: {label}", fans.count, fans.count())

    client = Client()
    client.force_login(owner)
    segments = Segment.objects.filter(account=account).order_by("pk")
    for segment in segments:

        def page(segment: Segment = segment, cursor: str | None = None) -> object:
            return segment_fan_page(user=owner, segment_id=segment.pk, cursor=cursor, limit=50, now=now)

        row(f"fans: {segment.name}", page, segment.fan_count)
        if cursor := page().next_cursor:
            row(f"fans page 2: {segment.name}", lambda page=page, cursor=cursor: page(cursor=cursor))
    # The API answers for the real "now" (the simulator's data is older): timing, not the same fans.
    for segment in segments.filter(builtin__in=["whales", "silent_14_days"]):
        url = f"/api/onlyfans/segments/{segment.pk}/fans"

        def get(url: str = url) -> None:
            response = client.get(url, {"limit": 50})
            assert response.status_code == 200, response.content[:200]

        row(f"API GET segments/{{id}}/fans: {segment.name}", get, segment.fan_count)


if __name__ == "__main__":
    main()
