"""Analytics on a synced simulated account: each analytics function, the calibration rules and the
page, p50/p95 over ``--runs`` calls.

    HUNTAZE_DATA_DIR=/tmp/hz-bench-analytics HUNTAZE_LOG_LEVEL=ERROR .venv/bin/python bench/analytics.py
    DATABASE_URL=postgres://postgres@127.0.0.1/hz_bench_analytics HUNTAZE_LOG_LEVEL=ERROR \\
        .venv/bin/python bench/analytics.py

The first run syncs a ``--size`` (default ``large``) account from the simulator, rate limiting off
(~5 min on SQLite, ~9 min on PostgreSQL); later runs with the same ``HUNTAZE_DATA_DIR`` or database
reuse it (``django_setup(flush=False)``). The account is set to Europe/Paris (a daylight-saving change
falls inside the 90-day window) and the GFE preset, and three chatters are credited with 3,000 of the
synced outgoing messages, as if sent through Huntaze, so the per-chatter figures have rows.

The simulated history ends on a fixed day, so the functions are timed on windows ending at the newest
synced row, and the page is served with the clock set there (a window ending today would be empty).
The page is timed cold (cache cleared before each request: the first view after a sync) and warm.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from unittest import mock

from _common import django_setup, synced_account

DAYS = (7, 30, 90)


def chatters_credit(account, *, messages: int = 3000) -> None:
    """Three chatters who sent ``messages`` of the synced outgoing messages through Huntaze."""
    from huntaze.accounts.services import membership_accounts_assign, membership_set, user_create
    from huntaze.inbox.models import Message, OutboundMessage

    if OutboundMessage.objects.filter(account=account).exists():
        return
    chatters = []
    for n in range(3):
        user = user_create(username=f"bench-chatter-{account.pk}-{n}", password="x" * 12)
        membership = membership_set(team=account.team, user=user, role="chatter")
        membership_accounts_assign(membership=membership, accounts=[account])
        chatters.append(user)
    sent = Message.objects.filter(account=account, direction="outgoing").order_by("-sent_at")[:messages]
    rows = []
    for i, message in enumerate(sent.select_related("fan")):
        outbound = OutboundMessage(
            account=account,
            chat_id=message.chat_id,
            fan=message.fan,
            text=message.text or "-",
            price_cents=message.price_cents,
            idempotency_key=f"bench-{message.pk}",
            approved_by=chatters[i % 3],
            approved_at=message.sent_at,
            approval_request_id="bench",
            status="sent",
            onlyfans_message_id=message.onlyfans_id,
            sent_at=message.sent_at,
        )
        outbound.approval_digest = outbound.content_digest()
        rows.append(outbound)
    OutboundMessage.objects.bulk_create(rows, batch_size=1000)


def timings(call: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Wall p50 and p95 and CPU p50 in ms over ``runs`` calls, after one warm-up.

    CPU time is this process's (Django, and SQLite, which runs in it; not PostgreSQL's server):
    on a busy machine it shows the cost apart from waiting for a core.
    """
    call()
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.quantiles(walls, n=20)[-1], statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    vendor = django_setup(flush=False)
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from huntaze.accounts.models import Membership
    from huntaze.analytics import selectors as s
    from huntaze.analytics.calibration import RULES, data_end
    from huntaze.analytics.services import calibration_refresh, chat_turns_refresh
    from huntaze.analytics.window import account_tz, window_ending

    settings.ALLOWED_HOSTS = ["testserver"]
    account = synced_account(args.size)
    account.timezone, account.preset_slug = "Europe/Paris", "gfe"
    account.save(update_fields=["timezone", "preset_slug", "updated_at"])
    chatters_credit(account)
    if vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does on a live server: visibility, stats
            for table in ("inbox_message", "earnings_earningsentry", "fans_fan", "inbox_outboundmessage"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    started = time.perf_counter()
    chat_turns_refresh(account=account)
    print(f"database={vendor} size={args.size} account={account.pk} runs={args.runs}")
    print(f"chat turns refresh (first: all chats; later: none new) {time.perf_counter() - started:.2f} s")
    until = data_end(account, now=timezone.now())
    tz = account_tz(account)

    print(f"\n{'function (ms)':<24}" + "".join(f"{f'{days} d p50':>10}{'p95':>7}{'CPU':>7}" for days in DAYS))
    functions: dict[str, Callable] = {
        "earnings_by_period": lambda w: s.earnings_by_period(account=account, window=w, tz=tz),
        "earnings_summary": lambda w: s.earnings_summary(account=account, window=w),
        "fan_revenue (ARPU)": lambda w: s.fan_revenue(account=account, window=w),
        "fan_lifetime_value": lambda w: s.fan_lifetime_value(account=account),
        "top_spenders": lambda w: s.top_spenders(account=account, window=w),
        "subscriber_flow": lambda w: s.subscriber_flow(account=account, window=w),
        "renew_on_rate": lambda w: s.renew_on_rate(account=account),
        "message_stats (PPV)": lambda w: s.message_stats(account=account, window=w),
        "response_times": lambda w: s.response_times(account=account, window=w),
        "chatter_performance": lambda w: s.chatter_performance(account=account, window=w),
        "activity_heatmap": lambda w: s.activity_heatmap(account=account, window=w, tz=tz),
        "kpi_status (all KPIs)": lambda w: s.kpi_status(account=account, window=w),
    }
    for name, function in functions.items():
        cells = []
        for days in DAYS:
            window = window_ending(days=days, until=until)
            p50, p95, cpu = timings(lambda function=function, window=window: function(window), args.runs)
            cells.append(f"{p50:>10.1f}{p95:>7.1f}{cpu:>7.1f}")
        print(f"{name:<24}" + "".join(cells))

    print(f"\n{'calibration rule (ms)':<24}{'p50':>10}{'p95':>7}{'CPU':>7}")
    for rule, function in RULES.items():
        p50, p95, cpu = timings(lambda function=function: function(account=account, until=until), args.runs)
        print(f"{rule.value:<24}{p50:>10.1f}{p95:>7.1f}{cpu:>7.1f}")
    p50, p95, cpu = timings(lambda: calibration_refresh(account=account), max(3, args.runs // 4))
    print(f"{'calibration_refresh':<24}{p50:>10.1f}{p95:>7.1f}{cpu:>7.1f}")

    owner = Membership.objects.filter(team_id=account.team_id, role="owner").first().user
    client = Client()
    client.force_login(owner)
    url = reverse("analytics:index")
    header = f"{'cold p50':>10}{'p95':>7}{'CPU':>7}{'warm p50':>10}{'p95':>7}{'CPU':>7}{'queries':>9}"
    print(f"\n{'page (ms)':<24}{header}")
    with mock.patch("django.utils.timezone.now", return_value=until):
        for days in DAYS:

            def get(days=days):
                response = client.get(url, {"days": days})
                assert response.status_code == 200, response.status_code

            def cold(get=get):
                cache.clear()
                get()

            cold_p50, cold_p95, cold_cpu = timings(cold, args.runs)
            warm_p50, warm_p95, warm_cpu = timings(get, args.runs)
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                get()
            print(
                f"{f'analytics ?days={days}':<24}{cold_p50:>10.1f}{cold_p95:>7.1f}{cold_cpu:>7.1f}"
                f"{warm_p50:>10.1f}{warm_p95:>7.1f}{warm_cpu:>7.1f}{len(queries):>9}"
            )


if __name__ == "__main__":
    main()
