"""Run a sync's database work on one thread while its HTTP work stays async.

The connector is async (many requests in flight when the rate budget allows); Django's ORM
is synchronous and must not run inside an event loop. Every ORM call of a sync goes through
one ``DatabaseThread``, which serialises the writes (SQLite has one writer anyway) and keeps
one connection, closed when the sync ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from django.db import connection

R = TypeVar("R")


class DatabaseThread:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="huntaze-sync-db")

    async def __call__(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> R:
        return await asyncio.get_running_loop().run_in_executor(self._pool, partial(fn, *args, **kwargs))

    def close(self) -> None:
        # ``connection`` resolves per thread: look it up inside the database thread.
        self._pool.submit(lambda: connection.close()).result()
        self._pool.shutdown(wait=True)

    def __enter__(self) -> DatabaseThread:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
