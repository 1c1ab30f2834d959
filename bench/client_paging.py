"""Page every message of the simulator's ``large`` account with the connector alone.

    .venv/bin/python bench/client_paging.py [--size large] [--concurrency 4]

Rate limiting off; the simulator runs in its own process. Prints messages/s for the client
and the client's CPU time per request (this process only).
"""

from __future__ import annotations

import argparse
import asyncio
import time

from _common import client_for

from huntaze.onlyfans import RateLimit
from huntaze.simulator.server import SimulatorConfig, run_subprocess


async def page_everything(sim, concurrency: int) -> tuple[int, int, int]:
    async with client_for(sim, RateLimit.disabled()) as client:
        chat_ids: list[int] = []
        async for page in client.iter_chats(limit=100):
            chat_ids.extend(chat.with_user.id for chat in page.items)
        semaphore = asyncio.Semaphore(concurrency)
        messages = 0

        async def walk(user_id: int) -> None:
            nonlocal messages
            async with semaphore:
                async for page in client.iter_messages(user_id, limit=100):
                    messages += len(page.items)

        await asyncio.gather(*(walk(user_id) for user_id in chat_ids))
        return len(chat_ids), messages, client.requests_made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    with run_subprocess(SimulatorConfig(size=args.size)) as sim:
        wall, cpu = time.perf_counter(), time.process_time()
        chats, messages, requests = asyncio.run(page_everything(sim, args.concurrency))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"size={args.size} concurrency={args.concurrency}")
    print(f"chats={chats} messages={messages} requests={requests}")
    print(f"wall={wall:.1f}s  messages/s={messages / wall:,.0f}")
    print(f"client CPU={cpu:.1f}s  CPU per request={1000 * cpu / requests:.2f} ms")


if __name__ == "__main__":
    main()
