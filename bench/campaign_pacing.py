"""Campaign pacing: a campaign to N fans sends no faster than the account's rate budget.

    .venv/bin/python bench/campaign_pacing.py [--size small] [--recipients 60] [--rate 2] [--burst 3]
        [--jitter 0.3]

Syncs the simulator's chats, approves a campaign to ``--recipients`` fans (a scripted stand-in
for the human's request) and sends it with the connector's pacing at ``--rate`` requests/s. The
simulator enforces the same budget itself (429 above it), so the 429 count shows whether the
campaign ever went over. Prints the achieved send rate against the budget and the most sends
seen in any 10 s window against what the bucket allows.
"""

from __future__ import annotations

import argparse
import time

from _common import django_setup, simulated_account, timed_sync

WINDOW = 10.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="small")
    parser.add_argument("--recipients", type=int, default=60)
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--burst", type=int, default=3)
    parser.add_argument("--jitter", type=float, default=0.3)
    args = parser.parse_args()
    vendor = django_setup(rate_per_second=args.rate, burst=args.burst, jitter=args.jitter)

    from django.test import RequestFactory

    from huntaze.campaigns.selectors import campaign_progress
    from huntaze.campaigns.services import campaign_create, campaign_send
    from huntaze.fans.services import fan_tags_set
    from huntaze.inbox.models import Chat
    from huntaze.inbox.sending import campaign_approve
    from huntaze.segments.services import segment_create

    with simulated_account(args.size) as (account, sim):
        run, _wall, _cpu = timed_sync(account, streams=["chats"])
        owner = account.team.memberships.get(role="owner").user
        fan_ids = list(Chat.objects.filter(account=account).order_by("pk").values_list("fan_id", flat=True))
        fan_ids = fan_ids[: args.recipients]
        for fan_id in fan_ids:
            fan_tags_set(user=owner, fan_id=fan_id, tags=["bench"])
        segment = segment_create(
            user=owner,
            account_id=account.pk,
            name="Bench",
            definition={"rules": [{"kind": "tags", "match": "any", "tags": ["bench"]}]},
        )
        campaign = campaign_create(
            user=owner, account_id=account.pk, name="Bench", segment_id=segment.pk, text="Hi!", price_cents=0
        )
        request = RequestFactory().post("/bench")
        request.user, request.request_id = owner, "bench-campaign-pacing"
        campaign_approve(
            request=request, campaign_id=campaign.pk, approved=True, recipient_count_seen=len(fan_ids)
        )
        sim.control.rate_limit(args.rate, burst=args.burst)  # OnlyFans' side of the same budget
        log_start = len(sim.control.access_log())
        started = time.perf_counter()
        campaign_send(campaign_id=campaign.pk)
        wall = time.perf_counter() - started
        sends = [
            entry
            for entry in sim.control.access_log()[log_start:]
            if entry["method"] == "POST" and entry["path"].endswith("/messages")
        ]
        worst = sim.control.max_requests_in_window(WINDOW, path_prefix="/api2/v2/chats")
    progress = campaign_progress(campaign=campaign)
    limited = sum(1 for entry in sends if entry["status"] == 429)
    floor = max(0, len(fan_ids) - args.burst) / args.rate
    print(f"database={vendor} size={args.size} sync={run.status} recipients={len(fan_ids)}")
    print(f"budget: {args.rate}/s, burst {args.burst}, jitter up to {args.jitter}s per wait")
    print(f"sent={progress.sent} failed={progress.failed} in {wall:.1f}s (floor {floor:.1f}s)")
    print(f"achieved: {progress.sent / wall:.2f} sends/s against a budget of {args.rate}/s")
    print(f"429 answers: {limited}")
    allowed = args.burst + args.rate * WINDOW
    print(f"max sends in any {WINDOW:.0f}s window: {worst} (bucket allows {allowed:.0f})")


if __name__ == "__main__":
    main()
