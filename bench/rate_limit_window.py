"""Politeness proof: with pacing on, no 10 s window of the access log exceeds the bucket.

    .venv/bin/python bench/rate_limit_window.py [--rate 1] [--burst 3] [--requests 60]

The connector makes ``--requests`` calls as fast as its token bucket allows (jitter on);
the simulator's access log gives every request's arrival time. The bucket allows at most
``burst + rate * 10`` requests in any 10 s window.
"""

from __future__ import annotations

import argparse
import asyncio

from _common import client_for

from huntaze.onlyfans import RateLimit
from huntaze.simulator.server import SimulatorConfig, run_subprocess

WINDOW = 10.0


async def hammer(sim, limit: RateLimit, requests: int) -> None:
    async with client_for(sim, limit) as client:
        await asyncio.gather(*(client.chats_page(offset=0, limit=10) for _ in range(requests)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=1.0)
    parser.add_argument("--burst", type=int, default=3)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    limit = RateLimit(rate=args.rate, burst=args.burst)
    with run_subprocess(SimulatorConfig(size="small")) as sim:
        asyncio.run(hammer(sim, limit, args.requests))
        log = [e for e in sim.control.access_log() if e["path"].startswith("/api2/v2/chats")]
        worst = sim.control.max_requests_in_window(WINDOW, path_prefix="/api2/v2/chats")
    times = [e["time"] for e in log]
    allowed = args.burst + args.rate * WINDOW
    span = max(times) - min(times)
    print(f"rate={args.rate}/s burst={args.burst} requests={len(times)} span={span:.1f}s")
    print(f"max requests in any {WINDOW:.0f}s window: {worst} (bucket allows {allowed:.0f})")
    print("OK" if worst <= allowed else "EXCEEDED")


if __name__ == "__main__":
    main()
