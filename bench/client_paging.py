"""Page everything a full sync reads, with the connector alone: the sync benchmark's baseline.

    .venv/bin/python bench/client_paging.py [--size large] [--concurrency 4] [--messages-only]

Rate limiting off; the simulator runs in its own process. Reads the chats and every chat's
messages (``--concurrency`` chats at once, as the sync does), then subscribers, posts, vault
and the ledger. Prints items/s, messages/s and this process's CPU per request.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from _common import client_for

from huntaze.onlyfans import RateLimit
from huntaze.simulator.data import CREATOR_ID
from huntaze.simulator.server import SimulatorConfig, run_subprocess


async def page_everything(sim, concurrency: int, *, messages_only: bool) -> tuple[int, int, int]:
    """Returns (messages, other items, requests)."""
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
        others = len(chat_ids)
        if not messages_only:
            for pages in (
                client.iter_subscribers(limit=100),
                client.iter_posts(CREATOR_ID, limit=50),
                client.iter_vault_media(limit=100),
                client.iter_transactions(),
            ):
                async for page in pages:
                    others += len(page.items)
        return messages, others, client.requests_made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--messages-only", action="store_true", help="chats and messages only")
    args = parser.parse_args()
    with run_subprocess(SimulatorConfig(size=args.size)) as sim:
        wall, cpu = time.perf_counter(), time.process_time()
        messages, others, requests = asyncio.run(
            page_everything(sim, args.concurrency, messages_only=args.messages_only)
        )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"size={args.size} concurrency={args.concurrency} messages_only={args.messages_only}")
    print(f"messages={messages} other items={others} requests={requests}")
    print(f"wall={wall:.1f}s  messages/s={messages / wall:,.0f}  items/s={(messages + others) / wall:,.0f}")
    print(f"client CPU={cpu:.1f}s  CPU per request={1000 * cpu / requests:.2f} ms")


if __name__ == "__main__":
    main()
