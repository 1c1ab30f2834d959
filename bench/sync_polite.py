"""Politeness floor: with pacing on, a sync takes about requests x interval, not less.

    .venv/bin/python bench/sync_polite.py [--size demo] [--rate 10] [--burst 3] [--jitter 0.3]

Runs an initial sync with the connector's token bucket at ``--rate`` requests/s and prints
the wall time next to the floor ``(requests - burst) / rate``; the target is within 10 %.
The simulator's access log gives the most requests seen in any 10 s window.
"""

from __future__ import annotations

import argparse

from _common import django_setup, simulated_account, timed_sync

WINDOW = 10.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="demo")
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--burst", type=int, default=3)
    parser.add_argument("--jitter", type=float, default=0.3)
    args = parser.parse_args()
    vendor = django_setup(rate_per_second=args.rate, burst=args.burst, jitter=args.jitter)
    with simulated_account(args.size) as (account, sim):
        run, wall, _ = timed_sync(account)
        worst = sim.control.max_requests_in_window(WINDOW)
    floor = max(0, run.requests_made - args.burst) / args.rate
    print(f"database={vendor} size={args.size} rate={args.rate}/s burst={args.burst} jitter={args.jitter}s")
    print(f"run={run.status} requests={run.requests_made} wall={wall:.1f}s floor={floor:.1f}s")
    print(f"wall / floor = {wall / floor:.3f} (target <= 1.10)")
    allowed = args.burst + args.rate * WINDOW
    print(f"max requests in any {WINDOW:.0f}s window: {worst} (bucket allows {allowed:.0f})")


if __name__ == "__main__":
    main()
